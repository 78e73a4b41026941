// Completion for .polysync.json documents: property names, values and whole skeletons, from the schema.
// Every item carries a textEdit that leaves well-formed JSON behind (quotes, colon, commas included).
import {
  type CompletionItem,
  CompletionItemKind,
  CompletionItemTag,
  type CompletionList,
  InsertTextFormat,
  MarkupKind,
  type Position,
  type TextEdit,
} from 'vscode-languageserver-types';
import {
  documentCompletionContext,
  isWordToken,
  type KeyContext,
  type ValueContext,
} from './context';
import type { KeyFit, KeyProviderContext, ProvidedKeys, ProvidedValue, ValueProvider, ValueProviderContext } from './providers';
import {
  isArraySchema,
  isDeprecatedValue,
  isDiscouragedValue,
  isObjectSchema,
  isSchedulePath,
  objectBranch,
  schemaAt,
  schemaBranches,
  typeLabel,
  withAnnotations,
} from '../schema/lookup';
import {
  bodySnippet,
  type ChoicesFor,
  escapeSnippet,
  objectSkeleton,
  snippetToText,
  TabStops,
  valueSnippet,
} from './snippets';
import { nestingLimitAt, type ParsedDocument } from '../document/document';
import { enumValueMarkdown, isOmittedValue, literalValueMarkdown, propertyMarkdown } from '../schema/docs';
import { bulkSyncSchema, type SchemaNode, typesOf } from '../schema/schema';

export interface CompleteOptions {
  /**
   * Where values and names from outside the schema come from (the schedule's words, the account's
   * ids), in rank order. Whoever builds the service hands them in; without them only the schema speaks.
   */
  valueProviders?: readonly ValueProvider[];
  /** False for clients that cannot expand snippets: items then insert plain text. Default true. */
  snippetSupport?: boolean;
}

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

/** Completion items at `position`: an empty list where nothing fits, whatever the text. */
export function complete(doc: ParsedDocument, position: Position, options: CompleteOptions = {}): CompletionList {
  // Text too deep to parse is not completed either: reading its context costs time per level.
  if (nestingLimitAt(doc) !== undefined) return EMPTY;
  const offset = doc.offsetAt(position);
  const context = documentCompletionContext(doc, offset);
  const providers = options.valueProviders ?? [];
  const builder = new ItemBuilder(doc, options.snippetSupport !== false, snippetChoices(providers));
  switch (context.kind) {
    case 'empty':
      return { isIncomplete: false, items: skeletonItems(builder, offset) };
    case 'key':
      return { isIncomplete: false, items: keyItems(builder, onCursorLine(doc, context, offset), doc, providers) };
    case 'value':
      return { isIncomplete: false, items: valueItems(builder, onCursorLine(doc, context, offset), doc, providers) };
    default:
      return EMPTY;
  }
}

/**
 * LSP wants a completion edit on the cursor's line: a string token continued onto the next line by a
 * backslash is replaced only on that line.
 */
function onCursorLine<T extends { replace: { offset: number; length: number } }>(doc: ParsedDocument, context: T, cursor: number): T {
  const { offset, length } = context.replace;
  const line = doc.positionAt(cursor).line;
  const start = Math.max(offset, doc.offsetAt({ line, character: 0 }));
  const end = Math.min(offset + length, doc.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }));
  if (start === offset && end === offset + length) return context;
  return { ...context, replace: { offset: start, length: Math.max(0, end - start) } };
}

interface ItemSpec {
  label: string;
  /** Snippet syntax; plain text when it has no tab stops. */
  snippet: string;
  filterText: string;
  kind: CompletionItemKind;
  sortText: string;
  detail?: string;
  documentation?: string;
  deprecated?: boolean;
}

/** The first provider's fixed choices for a string value named `key`, for snippets. */
function snippetChoices(providers: readonly ValueProvider[]): ChoicesFor {
  return (key) => {
    for (const provider of providers) {
      const choices = provider.snippetChoices?.(key);
      if (choices) return choices;
    }
    return undefined;
  };
}

/** Turns item specs into LSP items whose edits replace the right span and add the commas needed. */
class ItemBuilder {
  constructor(
    private readonly doc: ParsedDocument,
    private readonly snippets: boolean,
    /** Choices providers know for values the schema cannot enumerate (day names), for value snippets. */
    readonly choices: ChoicesFor,
  ) {}

  build(spec: ItemSpec, edits: { replace: { offset: number; length: number }; commaBefore?: number; commaAfter: boolean; spaceBefore?: boolean }): CompletionItem {
    // A comma due where the replaced text starts goes into the main edit: as a separate edit it would
    // touch the main one, which clients apply in different orders.
    const { offset, length } = edits.replace;
    const commaFirst = edits.commaBefore !== undefined && edits.commaBefore >= offset && edits.commaBefore <= offset + length;
    const full = `${commaFirst ? ',' : ''}${edits.spaceBefore ? ' ' : ''}${spec.snippet}${edits.commaAfter ? ',' : ''}`;
    const plain = snippetToText(full);
    const asSnippet = this.snippets && plain.hasTabStops;
    const textEdit: TextEdit = {
      range: this.doc.rangeOf(offset, length),
      newText: asSnippet ? full : plain.text,
    };
    const item: CompletionItem = {
      label: spec.label,
      kind: spec.kind,
      textEdit,
      insertTextFormat: asSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      filterText: spec.filterText,
      sortText: spec.sortText,
    };
    if (edits.commaBefore !== undefined && !commaFirst) {
      item.additionalTextEdits = [{ range: this.doc.rangeOf(edits.commaBefore, 0), newText: ',' }];
    }
    if (spec.detail) item.detail = spec.detail;
    if (spec.documentation) item.documentation = { kind: MarkupKind.Markdown, value: spec.documentation };
    if (spec.deprecated) item.tags = [CompletionItemTag.Deprecated];
    return item;
  }
}

const pad = (n: number) => String(n).padStart(3, '0');

// ---- empty document --------------------------------------------------------------------------------

function skeletonItems(builder: ItemBuilder, offset: number): CompletionItem[] {
  const edits = { replace: { offset, length: 0 }, commaAfter: false };
  const items: CompletionItem[] = [
    builder.build(
      {
        label: '{} bulk sync with every required field',
        snippet: objectSkeleton(bulkSyncSchema, new TabStops(), '', builder.choices),
        filterText: '{',
        kind: CompletionItemKind.Snippet,
        sortText: '0',
        detail: 'name, mode, connections, destination configuration and default schedule',
        documentation: 'A create-bulk-sync request with every required field as a tab stop.',
      },
      edits,
    ),
  ];
  (bulkSyncSchema.defaultSnippets ?? []).forEach((snippet, index) => {
    if (snippet.body === undefined) return;
    items.push(builder.build(defaultSnippetSpec(snippet, snippet.label ?? 'bulk sync', '{', `1${pad(index)}`), edits));
  });
  return items;
}

type DefaultSnippet = NonNullable<SchemaNode['defaultSnippets']>[number];

/** One of a schema's `defaultSnippets` as an item. */
function defaultSnippetSpec(snippet: DefaultSnippet, label: string, filterText: string, sortText: string): ItemSpec {
  return {
    label,
    snippet: bodySnippet(snippet.body),
    filterText,
    kind: CompletionItemKind.Snippet,
    sortText,
    detail: snippet.description,
    documentation: snippet.markdownDescription ?? snippet.description,
  };
}

// ---- property names ----------------------------------------------------------------------------------

function keyItems(builder: ItemBuilder, context: KeyContext, doc: ParsedDocument, providers: readonly ValueProvider[]): CompletionItem[] {
  const provided = providedKeyItems(builder, context, doc, providers);
  const object = objectBranch(schemaAt(context.objectPath));
  if (provided.onlyThese || !object?.properties) return provided.items;
  const offered = new Set(provided.items.map((item) => item.label));
  const isRoot = context.objectPath.length === 0;
  const required = new Set(object.required ?? []);
  // Names the API no longer or not yet accepts are never offered, even if a schema listed them.
  const refused = new Set<string>([
    ...(object['x-notAcceptedOnCreate'] ?? []),
    ...Object.keys(isRoot ? (bulkSyncSchema['x-removedProperties'] ?? {}) : {}),
  ]);
  const inSchedule = isSchedulePath(context.objectPath);
  const keyContext: KeyProviderContext = { doc, objectPath: context.objectPath, existingKeys: context.existingKeys, siblings: context.siblings };
  const bareWord = isWordToken(context.token);

  const items: CompletionItem[] = [];
  Object.entries(object.properties).forEach(([key, raw], index) => {
    if (context.existingKeys.has(key) || refused.has(key) || offered.has(key)) return;
    if (key === '$schema' && !isRoot) return;
    const schema = withAnnotations(raw);
    if (!schema || schema.deprecated || schema['x-writtenByPolysync']) return;
    const fit = keyFit(providers, keyContext, key);
    let rank = 2;
    if (required.has(key)) rank = 0;
    else if (fit === 'expected') rank = 1;
    else if (fit === 'unlikely' || schema['x-editorOnly']) rank = 3;
    const name = `"${escapeSnippet(key)}"`;
    const snippet = context.colonFollows ? name : `${name}: ${valueSnippet(schema, new TabStops(), { key, choices: builder.choices })}`;
    const detailParts = [typeLabel(schema)];
    if (required.has(key)) detailParts.push('required');
    if (schema['x-editorOnly']) detailParts.push('editor-only, never sent');
    items.push(
      builder.build(
        {
          label: key,
          snippet,
          filterText: bareWord ? key : JSON.stringify(key),
          kind: CompletionItemKind.Property,
          sortText: `${rank}${pad(index)}`,
          detail: detailParts.join(' · '),
          documentation: propertyMarkdown(key, schema, { required: required.has(key), inSchedule }),
        },
        context,
      ),
    );
  });
  return [...provided.items, ...items];
}

/** The first provider's view of how `key` fits the object, if any provider has one. */
function keyFit(providers: readonly ValueProvider[], context: KeyProviderContext, key: string): KeyFit | undefined {
  for (const provider of providers) {
    const fit = provider.keyFit?.(context, key);
    if (fit) return fit;
  }
  return undefined;
}

/** Names from providers (the account's destination settings), before the schema's. */
function providedKeyItems(builder: ItemBuilder, context: KeyContext, doc: ParsedDocument, providers: readonly ValueProvider[]): { items: CompletionItem[]; onlyThese: boolean } {
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  let onlyThese = false;
  const bareWord = isWordToken(context.token);
  providers.forEach((provider, providerIndex) => {
    const answer: ProvidedKeys | undefined = provider.keys?.({ doc, objectPath: context.objectPath, existingKeys: context.existingKeys, siblings: context.siblings });
    if (!answer) return;
    onlyThese ||= answer.onlyThese === true;
    answer.keys.forEach((provided, index) => {
      if (seen.has(provided.key) || context.existingKeys.has(provided.key)) return;
      seen.add(provided.key);
      const name = `"${escapeSnippet(provided.key)}"`;
      items.push(
        builder.build(
          {
            label: provided.key,
            snippet: context.colonFollows ? name : `${name}: ${provided.valueSnippet}`,
            filterText: bareWord ? provided.key : JSON.stringify(provided.key),
            kind: CompletionItemKind.Property,
            sortText: `${provided.required ? 0 : 1}${pad(providerIndex)}${pad(index)}`,
            detail: provided.detail,
            documentation: provided.documentation,
          },
          context,
        ),
      );
    });
  });
  return { items, onlyThese };
}

// ---- values ------------------------------------------------------------------------------------------

/** What every kind of value item needs to know about the place being completed. */
interface ValueSite {
  readonly context: ValueContext;
  /** The schema at the path, all its branches. */
  readonly schema: SchemaNode | undefined;
  /** The property whose value this is (for an array item: the nearest property above), for documentation. */
  readonly property: string | undefined;
  /** True when a bare word is typed: the editor then filters by the word, not the JSON text. */
  readonly bareWord: boolean;
  readonly providers: readonly ValueProvider[];
  readonly providerContext: ValueProviderContext;
}

function valueItems(builder: ItemBuilder, context: ValueContext, doc: ParsedDocument, providers: readonly ValueProvider[]): CompletionItem[] {
  const site = valueSite(context, doc, providers);
  const provided = providedValueSpecs(site);
  const specs = [...provided.specs];
  for (const branch of schemaBranches(site.schema)) {
    if (!branch.enum) specs.push(...branchValueSpecs(site, branch));
    else if (!provided.onlyThese) specs.push(...enumSpecs(site, branch));
  }
  return firstOfEachLabel(specs).map((spec) => builder.build(spec, context));
}

function valueSite(context: ValueContext, doc: ParsedDocument, providers: readonly ValueProvider[]): ValueSite {
  const schema = schemaAt(context.path);
  const typed = context.token?.value ?? '';
  return {
    context,
    schema,
    property: [...context.path].reverse().find((s): s is string => typeof s === 'string'),
    bareWord: isWordToken(context.token),
    providers,
    providerContext: { doc, path: context.path, schema, typed, siblings: context.siblings },
  };
}

/** The same label offered twice (a provider's value that the schema lists too) keeps its first item. */
function firstOfEachLabel(specs: readonly ItemSpec[]): ItemSpec[] {
  const seen = new Set<string>();
  return specs.filter((spec) => {
    if (seen.has(spec.label)) return false;
    seen.add(spec.label);
    return true;
  });
}

function filterText(site: ValueSite, json: string, value: unknown): string {
  return site.bareWord && typeof value === 'string' ? value : json;
}

/** A non-enum branch's items, by the types it takes. */
function branchValueSpecs(site: ValueSite, branch: SchemaNode): ItemSpec[] {
  const types = typesOf(branch);
  const specs: ItemSpec[] = [];
  if (types.includes('string')) specs.push(...exampleSpecs(site, branch), ...emptyStringSpecs(site, branch));
  if (types.includes('boolean')) specs.push(...booleanSpecs(site));
  if (isObjectSchema(branch)) specs.push(...objectSpecs(objectBranch(branch) ?? branch, snippetChoices(site.providers)));
  if (isArraySchema(branch)) specs.push(arraySpec(branch));
  if (types.includes('null')) specs.push(nullSpec(site));
  return specs;
}

/**
 * Values from providers, before the schema's: ranked in provider order unless a value asks to rank
 * as one of the allowed values (`choice`) or before everything (`top`).
 */
function providedValueSpecs(site: ValueSite): { specs: ItemSpec[]; onlyThese: boolean } {
  const specs: ItemSpec[] = [];
  let onlyThese = false;
  let choiceIndex = 0;
  site.providers.forEach((provider, providerIndex) => {
    const values = provider.values(site.providerContext) ?? [];
    if (values.length && provider.onlyThese?.(site.providerContext)) onlyThese = true;
    values.forEach((provided, index) => {
      const sortText = provided.rank === 'top' ? '0' : provided.rank === 'choice' ? `1${pad(choiceIndex++)}` : `0${pad(providerIndex)}${pad(index)}`;
      specs.push(providedValueSpec(site, provided, sortText));
    });
  });
  return { specs, onlyThese };
}

function providedValueSpec(site: ValueSite, provided: ProvidedValue, sortText: string): ItemSpec {
  const json = JSON.stringify(provided.value);
  return {
    label: provided.label ?? (typeof provided.value === 'string' ? provided.value : json),
    snippet: escapeSnippet(json),
    filterText: provided.filterText !== undefined ? filterText(site, JSON.stringify(provided.filterText), provided.filterText) : filterText(site, json, provided.value),
    kind: provided.rank === 'choice' ? CompletionItemKind.EnumMember : CompletionItemKind.Value,
    sortText,
    detail: provided.detail,
    documentation: provided.documentation,
  };
}

/** An enum's values; the deprecated, model-sync and provider-discouraged ones last. */
function enumSpecs(site: ValueSite, branch: SchemaNode): ItemSpec[] {
  return (branch.enum ?? []).map((value, index) => {
    const json = JSON.stringify(value);
    const deprecated = isDeprecatedValue(branch, value);
    const discouraged = isDiscouragedValue(branch, value) || site.providers.some((provider) => provider.discourages?.(site.providerContext, value));
    const omitted = isOmittedValue(site.schema, value);
    return {
      label: typeof value === 'string' ? value : json,
      snippet: escapeSnippet(json),
      filterText: filterText(site, json, value),
      kind: CompletionItemKind.EnumMember,
      sortText: `${discouraged ? 3 : 1}${pad(index)}`,
      detail: omitted ? 'default when omitted' : deprecated ? 'deprecated' : discouraged ? 'not for bulk syncs' : undefined,
      documentation: enumValueMarkdown(site.property, branch, value, site.schema),
      deprecated,
    };
  });
}

/** The schema's string examples, unless a provider's values stand in for them. */
function exampleSpecs(site: ValueSite, branch: SchemaNode): ItemSpec[] {
  if (site.providers.some((provider) => provider.replacesExamples?.(site.providerContext))) return [];
  const examples = Array.isArray(branch.examples) ? (branch.examples as unknown[]) : [];
  return examples.flatMap((example, index) => {
    if (typeof example !== 'string') return [];
    const json = JSON.stringify(example);
    return [
      {
        label: example,
        snippet: escapeSnippet(json),
        filterText: filterText(site, json, example),
        kind: CompletionItemKind.Value,
        sortText: `2${pad(index)}`,
        detail: 'example',
        documentation: branch.markdownDescription ?? branch.description,
      },
    ];
  });
}

/** `""` with the cursor inside, where nothing is typed yet. */
function emptyStringSpecs(site: ValueSite, branch: SchemaNode): ItemSpec[] {
  if (site.context.token) return [];
  return [literalSpec('""', '"$1"', '4', typeLabel(branch), branch.markdownDescription ?? branch.description)];
}

function booleanSpecs(site: ValueSite): ItemSpec[] {
  return [true, false].map((value) =>
    literalSpec(String(value), String(value), `1${value ? 0 : 1}`, isOmittedValue(site.schema, value) ? 'default when omitted' : undefined, literalValueMarkdown(site.property, site.schema, value)),
  );
}

/** A new object with its required fields, then the object's named snippets. */
function objectSpecs(object: SchemaNode, choices: ChoicesFor): ItemSpec[] {
  const skeleton: ItemSpec = {
    label: '{}',
    snippet: objectSkeleton(object, new TabStops(), '', choices),
    filterText: '{}',
    kind: CompletionItemKind.Struct,
    sortText: '2',
    detail: object.required?.length ? `new object with ${object.required.join(', ')}` : 'new object',
    documentation: object.markdownDescription ?? object.description,
  };
  const snippets = (object.defaultSnippets ?? []).flatMap((snippet, index) =>
    snippet.body === undefined || !snippet.label ? [] : [defaultSnippetSpec(snippet, snippet.label, '{}', `3${pad(index)}`)],
  );
  return [skeleton, ...snippets];
}

function arraySpec(branch: SchemaNode): ItemSpec {
  return literalSpec('[]', '[$1]', '2', typeLabel(branch), branch.markdownDescription ?? branch.description);
}

function nullSpec(site: ValueSite): ItemSpec {
  return literalSpec('null', 'null', '5', undefined, literalValueMarkdown(site.property, site.schema, null));
}

/** A literal typed as it reads (`""`, `true`, `[]`, `null`): the editor filters by the label. */
function literalSpec(label: string, snippet: string, sortText: string, detail: string | undefined, documentation: string | undefined): ItemSpec {
  return { label, snippet, filterText: label, kind: CompletionItemKind.Value, sortText, detail, documentation };
}
