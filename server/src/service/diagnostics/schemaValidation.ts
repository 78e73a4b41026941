// Checks a parsed document against the JSON Schema, reporting each problem on the smallest token.
import { type FixData, type RelatedPlace, type Reporter, showValue } from './reporter';
import { type JsonNode, objectAnchor, type ParsedDocument, pathOf } from '../document/document';
import { latestEdit, unchangedSince } from '../document/treeEdit';
import type { CodeName } from './codes';
import { appendAt, type Finding, relativeTo, reportFindings } from './findings';
import { reuseCounts } from './incremental';
import { isDateTime, isUuid } from '../schema/formats';
import {
  branchesOf,
  bulkSyncSchema,
  describeTypes,
  type JsonType,
  jsonTypeOf,
  type SchemaNode,
  typesOf,
} from '../schema/schema';
import { listValues, nearest, nearestKey } from '../schema/nearest';
import { assertSupportedSchema } from './schemaKeywords';

export interface SchemaValidationOptions {
  isCancelled?: () => boolean;
  /**
   * Keep what was found inside large array items (and large arrays) and report it again, without
   * walking them, while an edit leaves them unchanged. Only for trees a later version reuses.
   */
  reuse?: boolean;
}

let schemaChecked = false;

export function validateAgainstSchema(root: JsonNode, reporter: Reporter, options: SchemaValidationOptions = {}): void {
  if (!schemaChecked) {
    // A keyword the walk does not implement would pass documents it should reject: refuse to run.
    assertSupportedSchema(bulkSyncSchema);
    schemaChecked = true;
  }
  const walker = new Walker(reporter.doc, options.isCancelled ?? (() => false), options.reuse === true);
  walker.validate(root, compile(bulkSyncSchema));
  reportFindings(walker.found, reporter);
}

// What the walk found inside a node, kept per node (and the schema it was checked against) for nodes
// worth it: containers of at least KEEP_FROM characters that are array items or arrays (the root
// aside). What is found inside those depends only on their own content and path: an object held by a
// property is left out because a missing property in it is reported on that property's key, outside
// the object.
const KEEP_FROM = 256;

interface Kept {
  readonly compiled: Compiled;
  /** The edit (treeEdit.ts) the node had seen when it was walked. */
  readonly edit: number;
  /** Relative to the node's offset. */
  readonly findings: readonly Finding[];
}

const kept = new WeakMap<JsonNode, Kept>();

function worthKeeping(node: JsonNode): boolean {
  // Not the root: every edit changes it, so what was kept for it would never be reported again.
  const parent = node.parent;
  return node.length >= KEEP_FROM && parent !== undefined && (node.type === 'array' || (node.type === 'object' && parent.type !== 'property'));
}

function label(node: JsonNode): string {
  const path = pathOf(node);
  const last = path[path.length - 1];
  if (last === undefined) return 'The document';
  if (typeof last === 'number') {
    const parentKey = [...path].reverse().find((s) => typeof s === 'string');
    return `\`${String(parentKey ?? '')}[${last}]\``;
  }
  return `\`${last}\``;
}

const enum TypeBit {
  String = 1,
  Number = 2,
  Integer = 4,
  Boolean = 8,
  Object = 16,
  Array = 32,
  Null = 64,
  Any = 127,
}

const typeBits: Record<string, number> = {
  string: TypeBit.String,
  number: TypeBit.Number,
  integer: TypeBit.Integer,
  boolean: TypeBit.Boolean,
  object: TypeBit.Object,
  array: TypeBit.Array,
  null: TypeBit.Null,
};

const EMPTY_OBJECT: Readonly<Record<string, never>> = Object.freeze({});
const EMPTY_LIST: readonly never[] = Object.freeze([]);

/**
 * One branch of a schema, with everything the walk asks of it worked out once: which JSON types it
 * accepts (as bits), its enum as a set, the keywords it checks, and its `items` and property schemas
 * compiled on first use. The schema is static, so this happens once per process, not once per node;
 * and reading plain fields of one object shape is much cheaper than probing differently shaped schema
 * objects for keywords they mostly do not have.
 */
interface Branch {
  readonly schema: SchemaNode;
  /** acceptsType(schema, t) for every t, as bits (integers are numbers). */
  readonly accepts: number;
  readonly enumValues: ReadonlySet<unknown> | undefined;
  /** Whether a string can fail anything here (enum, uuid or date-time format, length, pattern). */
  readonly checksStrings: boolean;
  /** Whether a number can fail anything here (enum, minimum, maximum). */
  readonly checksNumbers: boolean;
  readonly properties: Record<string, SchemaNode>;
  readonly removed: Record<string, unknown>;
  readonly notAccepted: readonly string[];
  readonly required: readonly string[];
  items: Compiled | undefined | null;
  /** Compiled declared-property schemas by key; null marks a key the schema does not declare. */
  readonly declared: Map<string, Compiled | null>;
}

interface Compiled {
  /** branchesOf(schema): a union's branches, or the resolved schema alone. */
  readonly branches: readonly Branch[];
}

const compiledSchemas = new WeakMap<object, Compiled>();
const branchesBySchema = new WeakMap<object, Branch>();

function compile(schemaRef: SchemaNode): Compiled {
  let compiled = compiledSchemas.get(schemaRef);
  if (!compiled) {
    compiled = { branches: branchesOf(schemaRef).map(branchOf) };
    compiledSchemas.set(schemaRef, compiled);
  }
  return compiled;
}

function branchOf(schema: SchemaNode): Branch {
  let branch = branchesBySchema.get(schema);
  if (!branch) {
    const types = typesOf(schema);
    let accepts = types.length === 0 ? TypeBit.Any : 0;
    for (const t of types) accepts |= typeBits[t] ?? 0;
    if (accepts & TypeBit.Number) accepts |= TypeBit.Integer;
    branch = {
      schema,
      accepts,
      enumValues: schema.enum ? new Set(schema.enum) : undefined,
      checksStrings:
        Boolean(schema.enum) ||
        schema.format === 'uuid' ||
        schema.format === 'date-time' ||
        schema.minLength !== undefined ||
        schema.maxLength !== undefined ||
        schema.pattern !== undefined,
      checksNumbers: Boolean(schema.enum) || schema.minimum !== undefined || schema.maximum !== undefined,
      properties: schema.properties ?? EMPTY_OBJECT,
      // Removed and draft-only names have rules of their own, with better explanations and fixes.
      removed: schema['x-draftProperties']
        ? { ...schema['x-removedProperties'], ...schema['x-draftProperties'] }
        : (schema['x-removedProperties'] ?? EMPTY_OBJECT),
      notAccepted: schema['x-notAcceptedOnCreate'] ?? EMPTY_LIST,
      required: schema.required ?? EMPTY_LIST,
      items: null,
      declared: new Map(),
    };
    branchesBySchema.set(schema, branch);
  }
  return branch;
}

function itemsOf(branch: Branch): Compiled | undefined {
  if (branch.items === null) branch.items = branch.schema.items ? compile(branch.schema.items) : undefined;
  return branch.items;
}

// Documents bring arbitrary keys; past this many distinct ones they are looked up without caching.
const DECLARED_CACHE_LIMIT = 512;

/** The compiled schema of property `key` when the branch declares it (as `properties[key]` finds it). */
function declaredOf(branch: Branch, key: string): Compiled | null {
  let compiled = branch.declared.get(key);
  if (compiled === undefined) {
    // Own properties only: a document key such as `constructor` must not find Object.prototype members.
    const declared = Object.hasOwn(branch.properties, key) ? branch.properties[key] : undefined;
    compiled = declared ? compile(declared) : null;
    if (branch.declared.size < DECLARED_CACHE_LIMIT) branch.declared.set(key, compiled);
  }
  return compiled;
}

function unionTypes(branches: readonly Branch[]): JsonType[] {
  const all = new Set<JsonType>();
  for (const b of branches) for (const t of typesOf(b.schema)) all.add(t);
  return [...all];
}

// Objects up to this many properties find duplicates by scanning back, which beats building a Map.
const SMALL_OBJECT = 16;

/** The first property of `children` before index `i` with this key, which every later duplicate names (as the Map of keys holds). */
function earlierKey(children: readonly JsonNode[], i: number, key: string): JsonNode | undefined {
  for (let j = 0; j < i; j++) {
    const keyNode = children[j].children?.[0];
    if (keyNode && keyNode.value === key) return keyNode;
  }
  return undefined;
}

class Walker {
  private steps = 0;
  readonly found: Finding[] = [];
  private readonly edit = latestEdit();
  constructor(
    private readonly doc: ParsedDocument,
    private readonly isCancelled: () => boolean,
    private readonly reuse: boolean,
  ) {}

  private add(name: CodeName, node: { offset: number; length: number }, message: string, data?: FixData, related?: RelatedPlace[]): void {
    const finding: { -readonly [K in keyof Finding]: Finding[K] } = { name, offset: node.offset, length: node.length, message };
    if (data) finding.data = data;
    if (related) finding.related = related.map((r) => ({ node: { offset: r.node.offset, length: r.node.length }, message: r.message }));
    this.found.push(finding);
  }

  validate(node: JsonNode, compiled: Compiled): void {
    if (this.reuse && worthKeeping(node)) {
      const before = kept.get(node);
      if (before && before.compiled === compiled && unchangedSince(node, before.edit)) {
        appendAt(before.findings, node.offset, this.found);
        reuseCounts.schemaWalk++;
        return;
      }
      const from = this.found.length;
      this.check(node, compiled);
      // Only a completed walk is kept: a cancelled one throws past this line.
      kept.set(node, { compiled, edit: this.edit, findings: relativeTo(this.found, from, node.offset) });
      return;
    }
    this.check(node, compiled);
  }

  private check(node: JsonNode, compiled: Compiled): void {
    // Cancellation is checked every few thousand nodes: cheap, yet responsive on megabyte documents.
    if ((++this.steps & 4095) === 0 && this.isCancelled()) throw new CancelledValidation();
    const branches = compiled.branches;
    if (branches.length === 0) return;
    const nodeType = node.type;
    let bit: number;
    switch (nodeType) {
      case 'string':
        bit = TypeBit.String;
        break;
      case 'object':
        bit = TypeBit.Object;
        break;
      case 'array':
        bit = TypeBit.Array;
        break;
      case 'number':
        bit = Number.isInteger(node.value) ? TypeBit.Integer : TypeBit.Number;
        break;
      case 'boolean':
        bit = TypeBit.Boolean;
        break;
      default:
        bit = nodeType === 'null' ? TypeBit.Null : 0;
    }
    let branch = branches[0];
    if (branches.length > 1) {
      let matching: Branch | undefined;
      for (let i = 0; i < branches.length; i++) {
        if (branches[i].accepts & bit) {
          matching = branches[i];
          break;
        }
      }
      if (!matching) {
        this.reportType(node, jsonTypeOf(nodeType, node.value), unionTypes(branches));
        return;
      }
      branch = matching;
    } else if (!(branch.accepts & bit)) {
      this.reportType(node, jsonTypeOf(nodeType, node.value), typesOf(branch.schema));
      return;
    }
    switch (nodeType) {
      case 'object':
        this.validateObject(node, branch);
        break;
      case 'array': {
        const items = itemsOf(branch);
        if (items) {
          const children = node.children;
          if (children) for (let i = 0; i < children.length; i++) this.validate(children[i], items);
        }
        break;
      }
      case 'string':
        if (branch.checksStrings) this.validateString(node, branch);
        break;
      case 'number':
        if (branch.checksNumbers) this.validateNumber(node, branch);
        break;
      default:
        if (branch.enumValues) this.validateEnum(node, branch);
    }
  }

  private reportType(node: JsonNode, actual: JsonType, expected: JsonType[]): void {
    if (actual === 'null') {
      this.add('nullNotAllowed', node, `${label(node)} cannot be null: it must be ${describeTypes(expected)}.`);
    } else if ((actual === 'integer' || actual === 'number') && expected.includes('string')) {
      const raw = this.doc.slice(node.offset, node.offset + node.length);
      this.add('numberAsString', node,
        `${label(node)} must be a string: write "${raw}" in quotes.`,
        { fix: 'quoteNumber', path: pathOf(node) },
      );
    } else {
      const shown = actual === 'integer' ? 'a number' : describeTypes([actual]);
      this.add('wrongType', node, `${label(node)} must be ${describeTypes(expected)}, not ${shown}.`);
    }
  }

  private validateEnum(node: JsonNode, branch: Branch): boolean {
    const allowedValues = branch.enumValues;
    if (!allowedValues) return true;
    const value = node.value;
    if (allowedValues.has(value)) return true;
    const schema = branch.schema;
    const enumList = schema.enum!;
    const candidates = enumList.filter((v): v is string => typeof v === 'string');
    const suggestion = typeof value === 'string' ? nearest(value, candidates) : undefined;
    const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : '';
    const data: FixData = { fix: 'replaceValue', path: pathOf(node), allowed: enumList, ...(suggestion ? { suggestion } : {}) };
    this.add('invalidEnum', node,
      `\`${showValue(value)}\` is not a valid value for ${label(node)}.${hint} Allowed: ${listValues(enumList)}.`,
      data,
    );
    return false;
  }

  private validateString(node: JsonNode, branch: Branch): void {
    if (!this.validateEnum(node, branch)) return;
    const schema = branch.schema;
    const value = node.value as string;
    if (schema.format === 'uuid' && !isUuid(value)) {
      this.add('invalidUuid', node,
        value === ''
          ? `${label(node)} is empty: it must be a UUID such as \`3f9e2d41-8c7b-4a6e-b5d0-1c2e3f4a5b60\`.`
          : `\`${showValue(value)}\` is not a UUID: ${label(node)} must look like \`3f9e2d41-8c7b-4a6e-b5d0-1c2e3f4a5b60\`.`,
      );
      return;
    }
    if (schema.format === 'date-time' && !isDateTime(value)) {
      this.add('invalidDateTime', node,
        `\`${showValue(value)}\` is not an RFC 3339 date-time: ${label(node)} must look like \`2024-01-31T00:00:00Z\`.`,
      );
      return;
    }
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      const what = schema.minLength === 1 ? 'cannot be empty' : `must be at least ${schema.minLength} characters long`;
      this.add('stringConstraint', node, `${label(node)} ${what}.`);
    } else if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      this.add('stringConstraint', node, `${label(node)} must be at most ${schema.maxLength} characters long.`);
    } else if (schema.pattern !== undefined && !safeRegExp(schema.pattern)?.test(value)) {
      this.add('stringConstraint', node, `\`${showValue(value)}\` does not have the form ${label(node)} needs (${schema.pattern}).`);
    }
  }

  private validateNumber(node: JsonNode, branch: Branch): void {
    if (!this.validateEnum(node, branch)) return;
    const schema = branch.schema;
    const value = node.value as number;
    if (schema.minimum !== undefined && value < schema.minimum) {
      this.add('belowMinimum', node, `${label(node)} must be at least ${schema.minimum}; it is ${value}.`);
    } else if (schema.maximum !== undefined && value > schema.maximum) {
      this.add('aboveMaximum', node, `${label(node)} must be at most ${schema.maximum}; it is ${value}.`);
    }
  }

  private validateObject(node: JsonNode, branch: Branch): void {
    const schema = branch.schema;
    const { properties, removed, notAccepted } = branch;
    const children: readonly JsonNode[] = node.children ?? EMPTY_LIST;
    const count = children.length;
    const present = count > SMALL_OBJECT ? new Map<string, JsonNode>() : undefined;
    for (let i = 0; i < count; i++) {
      const property = children[i];
      const keyNode = property.children?.[0];
      if (!keyNode) continue;
      const key = keyNode.value as string;
      const earlier = present ? present.get(key) : earlierKey(children, i, key);
      if (earlier) {
        // The line is cited, not kept: an edit above moves it (findings.ts works it out when reporting).
        this.found.push({
          name: 'duplicateKey',
          offset: keyNode.offset,
          length: keyNode.length,
          message: `Duplicate key \`${key}\` (first on line `,
          citeLineOf: earlier.offset,
          messageEnd: '): the API keeps only the last one.',
          data: { fix: 'removeProperty', path: pathOf(keyNode.parent!).concat(key) },
          related: [{ node: { offset: earlier.offset, length: earlier.length }, message: `\`${key}\` is first set here` }],
        });
      }
      if (!earlier) present?.set(key, keyNode);
      const valueNode = property.children?.[1];
      const declared = declaredOf(branch, key);
      if (declared) {
        if (valueNode) this.validate(valueNode, declared);
        continue;
      }
      // Removed and create-only properties have rules of their own with better explanations.
      if (Object.hasOwn(removed, key) || notAccepted.includes(key)) continue;
      if (schema.additionalProperties === false) {
        const known = Object.keys(properties);
        const suggestion = nearestKey(key, known, { present: keysOf(node), required: branch.required });
        const where = node.parent ? ` in ${label(node)}` : '';
        const hint = suggestion
          ? ` Did you mean \`${suggestion}\`?`
          : known.length <= 8
            ? ` Allowed: ${listValues(known)}.`
            : ' The create request has no such field.';
        // Every key seen so far is also a key of the object, so hasKey alone answers both questions.
        const data: FixData | undefined = suggestion && !hasKey(node, suggestion)
          ? { fix: 'renameKey', path: [...pathOf(node), key], suggestion }
          : { fix: 'removeProperty', path: [...pathOf(node), key] };
        this.add('unknownProperty', keyNode, `Unknown property \`${key}\`${where}.${hint}`, data);
      } else if (typeof schema.additionalProperties === 'object' && valueNode) {
        this.validate(valueNode, compile(schema.additionalProperties));
      }
    }
    // Properties after a syntax error may simply not have been parsed: report what is missing only
    // once the text parses, so a half-typed document is not buried under false "missing" errors.
    if (this.doc.syntaxErrors.length > 0) return;
    const required = branch.required;
    if (required.length === 0) return;
    const missing = required.filter((name) => !(present ? present.has(name) : hasKey(node, name)) && !Object.hasOwn(removed, name));
    if (missing.length > 0) {
      const anchor = objectAnchor(node);
      const what = missing.length === 1 ? `required property \`${missing[0]}\`` : `required properties ${listValues(missing, 'and')}`;
      const owner = node.parent ? ` in ${label(node)}` : '';
      // Where the evidence for "required" is mixed, the message says so (`x-requiredNotes`).
      const notes = missing.map((name) => schema['x-requiredNotes']?.[name]).filter((n): n is string => typeof n === 'string');
      const note = notes.length ? ` ${notes.join(' ')}` : '';
      this.add('missingProperty', anchor, `Missing ${what}${owner}.${note}`, {
        fix: 'addProperties',
        path: pathOf(node),
        properties: missing,
      });
    }
  }
}

function keysOf(object: JsonNode): string[] {
  return (object.children ?? []).map((p) => p.children?.[0]?.value).filter((k): k is string => typeof k === 'string');
}

function hasKey(object: JsonNode, key: string): boolean {
  return (object.children ?? []).some((p) => p.children?.[0]?.value === key);
}

const regexCache = new Map<string, RegExp | undefined>();
function safeRegExp(pattern: string): RegExp | undefined {
  if (!regexCache.has(pattern)) {
    try {
      regexCache.set(pattern, new RegExp(pattern, 'u'));
    } catch {
      regexCache.set(pattern, undefined);
    }
  }
  return regexCache.get(pattern);
}

export class CancelledValidation extends Error {
  constructor() {
    super('validation cancelled');
  }
}

