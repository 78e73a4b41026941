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
import {
  frequencyFields,
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
  escapeSnippet,
  objectSkeleton,
  snippetToText,
  TabStops,
  valueSnippet,
  WEEK_DAYS,
} from './snippets';
import { type JsonPath, nestingLimitAt, type ParsedDocument } from '../document/document';
import { enumValueMarkdown, isOmittedValue, literalValueMarkdown, propertyMarkdown, SCHEDULE_TIME_FIELDS } from '../schema/docs';
import { bulkSyncSchema, type SchemaNode, typesOf } from '../schema/schema';

/** A value a provider knows for a path, such as a connection id with its name. */
export interface ProvidedValue {
  value: string | number | boolean | null;
  /** Shown instead of the value, e.g. the connection's name. */
  label?: string;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** What the editor filters by instead of the value, e.g. the connection's name and id. */
  filterText?: string;
}

export interface ValueProviderContext {
  readonly doc: ParsedDocument;
  /** Path of the value being completed, e.g. `["source_connection_id"]` or `["schemas", 0, "id"]`. */
  readonly path: JsonPath;
  /** The schema of that value, when the schema describes it. */
  readonly schema: SchemaNode | undefined;
  /** What is typed so far, without quotes. */
  readonly typed: string;
}

/**
 * Adds values for some paths from outside the schema (for example connection ids from the account).
 * Completion is synchronous: a provider backed by the network answers from what it already has and
 * refreshes in the background; it must not block or throw (a throwing provider is skipped).
 */
export interface ValueProvider {
  readonly name: string;
  values(context: ValueProviderContext): readonly ProvidedValue[] | undefined;
  /** True when the provider's values are the only ones allowed here: the schema's other enum values are left out. */
  onlyThese?(context: ValueProviderContext): boolean;
  /** Property names for an object whose names the schema cannot know (e.g. `destination_configuration`). */
  keys?(context: KeyProviderContext): ProvidedKeys | undefined;
}

export interface KeyProviderContext {
  readonly doc: ParsedDocument;
  /** Path of the object whose property name is being completed. */
  readonly objectPath: JsonPath;
  readonly existingKeys: ReadonlySet<string>;
}

export interface ProvidedKey {
  key: string;
  /** Snippet syntax for the value inserted after the name, e.g. `"$1"` or `\${1:false}`. */
  valueSnippet: string;
  required?: boolean;
  detail?: string;
  /** Markdown. */
  documentation?: string;
}

export interface ProvidedKeys {
  keys: readonly ProvidedKey[];
  /** True when these are all the names the object takes: the schema's own names are left out. */
  onlyThese?: boolean;
}

export interface CompleteOptions {
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
  const builder = new ItemBuilder(doc, options.snippetSupport !== false);
  switch (context.kind) {
    case 'empty':
      return { isIncomplete: false, items: skeletonItems(builder, offset) };
    case 'key':
      return { isIncomplete: false, items: keyItems(builder, onCursorLine(doc, context, offset), doc, options.valueProviders ?? []) };
    case 'value':
      return { isIncomplete: false, items: valueItems(builder, onCursorLine(doc, context, offset), doc, options.valueProviders ?? []) };
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

/** Turns item specs into LSP items whose edits replace the right span and add the commas needed. */
class ItemBuilder {
  constructor(
    private readonly doc: ParsedDocument,
    private readonly snippets: boolean,
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
        snippet: objectSkeleton(bulkSyncSchema, new TabStops()),
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
    items.push(
      builder.build(
        {
          label: snippet.label ?? 'bulk sync',
          snippet: bodySnippet(snippet.body),
          filterText: '{',
          kind: CompletionItemKind.Snippet,
          sortText: `1${pad(index)}`,
          detail: snippet.description,
          documentation: snippet.markdownDescription ?? snippet.description,
        },
        edits,
      ),
    );
  });
  return items;
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
  const frequency = inSchedule ? context.siblings.get('frequency')?.value : undefined;
  const used = frequency !== undefined ? frequencyFields()[frequency] : undefined;
  const bareWord = isWordToken(context.token);

  const items: CompletionItem[] = [];
  Object.entries(object.properties).forEach(([key, raw], index) => {
    if (context.existingKeys.has(key) || refused.has(key) || offered.has(key)) return;
    if (key === '$schema' && !isRoot) return;
    const schema = withAnnotations(raw);
    if (!schema || schema.deprecated || schema['x-writtenByPolysync']) return;
    let rank = 2;
    if (required.has(key)) rank = 0;
    else if (used && SCHEDULE_TIME_FIELDS.has(key)) rank = used.includes(key) ? 1 : 3;
    else if (schema['x-editorOnly'] || (inSchedule && key === 'id')) rank = 3;
    const name = `"${escapeSnippet(key)}"`;
    const snippet = context.colonFollows ? name : `${name}: ${valueSnippet(schema, new TabStops(), { key })}`;
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

/** Names from providers (the account's destination settings), before the schema's. */
function providedKeyItems(builder: ItemBuilder, context: KeyContext, doc: ParsedDocument, providers: readonly ValueProvider[]): { items: CompletionItem[]; onlyThese: boolean } {
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  let onlyThese = false;
  const bareWord = isWordToken(context.token);
  providers.forEach((provider, providerIndex) => {
    const answer: ProvidedKeys | undefined = provider.keys?.({ doc, objectPath: context.objectPath, existingKeys: context.existingKeys });
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

const CRON_WORDS: Record<string, string> = {
  minute: 'every minute',
  hour: 'every hour',
  day_of_month: 'every day of the month',
  month: 'every month',
  day_of_week: 'every day of the week',
};

function valueItems(builder: ItemBuilder, context: ValueContext, doc: ParsedDocument, providers: readonly ValueProvider[]): CompletionItem[] {
  const schema = schemaAt(context.path);
  const last = context.path[context.path.length - 1];
  const key = typeof last === 'string' ? last : undefined;
  const owner = [...context.path].reverse().find((s): s is string => typeof s === 'string');
  const bareWord = isWordToken(context.token);
  const typed = context.token?.value ?? '';
  const specs: ItemSpec[] = [];
  const seen = new Set<string>();
  const add = (spec: ItemSpec) => {
    if (seen.has(spec.label)) return;
    seen.add(spec.label);
    specs.push(spec);
  };
  const filterFor = (json: string, value: unknown) => (bareWord && typeof value === 'string' ? value : json);
  let onlyProvided = false;

  providers.forEach((provider, providerIndex) => {
    const providerContext: ValueProviderContext = { doc, path: context.path, schema, typed };
    const values: readonly ProvidedValue[] | undefined = provider.values(providerContext);
    if (values?.length && provider.onlyThese?.(providerContext)) onlyProvided = true;
    (values ?? []).forEach((provided, index) => {
      const json = JSON.stringify(provided.value);
      add({
        label: provided.label ?? (typeof provided.value === 'string' ? provided.value : json),
        snippet: escapeSnippet(json),
        filterText: provided.filterText !== undefined ? filterFor(JSON.stringify(provided.filterText), provided.filterText) : filterFor(json, provided.value),
        kind: CompletionItemKind.Value,
        sortText: `0${pad(providerIndex)}${pad(index)}`,
        detail: provided.detail,
        documentation: provided.documentation,
      });
    });
  });

  const inSchedule = context.path.length >= 2 && isSchedulePath(context.path.slice(0, -1));
  const frequency = inSchedule ? context.siblings.get('frequency')?.value : undefined;

  for (const branch of schemaBranches(schema)) {
    const types = typesOf(branch);
    if (branch.enum && onlyProvided) continue;
    if (branch.enum) {
      const table = key === 'frequency' ? frequencyFields() : undefined;
      branch.enum.forEach((value, index) => {
        const json = JSON.stringify(value);
        const discouraged = isDiscouragedValue(branch, value) || (table !== undefined && typeof value === 'string' && !(value in table));
        const omitted = isOmittedValue(schema, value);
        add({
          label: typeof value === 'string' ? value : json,
          snippet: escapeSnippet(json),
          filterText: filterFor(json, value),
          kind: CompletionItemKind.EnumMember,
          sortText: `${discouraged ? 3 : 1}${pad(index)}`,
          detail: omitted ? 'default when omitted' : isDeprecatedValue(branch, value) ? 'deprecated' : discouraged ? 'not for bulk syncs' : undefined,
          documentation: enumValueMarkdown(key ?? owner, branch, value, schema),
          deprecated: isDeprecatedValue(branch, value),
        });
      });
      continue;
    }
    if (types.includes('string')) {
      if (key === 'day_of_week') {
        WEEK_DAYS.forEach((day, index) => {
          const json = JSON.stringify(day);
          add({
            label: day,
            snippet: json,
            filterText: filterFor(json, day),
            kind: CompletionItemKind.EnumMember,
            sortText: `1${pad(index)}`,
            documentation: `Runs on ${day[0].toUpperCase()}${day.slice(1)}s (times are UTC). Numbers \`"0"\` (Sunday) to \`"6"\` (Saturday) are also accepted.`,
          });
        });
      }
      if (frequency === 'custom' && key && CRON_WORDS[key]) {
        add({
          label: '*',
          snippet: '"*"',
          filterText: filterFor('"*"', '*'),
          kind: CompletionItemKind.Value,
          sortText: '0',
          detail: CRON_WORDS[key],
          documentation: `\`*\` means ${CRON_WORDS[key]}. Custom schedules also take cron-style steps (\`*/15\`), ranges (\`1-5\`) and lists (\`1,15\`). Times are UTC.`,
        });
      }
      const examples = Array.isArray(branch.examples) ? (branch.examples as unknown[]) : [];
      if (key !== 'day_of_week') {
        examples.forEach((example, index) => {
          if (typeof example !== 'string') return;
          const json = JSON.stringify(example);
          add({
            label: example,
            snippet: escapeSnippet(json),
            filterText: filterFor(json, example),
            kind: CompletionItemKind.Value,
            sortText: `2${pad(index)}`,
            detail: 'example',
            documentation: branch.markdownDescription ?? branch.description,
          });
        });
      }
      if (!context.token) {
        add({
          label: '""',
          snippet: '"$1"',
          filterText: '""',
          kind: CompletionItemKind.Value,
          sortText: '4',
          detail: typeLabel(branch),
          documentation: branch.markdownDescription ?? branch.description,
        });
      }
    }
    if (types.includes('boolean')) {
      for (const value of [true, false]) {
        const omitted = isOmittedValue(schema, value);
        add({
          label: String(value),
          snippet: String(value),
          filterText: String(value),
          kind: CompletionItemKind.Value,
          sortText: `1${value ? 0 : 1}`,
          detail: omitted ? 'default when omitted' : undefined,
          documentation: literalValueMarkdown(key ?? owner, schema, value),
        });
      }
    }
    if (isObjectSchema(branch)) {
      const object = objectBranch(branch) ?? branch;
      add({
        label: '{}',
        snippet: objectSkeleton(object, new TabStops()),
        filterText: '{}',
        kind: CompletionItemKind.Struct,
        sortText: '2',
        detail: object.required?.length ? `new object with ${object.required.join(', ')}` : 'new object',
        documentation: object.markdownDescription ?? object.description,
      });
      (object.defaultSnippets ?? []).forEach((snippet, index) => {
        if (snippet.body === undefined || !snippet.label) return;
        add({
          label: snippet.label,
          snippet: bodySnippet(snippet.body),
          filterText: '{}',
          kind: CompletionItemKind.Snippet,
          sortText: `3${pad(index)}`,
          detail: snippet.description,
          documentation: snippet.markdownDescription ?? snippet.description,
        });
      });
    }
    if (isArraySchema(branch)) {
      add({
        label: '[]',
        snippet: '[$1]',
        filterText: '[]',
        kind: CompletionItemKind.Value,
        sortText: '2',
        detail: typeLabel(branch),
        documentation: branch.markdownDescription ?? branch.description,
      });
    }
    if (types.includes('null')) {
      add({
        label: 'null',
        snippet: 'null',
        filterText: 'null',
        kind: CompletionItemKind.Value,
        sortText: '5',
        documentation: literalValueMarkdown(key ?? owner, schema, null),
      });
    }
  }
  return specs.map((spec) => builder.build(spec, context));
}
