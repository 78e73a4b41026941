// Baseline for comparison: the implementation before the performance work (jsonc-parser for every
// parse, the original schema walk). perf-equivalence tests compare the current code against it, and it
// documents what the optimisations replaced. Not used by the product.
import { type FixData, type Reporter, showValue } from '../../../server/src/service/diagnostics/reporter';
import { type JsonNode, objectAnchor, pathOf } from '../../../server/src/service/document/document';
import { isDateTime, isUuid } from '../../../server/src/service/schema/formats';
import {
  acceptsType,
  branchesOf,
  bulkSyncSchema,
  describeTypes,
  type JsonType,
  jsonTypeOf,
  type SchemaNode,
  typesOf,
} from '../../../server/src/service/schema/schema';
import { listValues, nearest, nearestKey } from '../../../server/src/service/schema/nearest';

export interface SchemaValidationOptions {
  isCancelled?: () => boolean;
}

export function validateAgainstSchema(root: JsonNode, reporter: Reporter, options: SchemaValidationOptions = {}): void {
  const walker = new Walker(reporter, options.isCancelled ?? (() => false));
  walker.validate(root, bulkSyncSchema);
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

function unionTypes(branches: SchemaNode[]): JsonType[] {
  const all = new Set<JsonType>();
  for (const b of branches) for (const t of typesOf(b)) all.add(t);
  return [...all];
}

class Walker {
  private steps = 0;
  constructor(
    private readonly reporter: Reporter,
    private readonly isCancelled: () => boolean,
  ) {}

  validate(node: JsonNode, schemaRef: SchemaNode): void {
    // Cancellation is checked every few thousand nodes: cheap, yet responsive on megabyte documents.
    if ((++this.steps & 4095) === 0 && this.isCancelled()) throw new CancelledValidation();
    const type = jsonTypeOf(node.type, node.value);
    const branches = branchesOf(schemaRef);
    if (branches.length === 0) return;
    let schema = branches[0];
    if (branches.length > 1) {
      const matching = branches.filter((b) => acceptsType(b, type));
      if (matching.length === 0) {
        this.reportType(node, type, unionTypes(branches));
        return;
      }
      schema = matching[0];
    } else if (!acceptsType(schema, type)) {
      this.reportType(node, type, typesOf(schema));
      return;
    }
    switch (node.type) {
      case 'object':
        this.validateObject(node, schema);
        break;
      case 'array':
        if (schema.items) {
          for (const item of node.children ?? []) this.validate(item, schema.items);
        }
        break;
      case 'string':
        this.validateString(node, schema);
        break;
      case 'number':
        this.validateNumber(node, schema);
        break;
      default:
        this.validateEnum(node, schema);
    }
  }

  private reportType(node: JsonNode, actual: JsonType, expected: JsonType[]): void {
    const path = pathOf(node);
    if (actual === 'null') {
      this.reporter.reportNode('nullNotAllowed', node, `${label(node)} cannot be null: it must be ${describeTypes(expected)}.`);
    } else if ((actual === 'integer' || actual === 'number') && expected.includes('string')) {
      const raw = this.reporter.doc.text.substr(node.offset, node.length);
      this.reporter.reportNode(
        'numberAsString',
        node,
        `${label(node)} must be a string: write "${raw}" in quotes.`,
        { fix: 'quoteNumber', path },
      );
    } else {
      const shown = actual === 'integer' ? 'a number' : describeTypes([actual]);
      this.reporter.reportNode('wrongType', node, `${label(node)} must be ${describeTypes(expected)}, not ${shown}.`);
    }
  }

  private validateEnum(node: JsonNode, schema: SchemaNode): boolean {
    if (!schema.enum) return true;
    const value = node.value;
    if (schema.enum.some((allowed) => allowed === value)) return true;
    const candidates = schema.enum.filter((v): v is string => typeof v === 'string');
    const suggestion = typeof value === 'string' ? nearest(value, candidates) : undefined;
    const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : '';
    const data: FixData = { fix: 'replaceValue', path: pathOf(node), allowed: schema.enum, ...(suggestion ? { suggestion } : {}) };
    this.reporter.reportNode(
      'invalidEnum',
      node,
      `\`${showValue(value)}\` is not a valid value for ${label(node)}.${hint} Allowed: ${listValues(schema.enum)}.`,
      data,
    );
    return false;
  }

  private validateString(node: JsonNode, schema: SchemaNode): void {
    if (!this.validateEnum(node, schema)) return;
    const value = node.value as string;
    if (schema.format === 'uuid' && !isUuid(value)) {
      this.reporter.reportNode(
        'invalidUuid',
        node,
        value === ''
          ? `${label(node)} is empty: it must be a UUID such as \`3f9e2d41-8c7b-4a6e-b5d0-1c2e3f4a5b60\`.`
          : `\`${showValue(value)}\` is not a UUID: ${label(node)} must look like \`3f9e2d41-8c7b-4a6e-b5d0-1c2e3f4a5b60\`.`,
      );
      return;
    }
    if (schema.format === 'date-time' && !isDateTime(value)) {
      this.reporter.reportNode(
        'invalidDateTime',
        node,
        `\`${showValue(value)}\` is not an RFC 3339 date-time: ${label(node)} must look like \`2024-01-31T00:00:00Z\`.`,
      );
      return;
    }
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      const what = schema.minLength === 1 ? 'cannot be empty' : `must be at least ${schema.minLength} characters long`;
      this.reporter.reportNode('stringConstraint', node, `${label(node)} ${what}.`);
    } else if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      this.reporter.reportNode('stringConstraint', node, `${label(node)} must be at most ${schema.maxLength} characters long.`);
    } else if (schema.pattern !== undefined && !safeRegExp(schema.pattern)?.test(value)) {
      this.reporter.reportNode('stringConstraint', node, `\`${showValue(value)}\` does not have the form ${label(node)} needs (${schema.pattern}).`);
    }
  }

  private validateNumber(node: JsonNode, schema: SchemaNode): void {
    if (!this.validateEnum(node, schema)) return;
    const value = node.value as number;
    if (schema.minimum !== undefined && value < schema.minimum) {
      this.reporter.reportNode('belowMinimum', node, `${label(node)} must be at least ${schema.minimum}; it is ${value}.`);
    } else if (schema.maximum !== undefined && value > schema.maximum) {
      this.reporter.reportNode('aboveMaximum', node, `${label(node)} must be at most ${schema.maximum}; it is ${value}.`);
    }
  }

  private validateObject(node: JsonNode, schema: SchemaNode): void {
    const properties = schema.properties ?? {};
    const present = new Map<string, JsonNode>();
    const removed = { ...schema['x-removedProperties'], ...schema['x-draftProperties'] };
    const notAccepted = schema['x-notAcceptedOnCreate'] ?? [];
    const known = Object.keys(properties);
    for (const property of node.children ?? []) {
      const keyNode = property.children?.[0];
      if (!keyNode) continue;
      const key = keyNode.value as string;
      const earlier = present.get(key);
      if (earlier) {
        const line = this.reporter.doc.positionAt(earlier.offset).line + 1;
        this.reporter.reportNode('duplicateKey', keyNode, `Duplicate key \`${key}\` (first on line ${line}): the API keeps only the last one.`, {
          fix: 'removeProperty',
          path: pathOf(keyNode.parent!).concat(key),
        });
      }
      if (!earlier) present.set(key, keyNode);
      const valueNode = property.children?.[1];
      const declared = Object.hasOwn(properties, key) ? properties[key] : undefined;
      if (declared) {
        if (valueNode) this.validate(valueNode, declared);
        continue;
      }
      // Removed and create-only properties have rules of their own with better explanations.
      if (Object.hasOwn(removed, key) || notAccepted.includes(key)) continue;
      if (schema.additionalProperties === false) {
        const keys = (node.children ?? []).map((p) => p.children?.[0]?.value).filter((k): k is string => typeof k === 'string');
        const suggestion = nearestKey(key, known, { present: keys, required: schema.required ?? [] });
        const where = node.parent ? ` in ${label(node)}` : '';
        const hint = suggestion
          ? ` Did you mean \`${suggestion}\`?`
          : known.length <= 8
            ? ` Allowed: ${listValues(known)}.`
            : ' The create request has no such field.';
        const data: FixData | undefined = suggestion && !present.has(suggestion) && !hasKey(node, suggestion)
          ? { fix: 'renameKey', path: [...pathOf(node), key], suggestion }
          : { fix: 'removeProperty', path: [...pathOf(node), key] };
        this.reporter.reportNode('unknownProperty', keyNode, `Unknown property \`${key}\`${where}.${hint}`, data);
      } else if (typeof schema.additionalProperties === 'object' && valueNode) {
        this.validate(valueNode, schema.additionalProperties);
      }
    }
    // Properties after a syntax error may simply not have been parsed: report what is missing only
    // once the text parses, so a half-typed document is not buried under false "missing" errors.
    if (this.reporter.doc.syntaxErrors.length > 0) return;
    const missing = (schema.required ?? []).filter((name) => !present.has(name) && !Object.hasOwn(removed, name));
    if (missing.length > 0) {
      const anchor = objectAnchor(node);
      const what = missing.length === 1 ? `required property \`${missing[0]}\`` : `required properties ${listValues(missing, 'and')}`;
      const owner = node.parent ? ` in ${label(node)}` : '';
      const notes = missing.map((name) => schema['x-requiredNotes']?.[name]).filter((n): n is string => typeof n === 'string');
      const note = notes.length ? ` ${notes.join(' ')}` : '';
      this.reporter.report('missingProperty', anchor.offset, anchor.length, `Missing ${what}${owner}.${note}`, {
        fix: 'addProperties',
        path: pathOf(node),
        properties: missing,
      });
    }
  }
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

