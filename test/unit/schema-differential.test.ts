// The validator and Ajv, an independent JSON Schema implementation given the same schema, agree on
// whether generated documents fit the schema; and the validator refuses a schema with keywords it does
// not implement instead of silently passing what they would reject.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { parse as parseJsonc } from 'jsonc-parser';
import { parseDocument } from '../../server/src/service/document/document';
import { validateDocument } from '../../server/src/service/diagnostics/validate';
import { assertSupportedSchema, unsupportedKeywords } from '../../server/src/service/diagnostics/schemaKeywords';
import { bulkSyncSchema, type SchemaNode } from '../../server/src/service/schema/schema';

const ROOT = path.resolve(__dirname, '..', '..');
const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'bulk-sync.schema.json'), 'utf8'));

function ajvValidator() {
  const ajv = new Ajv({ strict: false, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

/**
 * Codes that mean "the schema rejects this document": the schema check's errors, and the rules that
 * explain keys the schema does not declare (removed, draft-only, or not accepted on create).
 */
const SCHEMA_VERDICT_CODES = new Set(['PS101', 'PS102', 'PS103', 'PS104', 'PS105', 'PS106', 'PS107', 'PS108', 'PS110', 'PS111', 'PS112', 'PS201', 'PS202', 'PS211', 'PS220']);

function polysyncAccepts(value: unknown): { ok: boolean; codes: string[] } {
  const text = JSON.stringify(value, null, 2);
  const diagnostics = validateDocument(parseDocument('file:///gen.polysync.json', 1, text)) ?? [];
  const codes = diagnostics.map((d) => String(d.code)).filter((c) => SCHEMA_VERDICT_CODES.has(c));
  return { ok: codes.length === 0, codes };
}

const examples = readdirSync(path.join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.polysync.json'))
  .map((f) => {
    const value = parseJsonc(readFileSync(path.join(ROOT, 'examples', f), 'utf8'));
    delete value.$schema;
    return value as Record<string, unknown>;
  });

// Values that exercise every keyword: types, enums, formats, limits, unions, nulls.
const leaf = fc.oneof(
  fc.constantFrom(
    null, true, false, 0, 1, -1, 2.5, 1000, '', 'x', 'replicate', 'snapshot', 'repl', 'daily', 'hourly', 'multi', 'manual',
    'all', 'none', 'onlyIncremental', 'enabled', 'legacy', 'normal', 'rebuild', 'incrementalFields', 'Equality', 'IsNull',
    '0', '5', '23', '59', 'monday', '248df4b7-aa70-47b8-a036-33ac447e668d', '248df4b7-aa70-47b8-a036-33ac447e668', 'not-a-uuid',
    '2024-01-01T00:00:00Z', '2024-01-01', '2024-02-30T00:00:00Z', '2024-01-01T08:00:00.5+02:00',
  ),
  fc.string({ maxLength: 6 }),
  fc.integer({ min: -3, max: 3 }),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('list'), tie('object')),
  list: fc.array(tie('any'), { maxLength: 3 }),
  object: fc.dictionary(
    fc.constantFrom('id', 'frequency', 'hour', 'minute', 'enabled', 'obfuscate', 'fields', 'filters', 'function', 'value', 'field_id', 'schema', 'resync_mode', 'selective_mode', 'schemas', 'extra'),
    tie('any'),
    { maxKeys: 3 },
  ),
})).any;

/** A path into `doc` (existing keys and indexes, or a new key at the end). */
function pathsOf(node: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(node)) node.forEach((item, i) => pathsOf(item, [...prefix, i], out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) pathsOf(v, [...prefix, k], out);
  return out;
}

const KEYS = [
  'name', 'mode', 'source_connection_id', 'destination_connection_id', 'destination_configuration', 'default_schedule',
  'additional_schedules', 'active', 'concurrency_limit', 'data_cutoff_timestamp', 'schemas', 'policies', 'normalize_names',
  'automatically_add_new_fields', 'frequency', 'hour', 'day_of_week', 'resync_mode', 'selective_mode', 'id', 'fields',
  'filters', 'function', 'value', 'enabled', 'obfuscate', 'tracking_field', 'unknown_key',
];

interface Mutation {
  kind: 'set' | 'delete' | 'add';
  at: number;
  key: string;
  value: unknown;
}

function mutate(doc: Record<string, unknown>, mutations: Mutation[]): Record<string, unknown> {
  const out = structuredClone(doc);
  for (const m of mutations) {
    const paths = pathsOf(out);
    const target = paths[m.at % paths.length];
    if (target.length === 0 && m.kind !== 'add') continue;
    const parentPath = m.kind === 'add' ? target : target.slice(0, -1);
    let parent: any = out;
    for (const segment of parentPath) parent = parent?.[segment];
    if (!parent || typeof parent !== 'object') continue;
    const last = target[target.length - 1];
    if (m.kind === 'add') {
      if (Array.isArray(parent)) parent.push(m.value);
      else parent[m.key] = m.value;
    } else if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
    } else {
      parent[last] = m.value;
    }
  }
  return out;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('set', 'delete', 'add'),
  at: fc.nat({ max: 200 }),
  key: fc.constantFrom(...KEYS),
  value,
});

describe('the validator agrees with Ajv on the schema', () => {
  const ajv = ajvValidator();

  test('the examples are valid for both', () => {
    for (const example of examples) {
      assert.equal(ajv(example), true, JSON.stringify(ajv.errors));
      assert.deepEqual(polysyncAccepts(example), { ok: true, codes: [] });
    }
  });

  test('generated documents: the same verdict', () => {
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.array(mutation, { minLength: 1, maxLength: 4 }), (base, mutations) => {
        const doc = mutate(base, mutations);
        const theirs = ajv(doc);
        const ours = polysyncAccepts(doc);
        assert.equal(
          ours.ok,
          theirs,
          `Polysync ${ours.ok ? 'accepts' : `rejects (${ours.codes.join(', ')})`}, Ajv ${theirs ? 'accepts' : `rejects: ${JSON.stringify(ajv.errors?.slice(0, 3))}`}\n${JSON.stringify(doc)}`,
        );
      }),
      { numRuns: 600, seed: 20250918 },
    );
  });

  test('and both reject documents made to break each keyword', () => {
    const base = examples[0];
    const broken: [string, (d: any) => void][] = [
      ['type', (d) => (d.name = 5)],
      ['enum', (d) => (d.mode = 'mirror')],
      ['required', (d) => delete d.default_schedule],
      ['additionalProperties', (d) => (d.colour = 'blue')],
      ['format uuid', (d) => (d.source_connection_id = 'abc')],
      ['format date-time', (d) => (d.data_cutoff_timestamp = '2024-01-01')],
      ['null', (d) => (d.mode = null)],
      ['items', (d) => (d.policies = [1])],
      ['oneOf', (d) => (d.schemas = [true])],
    ];
    for (const [keyword, breakIt] of broken) {
      const doc = structuredClone(base);
      breakIt(doc);
      assert.equal(ajv(doc), false, keyword);
      assert.equal(polysyncAccepts(doc).ok, false, keyword);
    }
  });
});

describe('keywords the validator does not implement', () => {
  test('the bundled schema uses none', () => {
    assert.deepEqual(unsupportedKeywords(bulkSyncSchema), []);
  });

  test('each one is named, with where it is', () => {
    const withKeyword = (change: (s: any) => void) => {
      const copy = structuredClone(schema);
      change(copy);
      return unsupportedKeywords(copy as SchemaNode);
    };
    assert.deepEqual(withKeyword((s) => (s.properties.policies.uniqueItems = true)), ['/properties/policies: `uniqueItems`']);
    assert.deepEqual(withKeyword((s) => (s.definitions.Mode.const = 'replicate')), ['/definitions/Mode: `const`']);
    assert.deepEqual(withKeyword((s) => (s.properties.name.format = 'email')), ['/properties/name: format `email`']);
    assert.deepEqual(withKeyword((s) => (s.definitions.FieldItem.oneOf[0].type = 'object')), ['/definitions/FieldItem/oneOf: branches 0 and 1 both accept object']);
    assert.throws(
      () => assertSupportedSchema(structuredClone({ ...schema, minProperties: 1 }) as SchemaNode),
      /does not implement: \/: `minProperties`/,
    );
  });
});
