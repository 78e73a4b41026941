// Checks schemas/bulk-sync.schema.json against the 2025-09-18 create request as the API documents it,
// checks that the editor annotations every feature relies on are complete, and validates the examples
// with Ajv, an independent JSON Schema implementation (so the schema works outside Polysync too).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { schemaAtPath } from '../../server/src/service/schema/schema';
import { buildConnections } from '../sandbox/fixtures';

type Node = Record<string, any>;

const root = join(__dirname, '..', '..');
const schemaPath = join(root, 'schemas', 'bulk-sync.schema.json');
const examplesDir = join(root, 'examples');
const schema: Node = JSON.parse(readFileSync(schemaPath, 'utf8'));

// ---- what the API reference says (polytomic-api.md); keep in step with it ----
const FILTER_FUNCTIONS = [
  'Equality', 'Inequality', 'IsNull', 'IsNotNull', 'True', 'False', 'OnOrAfter', 'OnOrBefore', 'GreaterThan',
  'GreaterThanEqual', 'LessThan', 'LessThanEqual', 'StringContains', 'StringStartsWith', 'StringEndsWith',
  'StringDoesNotContain', 'StringDoesNotStartWith', 'StringDoesNotEndWith', 'StringOneOf', 'StringNotOneOf', 'Between',
  'ArrayContains', 'ArrayDoesNotContain', 'InTheLast', 'RelativeOnOrBefore', 'RelativeOnOrAfter', 'StringLike',
  'StringNotLike', 'StringMatchesTrimmed',
];
const FREQUENCIES = ['manual', 'continuous', 'hourly', 'daily', 'weekly', 'custom', 'builder', 'runafter', 'multi', 'dbtcloud'];
const REQUIRED_TEXT = 'Required: the API rejects a request without it.';

// Keywords a draft-07 validator understands.
const DRAFT7_KEYWORDS = new Set([
  '$schema', '$id', '$ref', '$comment', 'title', 'description', 'default', 'readOnly', 'writeOnly', 'examples',
  'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern',
  'additionalItems', 'items', 'maxItems', 'minItems', 'uniqueItems', 'contains', 'maxProperties', 'minProperties',
  'required', 'additionalProperties', 'definitions', 'properties', 'patternProperties', 'dependencies',
  'propertyNames', 'const', 'enum', 'type', 'format', 'contentMediaType', 'contentEncoding', 'if', 'then', 'else',
  'allOf', 'anyOf', 'oneOf', 'not',
]);
// Annotations only editors and Polysync read; validators must ignore them. A misspelt keyword fails the test.
const VSCODE_KEYWORDS = ['markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'defaultSnippets', 'deprecationMessage', 'patternErrorMessage', 'errorMessage', 'doNotSuggest'];
const POLYSYNC_KEYWORDS = [
  'x-apiVersion', 'x-omitted', 'x-editorOnly', 'x-writtenByPolysync', 'x-removedProperties', 'x-frequencyFields', 'x-frequencyFieldsInferred',
  'x-notAcceptedOnCreate', 'x-knownKeys', 'x-functionsWithoutValue', 'x-functionsWithoutValueInferred',
  'x-requiredNotes', 'x-frequencyFieldsTolerated', 'x-inferredMinimum', 'x-draftProperties',
];
const ANNOTATIONS = new Set([...VSCODE_KEYWORDS, ...POLYSYNC_KEYWORDS]);

// ---- schema helpers ----
function resolveRef(ref: string): Node {
  assert.ok(ref.startsWith('#/'), `only local references are used, got ${ref}`);
  let target: any = schema;
  for (const segment of ref.slice(2).split('/')) target = target?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  assert.ok(target && typeof target === 'object', `$ref ${ref} does not resolve`);
  return target;
}

/** A property as an editor shows it: the referenced definition, with keys written beside `$ref` taking precedence. */
function effective(node: Node): Node {
  if (typeof node.$ref !== 'string') return node;
  const { $ref, ...siblings } = node;
  return { ...effective(resolveRef($ref)), ...siblings };
}

function def(name: string): Node {
  const d = schema.definitions?.[name];
  assert.ok(d, `definition ${name} exists`);
  return d;
}

function typesOf(node: Node): string[] {
  return node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type];
}

/** Every subschema with its JSON pointer; annotation values (snippets, known keys, examples) are not schemas. */
function* subschemas(node: Node, pointer = '#'): Generator<[Node, string]> {
  yield [node, pointer];
  for (const key of ['properties', 'definitions', 'patternProperties']) {
    for (const [name, child] of Object.entries<Node>(node[key] ?? {})) yield* subschemas(child, `${pointer}/${key}/${name}`);
  }
  for (const key of ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'additionalItems']) {
    const child = node[key];
    if (Array.isArray(child)) for (const [i, c] of child.entries()) yield* subschemas(c, `${pointer}/${key}/${i}`);
    else if (child && typeof child === 'object') yield* subschemas(child, `${pointer}/${key}`);
  }
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    for (const [i, child] of (node[key] ?? []).entries()) yield* subschemas(child, `${pointer}/${key}/${i}`);
  }
}

/** Every declared property of every object schema, with its pointer. */
function* allProperties(): Generator<[string, Node, Node, string]> {
  for (const [node, pointer] of subschemas(schema)) {
    for (const [name, prop] of Object.entries<Node>(node.properties ?? {})) yield [name, prop, node, `${pointer}/properties/${name}`];
  }
}

// ---- an independent validator ----
function makeAjv(options: { formats: boolean }): Ajv {
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true, validateFormats: options.formats });
  addFormats(ajv);
  ajv.addVocabulary([...ANNOTATIONS]);
  ajv.addSchema(schema);
  return ajv;
}
// Compiled on first use, so a broken schema fails the tests that need it instead of the whole file.
let validateRequest: ReturnType<Ajv['compile']> | undefined;
function errorsOf(value: unknown): ErrorObject[] {
  validateRequest ??= makeAjv({ formats: true }).getSchema(schema.$id)!;
  return validateRequest(value) ? [] : [...(validateRequest.errors ?? [])];
}

// ---- examples ----
function readJsonc(file: string): { value: Node; errors: string[] } {
  const text = readFileSync(file, 'utf8');
  const errors: ParseError[] = [];
  // Comments are allowed (the files are JSONC); trailing commas are not, because the API would reject them.
  const value = parse(text, errors, { allowTrailingComma: false, disallowComments: false });
  return { value, errors: errors.map((e) => `${printParseErrorCode(e.error)} at offset ${e.offset}`) };
}
const exampleFiles = readdirSync(examplesDir).filter((f) => f.endsWith('.polysync.json')).sort();
const parsedExamples = new Map(exampleFiles.map((f) => [f, readJsonc(join(examplesDir, f))]));
const examples = new Map([...parsedExamples].map(([f, parsed]) => [f, parsed.value]));

describe('bulk sync schema: draft-07 shape', () => {
  test('declares draft-07, its id and the API version it describes', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(schema['x-apiVersion'], '2025-09-18');
  });

  test('its $id is a name per API version, not an address that does not serve it', () => {
    // The schema is published nowhere yet (docs/schemastore.md prepares its SchemaStore entry), so its
    // $id is a URN, one per API version, so a future version's schema never takes this one's name.
    assert.equal(schema.$id, `urn:polysync:schema:bulk-sync:${schema['x-apiVersion']}`);
    assert.doesNotMatch(JSON.stringify(schema.$id), /https?:/);
    assert.match(schema.$comment, /not served at any web address/);
  });

  test('is a valid draft-07 schema to Ajv in strict mode', () => {
    const checker = new Ajv({ strict: true, allowUnionTypes: true });
    addFormats(checker);
    checker.addVocabulary([...ANNOTATIONS]);
    assert.equal(checker.validateSchema(schema), true, JSON.stringify(checker.errors));
    assert.doesNotThrow(() => checker.compile(schema));
  });

  test('uses only draft-07 keywords and the documented annotation keywords', () => {
    const unknown: string[] = [];
    for (const [node, pointer] of subschemas(schema)) {
      for (const key of Object.keys(node)) if (!DRAFT7_KEYWORDS.has(key) && !ANNOTATIONS.has(key)) unknown.push(`${pointer}: ${key}`);
    }
    assert.deepEqual(unknown, []);
  });

  test('every $ref resolves, and every definition is used', () => {
    const used = new Set<string>();
    for (const [node] of subschemas(schema)) {
      if (typeof node.$ref === 'string') {
        resolveRef(node.$ref);
        used.add(node.$ref);
      }
    }
    const unused = Object.keys(schema.definitions).filter((name) => !used.has(`#/definitions/${name}`));
    assert.deepEqual(unused, []);
  });

  test('has the definitions the language service looks up by name', () => {
    for (const name of [
      'Schedule', 'AdditionalSchedule', 'SchemaConfiguration', 'SchemaItem', 'FieldConfiguration', 'FieldItem', 'Filter',
      'FilterFunction', 'Discover', 'NormalizeNames', 'Frequency', 'ResyncMode', 'SelectiveMode', 'Uuid', 'ScheduleMinute',
    ]) def(name);
  });

  test('every enum has parallel, non-empty enumDescriptions and markdownEnumDescriptions', () => {
    let enums = 0;
    for (const [node, pointer] of subschemas(schema)) {
      if (!node.enum) continue;
      enums++;
      for (const key of ['enumDescriptions', 'markdownEnumDescriptions']) {
        assert.ok(Array.isArray(node[key]), `${pointer} has ${key}`);
        assert.equal(node[key].length, node.enum.length, `${pointer} ${key} has one entry per value`);
        for (const [i, text] of node[key].entries()) {
          assert.ok(typeof text === 'string' && text.trim().length > 10, `${pointer} ${key}[${i}] explains ${node.enum[i]}`);
        }
      }
      // Each markdown entry names its own value, which catches descriptions that drift out of order.
      for (const [i, value] of node.enum.entries()) {
        assert.ok(node.markdownEnumDescriptions[i].includes(`**${value}**`), `${pointer}: entry ${i} is about ${value}`);
      }
    }
    assert.ok(enums >= 7, `found ${enums} enums`);
  });

  test('every property has description, markdownDescription and x-omitted', () => {
    const missing: string[] = [];
    let count = 0;
    for (const [, prop, , pointer] of allProperties()) {
      count++;
      const shown = effective(prop);
      for (const key of ['description', 'markdownDescription', 'x-omitted']) {
        if (typeof shown[key] !== 'string' || shown[key].trim() === '') missing.push(`${pointer}: ${key}`);
      }
    }
    assert.deepEqual(missing, []);
    assert.ok(count > 40, `checked ${count} properties`);
  });

  test('plain descriptions are plain text; markdown links point at https pages', () => {
    for (const [node, pointer] of subschemas(schema)) {
      const plain = [node.description, ...(node.enumDescriptions ?? [])].filter((t) => typeof t === 'string');
      for (const text of plain) assert.doesNotMatch(text, /`|\]\(|\*\*/, `${pointer}: description is plain text`);
      const markdown = [node.markdownDescription, ...(node.markdownEnumDescriptions ?? [])].filter((t) => typeof t === 'string');
      for (const text of markdown) for (const [, url] of text.matchAll(/\]\(([^)]+)\)/g)) assert.match(url, /^https:\/\//, `${pointer}: link ${url}`);
    }
  });

  test('x-omitted says "Required" exactly for the required properties', () => {
    for (const [name, prop, parent, pointer] of allProperties()) {
      const required = (parent.required ?? []).includes(name);
      const omitted: string = effective(prop)['x-omitted'];
      if (required) assert.equal(omitted, REQUIRED_TEXT, pointer);
      else assert.doesNotMatch(omitted, /^Required/, `${pointer} is optional`);
    }
  });

  test('every object schema with properties forbids unknown keys, except the connection configurations', () => {
    for (const [node, pointer] of subschemas(schema)) {
      if (!node.properties) continue;
      assert.equal(node.additionalProperties, false, pointer);
    }
    for (const name of ['destination_configuration', 'source_configuration']) {
      const prop = schema.properties[name];
      assert.equal(prop.additionalProperties, true, `${name} accepts any key`);
      assert.equal(prop.properties, undefined, `${name} restricts no key`);
    }
  });

  test('defaultSnippets have a label, a description and a body that fits the schema', () => {
    const loose = makeAjv({ formats: false }); // placeholders such as "$3" stand in for ids
    const expand = (v: unknown): unknown => {
      if (typeof v === 'string') {
        return v
          .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
          .replace(/\$\{\d+:([^}]*)\}/g, '$1')
          .replace(/\$\d+/g, '');
      }
      if (Array.isArray(v)) return v.map(expand);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expand(x)]));
      return v;
    };
    let count = 0;
    for (const [node, pointer] of subschemas(schema)) {
      for (const snippet of node.defaultSnippets ?? []) {
        count++;
        assert.ok(snippet.label && snippet.description && snippet.body !== undefined, `${pointer}: ${JSON.stringify(snippet)}`);
        const validate = loose.getSchema(`${schema.$id}${pointer}`)!;
        assert.ok(validate(expand(snippet.body)), `${pointer} snippet "${snippet.label}": ${JSON.stringify(validate.errors)}`);
      }
    }
    for (const name of ['Schedule', 'AdditionalSchedule', 'SchemaConfiguration', 'Filter', 'FieldConfiguration']) {
      assert.ok(def(name).defaultSnippets?.length, `${name} has snippets`);
    }
    assert.ok(count >= 15, `checked ${count} snippets`);
  });
});

describe('bulk sync schema: the 2025-09-18 create request', () => {
  test('top-level required properties', () => {
    assert.deepEqual(
      [...schema.required].sort(),
      ['default_schedule', 'destination_configuration', 'destination_connection_id', 'mode', 'name', 'source_connection_id'],
    );
    assert.equal(schema.additionalProperties, false);
  });

  test('top-level properties have the documented types, formats and nullability', () => {
    const expected: Record<string, { type: string[]; format?: string; ref?: string }> = {
      $schema: { type: ['string'] },
      polysync: { type: ['object'] },
      name: { type: ['string'] },
      mode: { type: ['string'], ref: 'Mode' },
      source_connection_id: { type: ['string'], format: 'uuid' },
      destination_connection_id: { type: ['string'], format: 'uuid' },
      destination_configuration: { type: ['object'] },
      default_schedule: { type: ['object'], ref: 'Schedule' },
      additional_schedules: { type: ['array', 'null'] },
      active: { type: ['boolean', 'null'] },
      automatically_add_new_fields: { type: ['string'], ref: 'Discover' },
      automatically_add_new_objects: { type: ['string'], ref: 'Discover' },
      normalize_names: { type: ['string'], ref: 'NormalizeNames' },
      concurrency_limit: { type: ['integer', 'null'] },
      resync_concurrency_limit: { type: ['integer', 'null'] },
      data_cutoff_timestamp: { type: ['string', 'null'], format: 'date-time' },
      disable_record_timestamps: { type: ['boolean', 'null'] },
      organization_id: { type: ['string', 'null'], format: 'uuid' },
      policies: { type: ['array', 'null'] },
      schemas: { type: ['array', 'null'] },
      source_configuration: { type: ['object', 'null'] },
    };
    assert.deepEqual(Object.keys(schema.properties).sort(), Object.keys(expected).sort());
    for (const [name, want] of Object.entries(expected)) {
      const prop = schema.properties[name];
      const shown = effective(prop);
      assert.deepEqual(typesOf(shown), want.type, `${name} type`);
      assert.equal(shown.format, want.format, `${name} format`);
      if (want.ref) assert.equal(prop.$ref, `#/definitions/${want.ref}`, `${name} refers to ${want.ref}`);
    }
    assert.equal(schema.properties.$schema['x-editorOnly'], true);
    assert.deepEqual(effective(schema.properties.policies.items), { ...def('Uuid') });
    assert.equal(schema.properties.additional_schedules.items.$ref, '#/definitions/AdditionalSchedule');
    assert.equal(schema.properties.schemas.items.$ref, '#/definitions/SchemaItem');
  });

  test('enums and defaults', () => {
    assert.deepEqual(def('Mode').enum, ['snapshot', 'replicate']);
    assert.deepEqual(def('Discover').enum, ['all', 'onlyIncremental', 'onlyNonIncremental', 'none']);
    assert.deepEqual(def('NormalizeNames').enum, ['enabled', 'disabled', 'legacy']);
    assert.equal(effective(schema.properties.normalize_names).default, 'enabled');
    assert.deepEqual(def('ResyncMode').enum, ['normal', 'refetch', 'resync', 'rebuild']);
    assert.deepEqual(def('SelectiveMode').enum, ['none', 'incrementalFields', 'nonincrementalFields']);
    assert.equal(schema.properties.disable_record_timestamps.default, false);
    const config = def('SchemaConfiguration').properties;
    assert.equal(config.enabled.default, true);
    assert.equal(config.disable_data_cutoff.default, false);
    assert.equal(def('FieldConfiguration').properties.enabled.default, true);
    assert.equal(def('FieldConfiguration').properties.obfuscate.default, false);
  });

  test('what happens when optional fields are left out', () => {
    const omitted = (name: string) => effective(schema.properties[name])['x-omitted'] as string;
    assert.match(omitted('automatically_add_new_fields'), /\*\*are\*\* added.*`all`/);
    assert.match(omitted('automatically_add_new_objects'), /\*\*not\*\* added.*`none`/);
    assert.match(omitted('normalize_names'), /`enabled`/);
    assert.match(omitted('schemas'), /\*\*All\*\* source schemas are selected/);
    assert.match(omitted('active'), /API's default/);
  });

  test("the language service sees a property's own explanation, not only the shared definition", () => {
    // Both discovery settings share the Discover enum but behave differently when left out.
    assert.match(schemaAtPath(['automatically_add_new_fields'])?.['x-omitted'] as string, /`all`/);
    assert.match(schemaAtPath(['automatically_add_new_objects'])?.['x-omitted'] as string, /`none`/);
    assert.deepEqual(schemaAtPath(['automatically_add_new_objects'])?.enum, def('Discover').enum);
    assert.match(schemaAtPath(['default_schedule', 'hour'])?.description as string, /UTC/);
  });

  test('concurrency limits are whole numbers; their minimum of 1 is inferred, so it is no schema minimum', () => {
    for (const name of ['concurrency_limit', 'resync_concurrency_limit']) {
      assert.deepEqual(schema.properties[name].type, ['integer', 'null']);
      assert.equal(schema.properties[name].minimum, undefined);
      assert.equal(schema.properties[name]['x-inferredMinimum'], 1);
    }
  });

  test('the 29 filter functions, exactly as the API lists them', () => {
    const fn = def('FilterFunction');
    assert.equal(fn.enum.length, 29);
    assert.deepEqual(fn.enum, FILTER_FUNCTIONS);
    assert.equal(def('Filter').properties.function.$ref, '#/definitions/FilterFunction');
    assert.deepEqual(def('Filter').required, ['function']);
    assert.deepEqual(Object.keys(def('Filter').properties).sort(), ['field_id', 'function', 'value']);
    assert.equal(def('Filter').properties.value.type, undefined, 'value takes any JSON');
    for (const f of def('Filter')['x-functionsWithoutValue']) assert.ok(FILTER_FUNCTIONS.includes(f), f);
  });

  test('the frequencies, with multi deprecated and the model-sync ones marked', () => {
    const freq = def('Frequency');
    assert.deepEqual(freq.enum, FREQUENCIES);
    const about = (value: string) => freq.enumDescriptions[freq.enum.indexOf(value)] as string;
    assert.match(about('multi'), /Deprecated/);
    for (const value of ['builder', 'runafter', 'dbtcloud']) assert.match(about(value), /Model-sync oriented/);
  });

  test('schedules: string values without patterns, frequency required, times UTC, frequency table', () => {
    const schedule = def('Schedule');
    assert.deepEqual(schedule.required, ['frequency']);
    assert.match(schedule.description, /UTC/);
    const fields = ['minute', 'hour', 'day_of_week', 'day_of_month', 'month', 'id'];
    assert.deepEqual(Object.keys(schedule.properties).sort(), ['frequency', ...fields].sort());
    for (const name of fields) {
      const field = effective(schedule.properties[name]);
      assert.deepEqual(typesOf(field), ['string'], `${name} is a string`);
      assert.equal(field.pattern, undefined, `${name} has no pattern (a rule checks ranges)`);
    }
    assert.equal(effective(schedule.properties.id).format, 'uuid');
    assert.deepEqual(schedule['x-frequencyFields'], {
      manual: [],
      continuous: [],
      hourly: ['minute'],
      daily: ['hour', 'minute'],
      weekly: ['day_of_week', 'hour', 'minute'],
      custom: ['minute', 'hour', 'day_of_month', 'month', 'day_of_week'],
    });
    assert.equal(schedule['x-frequencyFieldsInferred'], true);
    for (const [frequency, used] of Object.entries<string[]>(schedule['x-frequencyFields'])) {
      assert.ok(FREQUENCIES.includes(frequency), frequency);
      for (const f of used) assert.ok(schedule.properties[f], `${frequency} uses a schedule field: ${f}`);
    }
  });

  test('additional schedules: the schedule fields plus resync_mode, selective_mode and schemas', () => {
    const schedule = def('Schedule');
    const extra = def('AdditionalSchedule');
    assert.equal(extra.allOf, undefined);
    assert.deepEqual(extra.required, ['frequency']);
    for (const [name, prop] of Object.entries<Node>(schedule.properties)) assert.deepEqual(extra.properties[name], prop, name);
    assert.deepEqual(
      Object.keys(extra.properties).filter((k) => !(k in schedule.properties)).sort(),
      ['resync_mode', 'schemas', 'selective_mode'],
    );
    assert.equal(extra.properties.resync_mode.$ref, '#/definitions/ResyncMode');
    assert.equal(extra.properties.selective_mode.$ref, '#/definitions/SelectiveMode');
    assert.deepEqual(extra.properties.schemas.items, { type: 'string' });
  });

  test('schema items: a string or a configuration object', () => {
    assert.deepEqual(def('SchemaItem').oneOf.map((b: Node) => b.type ?? b.$ref), ['string', '#/definitions/SchemaConfiguration']);
    assert.deepEqual(def('FieldItem').oneOf.map((b: Node) => b.type ?? b.$ref), ['string', '#/definitions/FieldConfiguration']);
    const config = def('SchemaConfiguration');
    assert.deepEqual(config.required, ['id']);
    assert.deepEqual(
      Object.keys(config.properties).sort(),
      ['data_cutoff_timestamp', 'disable_data_cutoff', 'enabled', 'fields', 'filters', 'id', 'partition_key', 'tracking_field'],
    );
    assert.equal(config.properties.data_cutoff_timestamp.format, 'date-time');
    assert.deepEqual(config['x-notAcceptedOnCreate'], ['user_output_name', 'output_name']);
    for (const name of config['x-notAcceptedOnCreate']) assert.equal(config.properties[name], undefined);
    assert.deepEqual(Object.keys(def('FieldConfiguration').properties).sort(), ['enabled', 'id', 'obfuscate']);
  });

  test('the properties removed in 2025-09-18 are described, not declared', () => {
    const removed = schema['x-removedProperties'];
    assert.deepEqual(Object.keys(removed).sort(), ['discover', 'schedule']);
    assert.deepEqual(removed.schedule.replacedBy, ['default_schedule', 'additional_schedules']);
    assert.deepEqual(removed.discover.replacedBy, ['automatically_add_new_fields', 'automatically_add_new_objects']);
    for (const [name, info] of Object.entries<Node>(removed)) {
      assert.equal(schema.properties[name], undefined, `${name} is not a property`);
      assert.equal(info.removedIn, '2025-09-18');
      assert.ok(info.message.includes(`\`${name}\``), `${name} message names it`);
      for (const replacement of info.replacedBy) {
        assert.ok(schema.properties[replacement], `${replacement} exists`);
        assert.ok(info.message.includes(replacement), `${name} message mentions ${replacement}`);
      }
    }
  });

  test('known connection keys are documentation only', () => {
    const known = schema.properties.destination_configuration['x-knownKeys'];
    assert.deepEqual(Object.keys(known.snowflake).sort(), ['advanced', 'mirror_schemas', 'schema']);
    assert.ok(known.snowflake.advanced.properties.hard_deletes);
    assert.deepEqual(Object.keys(known.s3).sort(), ['format', 'subfolder']);
    assert.ok(schema.properties.source_configuration['x-knownKeys'].postgresql.replication_slot);
    const anyKeys = { ...examples.get('hubspot-to-postgres.polysync.json'), destination_configuration: { warehouse_thing: 1 } };
    assert.deepEqual(errorsOf(anyKeys), [], 'unknown destination keys are accepted');
  });
});

describe('the validator rejects what the API rejects', () => {
  const base = (): Node => structuredClone(examples.get('postgres-to-s3.polysync.json')!);
  const cases: [string, (doc: Node) => void, string, string][] = [
    ['missing default_schedule', (d) => delete d.default_schedule, '', 'required'],
    ['old-style schedule', (d) => (d.schedule = { frequency: 'daily' }), '', 'additionalProperties'],
    ['unknown mode', (d) => (d.mode = 'mirror'), '/mode', 'enum'],
    ['misspelt filter function', (d) => (d.schemas[0].filters[0].function = 'equality'), '/schemas/0/filters/0/function', 'enum'],
    ['fractional concurrency', (d) => (d.concurrency_limit = 1.5), '/concurrency_limit', 'type'],
    ['numeric hour', (d) => (d.default_schedule.hour = 2), '/default_schedule/hour', 'type'],
    ['schedule without frequency', (d) => delete d.default_schedule.frequency, '/default_schedule', 'required'],
    ['resync_mode on the default schedule', (d) => (d.default_schedule.resync_mode = 'rebuild'), '/default_schedule', 'additionalProperties'],
    ['output_name on create', (d) => (d.schemas[0].output_name = 'orders'), '/schemas/0', 'oneOf'],
    ['bad uuid', (d) => (d.source_connection_id = 'orders-db'), '/source_connection_id', 'format'],
    ['bad date-time', (d) => (d.data_cutoff_timestamp = '2024-13-01'), '/data_cutoff_timestamp', 'format'],
    ['null name', (d) => (d.name = null), '/name', 'type'],
  ];
  for (const [label, mutate, path, keyword] of cases) {
    test(label, () => {
      const doc = base();
      assert.deepEqual(errorsOf(doc), []);
      mutate(doc);
      const errors = errorsOf(doc);
      assert.ok(
        errors.some((e) => e.instancePath === path && e.keyword === keyword),
        `expected ${keyword} at "${path}", got ${JSON.stringify(errors.map((e) => [e.instancePath, e.keyword]))}`,
      );
    });
  }

  test('nullable fields accept null', () => {
    const doc = base();
    for (const name of ['additional_schedules', 'active', 'concurrency_limit', 'data_cutoff_timestamp', 'organization_id', 'policies', 'schemas', 'source_configuration']) {
      doc[name] = null;
    }
    assert.deepEqual(errorsOf(doc), []);
  });
});

describe('examples', () => {
  const connections: Record<string, [string, string]> = {
    'salesforce-to-snowflake.polysync.json': ['0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10', 'a2b4c6d8-1e3f-4a5b-8c7d-9e0f1a2b3c80'],
    'hubspot-to-postgres.polysync.json': ['3f9e2d41-8c7b-4a6e-b5d0-1c2e3f4a5b60', 'c5d7e9f1-3a5b-4c7d-9e1f-2a4b6c8d0e90'],
    'postgres-to-s3.polysync.json': ['7c1d5e9a-2b3f-4c8d-a6e1-9f0b2c3d4e70', 'e8f0a2b4-6c8d-4e0f-a1b3-c5d7e9f1a3b0'],
    'salesforce-nightly.polysync.json': ['0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10', 'a2b4c6d8-1e3f-4a5b-8c7d-9e0f1a2b3c80'],
  };
  const sandbox = new Map(buildConnections().map((c) => [c.connection.id, c]));

  test('the expected example files exist', () => {
    assert.deepEqual(exampleFiles, Object.keys(connections).sort());
    assert.ok(readFileSync(join(examplesDir, 'README.md'), 'utf8').length > 200);
  });

  for (const file of Object.keys(connections)) {
    test(`${file} is valid against the schema`, () => {
      assert.deepEqual(parsedExamples.get(file)?.errors, [], `${file} parses as JSON with comments`);
      const doc = examples.get(file)!;
      assert.deepEqual(errorsOf(doc).map((e) => `${e.instancePath} ${e.message}`), []);
      assert.equal(doc.$schema, '../schemas/bulk-sync.schema.json');
      assert.match(readFileSync(join(examplesDir, file), 'utf8'), /^\s*\/\/ /m, 'has explaining comments');
    });

    test(`${file} fits the sandbox connections it names`, () => {
      const doc = examples.get(file)!;
      assert.deepEqual([doc.source_connection_id, doc.destination_connection_id], connections[file]);
      const source = sandbox.get(doc.source_connection_id)?.source;
      const target = sandbox.get(doc.destination_connection_id)?.target;
      assert.ok(source && target, 'a sandbox source and destination');
      assert.ok((target.modes ?? []).some((m) => m.id === doc.mode), `${doc.mode} is a mode of the destination`);
      for (const key of target.requiredConfig) assert.ok(key in doc.destination_configuration, `destination needs ${key}`);
      for (const [key, allowed] of Object.entries(target.enumConfig ?? {})) {
        if (key in doc.destination_configuration) assert.ok(allowed.includes(doc.destination_configuration[key]), key);
      }
      const selected = new Map<string, Node>();
      for (const item of doc.schemas ?? []) selected.set(typeof item === 'string' ? item : item.id, typeof item === 'string' ? { id: item } : item);
      for (const [id, item] of selected) {
        const known = (source.schemas ?? []).find((s) => s.id === id);
        assert.ok(known, `${id} is a schema of the source`);
        const fieldIds = new Set((known.fields ?? []).map((f) => f.id));
        const named = [
          ...(item.fields ?? []).map((f: string | Node) => (typeof f === 'string' ? f : f.id)),
          ...(item.filters ?? []).map((f: Node) => f.field_id),
          ...(item.tracking_field ? [item.tracking_field] : []),
        ];
        for (const field of named) assert.ok(fieldIds.has(field), `${id}.${field} is a field of the source`);
        if (item.tracking_field) assert.equal(source.capabilities?.supports_tracking_fields, true, 'the source supports tracking fields');
      }
      for (const extra of doc.additional_schedules ?? []) {
        for (const id of extra.schemas ?? []) assert.ok(selected.has(id), `${id} is selected`);
        if (extra.resync_mode) assert.ok(target.supported_resync_modes?.includes(extra.resync_mode), extra.resync_mode);
      }
    });

    test(`${file} schedules carry exactly the fields their frequency uses`, () => {
      const doc = examples.get(file)!;
      const table = def('Schedule')['x-frequencyFields'];
      const valueFields = ['minute', 'hour', 'day_of_week', 'day_of_month', 'month'];
      for (const s of [doc.default_schedule, ...(doc.additional_schedules ?? [])]) {
        assert.ok(table[s.frequency], `${s.frequency} is a bulk frequency`);
        assert.deepEqual(valueFields.filter((f) => f in s).sort(), [...table[s.frequency]].sort(), JSON.stringify(s));
      }
    });
  }

  test('postgres-to-s3 shows additional schedules and filters', () => {
    const doc = examples.get('postgres-to-s3.polysync.json')!;
    assert.ok(doc.additional_schedules.length >= 2);
    assert.ok(doc.schemas.some((s: Node) => typeof s === 'object' && s.filters?.length));
    assert.deepEqual(Object.keys(doc.destination_configuration).sort(), ['format', 'subfolder']);
  });
});
