import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse, type ParseError, printParseErrorCode } from 'jsonc-parser';
import {
  type CompletionItem,
  CompletionItemTag,
  InsertTextFormat,
  type MarkupContent,
  type TextEdit,
} from 'vscode-languageserver-types';
import { complete } from '../../server/src/service/completion/complete';
import { type CompletionRequest, createLanguageService } from '../../server/src/service';
import type { ValueProvider } from '../../server/src/service/completion/providers';
import { snippetToText } from '../../server/src/service/completion/snippets';
import { parseDocument } from '../../server/src/service/document/document';
import { atCursor, type CursorFixture } from './cursor';

// Completion as the service's front door gives it: with the schedule provider it registers.
const service = createLanguageService();

function completeAt(marked: string, options?: CompletionRequest) {
  const fixture = atCursor(marked);
  const list = service.complete(fixture.doc, fixture.position, options);
  return { fixture, items: list.items };
}

function labels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

function byLabel(items: CompletionItem[], label: string): CompletionItem {
  const item = items.find((i) => i.label === label);
  assert.ok(item, `no item ${label} among ${labels(items).join(', ')}`);
  return item;
}

function docText(item: CompletionItem): string {
  const doc = item.documentation as MarkupContent | undefined;
  assert.equal(doc?.kind, 'markdown', `${item.label} has markdown documentation`);
  return doc!.value;
}

/** The document after accepting `item`, every placeholder keeping its default. */
function accept(fixture: CursorFixture, item: CompletionItem): string {
  const edit = item.textEdit as TextEdit;
  assert.ok(edit?.range, `${item.label} has a textEdit`);
  const edits = [edit, ...(item.additionalTextEdits ?? [])].map((e) => ({
    start: fixture.doc.offsetAt(e.range.start),
    end: fixture.doc.offsetAt(e.range.end),
    text: item.insertTextFormat === InsertTextFormat.Snippet && e === edit ? snippetToText(e.newText).text : e.newText,
  }));
  edits.sort((a, b) => b.start - a.start);
  let text = fixture.text;
  for (const e of edits) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return text;
}

function parseStrict(text: string): { value: unknown; errors: string[] } {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: false, disallowComments: false });
  return { value, errors: errors.map((e) => `${printParseErrorCode(e.error)} at ${e.offset}`) };
}

/** Every item of a fixture, once accepted, leaves well-formed JSON; returns the parsed results. */
function assertAllApplyCleanly(marked: string): Map<string, unknown> {
  const { fixture, items } = completeAt(marked);
  assert.ok(items.length > 0, `expected items for ${marked}`);
  const results = new Map<string, unknown>();
  for (const item of items) {
    const text = accept(fixture, item);
    const { value, errors } = parseStrict(text);
    assert.deepEqual(errors, [], `accepting ${item.label} in ${JSON.stringify(marked)} gave ${JSON.stringify(text)}`);
    results.set(item.label, value);
  }
  return results;
}

const EMPTY_STRING_LABEL = '""';

describe('value completion: enums', () => {
  const cases: { name: string; marked: string; values: string[]; omitted?: string }[] = [
    { name: 'mode', marked: '{"mode": |}', values: ['snapshot', 'replicate'] },
    {
      name: 'automatically_add_new_fields',
      marked: '{"automatically_add_new_fields": |}',
      values: ['all', 'onlyIncremental', 'onlyNonIncremental', 'none'],
      omitted: 'all',
    },
    {
      name: 'automatically_add_new_objects',
      marked: '{"automatically_add_new_objects": |}',
      values: ['all', 'onlyIncremental', 'onlyNonIncremental', 'none'],
      omitted: 'none',
    },
    { name: 'normalize_names', marked: '{"normalize_names": |}', values: ['enabled', 'disabled', 'legacy'], omitted: 'enabled' },
    {
      name: 'default_schedule.frequency',
      marked: '{"default_schedule": {"frequency": |}}',
      values: ['manual', 'continuous', 'hourly', 'daily', 'weekly', 'custom', 'builder', 'runafter', 'multi', 'dbtcloud'],
    },
    {
      name: 'additional_schedules[].frequency',
      marked: '{"additional_schedules": [{"frequency": |}]}',
      values: ['manual', 'continuous', 'hourly', 'daily', 'weekly', 'custom', 'builder', 'runafter', 'multi', 'dbtcloud'],
    },
    {
      name: 'selective_mode',
      marked: '{"additional_schedules": [{"frequency": "daily", "selective_mode": |}]}',
      values: ['none', 'incrementalFields', 'nonincrementalFields'],
      omitted: 'none',
    },
    {
      name: 'resync_mode',
      marked: '{"additional_schedules": [{"resync_mode": |, "frequency": "daily"}]}',
      values: ['normal', 'refetch', 'resync', 'rebuild'],
      omitted: 'normal',
    },
    {
      name: 'filter function',
      marked: '{"schemas": [{"id": "Contact", "filters": [{"field_id": "Email", "function": |}]}]}',
      values: ['Equality', 'Inequality', 'IsNull', 'IsNotNull', 'StringOneOf', 'Between', 'StringMatchesTrimmed'],
    },
    {
      name: 'day_of_week',
      marked: '{"default_schedule": {"frequency": "weekly", "day_of_week": |}}',
      values: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
    },
  ];
  test('the schedule\'s words come from the provider the service registers, not from completion itself', () => {
    const marked = '{"default_schedule": {"frequency": "weekly", "day_of_week": |}}';
    const fixture = atCursor(marked);
    const bare = complete(fixture.doc, fixture.position).items.map((i) => i.label);
    assert.ok(!bare.includes('wednesday'), `only the schema's examples without the provider: ${JSON.stringify(bare)}`);
    assert.ok(labels(completeAt(marked).items).includes('wednesday'));
    const name = atCursor('{"default_schedule": {"frequency": "weekly", "day_o|"}}');
    const snippet = (list: CompletionItem[]) => (byLabel(list, 'day_of_week').textEdit as TextEdit).newText;
    assert.match(snippet(service.complete(name.doc, name.position).items), /monday,tuesday/, 'the inserted value is a choice of day names');
    assert.doesNotMatch(snippet(complete(name.doc, name.position).items), /monday/);
  });

  for (const c of cases) {
    test(`${c.name} offers its values, each explained`, () => {
      const { items } = completeAt(c.marked);
      for (const value of c.values) {
        const item = byLabel(items, value);
        assert.equal((item.textEdit as TextEdit).newText, JSON.stringify(value));
        assert.ok(docText(item).length > 10, `${value} is explained`);
      }
      const marked = items.filter((i) => i.detail === 'default when omitted').map((i) => i.label);
      assert.deepEqual(marked, c.omitted ? [c.omitted] : [], 'the value used when the field is omitted is marked');
      assertAllApplyCleanly(c.marked);
    });
  }

  test('frequency: bulk-sync values come first, multi is deprecated, model-sync values last', () => {
    const { items } = completeAt('{"default_schedule": {"frequency": |}}');
    const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.deepEqual(labels(sorted).slice(0, 6), ['manual', 'continuous', 'hourly', 'daily', 'weekly', 'custom']);
    assert.deepEqual(byLabel(items, 'multi').tags, [CompletionItemTag.Deprecated]);
    assert.equal(byLabel(items, 'manual').tags, undefined);
    assert.match(docText(byLabel(items, 'daily')), /`hour` and `minute`/);
  });

  test('the documentation says what the API does when the field is left out', () => {
    const { items } = completeAt('{"automatically_add_new_objects": |}');
    assert.match(docText(byLabel(items, 'none')), /left out/);
    assert.doesNotMatch(docText(byLabel(items, 'all')), /left out/);
  });

  test('booleans and null follow the type; the omitted default is marked', () => {
    const active = completeAt('{"active": |}').items;
    assert.deepEqual(labels(active).sort(), ['false', 'null', 'true']);
    const timestamps = completeAt('{"disable_record_timestamps": |}').items;
    assert.equal(byLabel(timestamps, 'false').detail, 'default when omitted');
    assert.equal(byLabel(timestamps, 'true').detail, undefined);
    assert.match(docText(byLabel(timestamps, 'null')), /as if it were left out/);
    // A field's `obfuscate` may be null too (the published spec allows it); `false` is its default.
    const obfuscate = completeAt('{"schemas": [{"id": "a", "fields": [{"id": "b", "obfuscate": |}]}]}').items;
    assert.deepEqual(labels(obfuscate).sort(), ['false', 'null', 'true']);
    assert.equal(byLabel(obfuscate, 'false').detail, 'default when omitted');
    assertAllApplyCleanly('{"active": |}');
  });

  test('custom schedules offer * for cron fields', () => {
    const { items } = completeAt('{"default_schedule": {"frequency": "custom", "hour": |}}');
    assert.equal(byLabel(items, '*').detail, 'every hour');
    const daily = completeAt('{"default_schedule": {"frequency": "daily", "hour": |}}').items;
    assert.ok(!labels(daily).includes('*'));
  });
});

describe('value completion: positions and edits', () => {
  test('inside "" the edit replaces the whole string, quotes included', () => {
    const { fixture, items } = completeAt('{"mode": "|"}');
    const item = byLabel(items, 'replicate');
    assert.deepEqual((item.textEdit as TextEdit).range, fixture.doc.rangeOf(9, 2));
    assert.equal(accept(fixture, item), '{"mode": "replicate"}');
    assert.equal(item.filterText, '"replicate"');
  });

  test('a partly typed string is replaced whole, also with text after the cursor', () => {
    const { fixture, items } = completeAt('{"mode": "re|pl"}');
    assert.equal(accept(fixture, byLabel(items, 'replicate')), '{"mode": "replicate"}');
    const unterminated = completeAt('{\n  "mode": "re|\n}');
    assert.equal(accept(unterminated.fixture, byLabel(unterminated.items, 'snapshot')), '{\n  "mode": "snapshot"\n}');
  });

  test('a bare word is replaced and filtered without quotes', () => {
    const { fixture, items } = completeAt('{"mode": rep|}');
    const item = byLabel(items, 'replicate');
    assert.equal(item.filterText, 'replicate');
    assert.equal(accept(fixture, item), '{"mode": "replicate"}');
  });

  test('after a colon with no space, a space is added', () => {
    const { fixture, items } = completeAt('{"mode":|}');
    assert.equal(accept(fixture, byLabel(items, 'snapshot')), '{"mode": "snapshot"}');
  });

  test('on a new line after the colon', () => {
    const { fixture, items } = completeAt('{\n  "mode":\n    |\n}');
    assert.equal(accept(fixture, byLabel(items, 'snapshot')), '{\n  "mode":\n    "snapshot"\n}');
  });

  test('a comma is added when another property follows', () => {
    const { fixture, items } = completeAt('{\n  "mode": |\n  "name": "x"\n}');
    assert.equal(accept(fixture, byLabel(items, 'snapshot')), '{\n  "mode": "snapshot",\n  "name": "x"\n}');
    assertAllApplyCleanly('{\n  "default_schedule": |\n  "name": "x"\n}');
  });

  test('schemas items: a string, an object skeleton with id, and the schema snippets', () => {
    const results = assertAllApplyCleanly('{"schemas": [|]}');
    assert.deepEqual(results.get(EMPTY_STRING_LABEL), { schemas: [''] });
    assert.deepEqual(results.get('{}'), { schemas: [{ id: '' }] });
    assert.deepEqual(results.get('schema with a tracking field'), { schemas: [{ id: '', tracking_field: 'updated_at' }] });
    const { items } = completeAt('{"schemas": [|]}');
    const skeleton = byLabel(items, '{}');
    assert.equal(skeleton.insertTextFormat, InsertTextFormat.Snippet);
    assert.match((skeleton.textEdit as TextEdit).newText, /"id": "\$1"/);
  });

  test('array items after a comma, on a new line, and with a missing comma', () => {
    assertAllApplyCleanly('{"schemas": ["Contact", |]}');
    assertAllApplyCleanly('{\n  "schemas": [\n    "Contact",\n    |\n  ]\n}');
    const { fixture, items } = completeAt('{\n  "schemas": [\n    "Contact"\n    |\n  ]\n}');
    const text = accept(fixture, byLabel(items, '{}'));
    assert.deepEqual(parseStrict(text).errors, []);
    assert.deepEqual(JSON.parse(text), { schemas: ['Contact', { id: '' }] });
  });

  test('additional schedules: skeleton with frequency as a choice, plus schedule snippets', () => {
    const { items } = completeAt('{"additional_schedules": [|]}');
    assert.match((byLabel(items, '{}').textEdit as TextEdit).newText, /"frequency": "\$\{1\|manual,continuous,hourly,daily,weekly,custom\|\}"/);
    const results = assertAllApplyCleanly('{"additional_schedules": [|]}');
    assert.deepEqual(results.get('incremental fields, continuously'), {
      additional_schedules: [{ frequency: 'continuous', selective_mode: 'incrementalFields' }],
    });
  });

  test('filters: an item skeleton holds the required function', () => {
    const results = assertAllApplyCleanly('{"schemas": [{"id": "a", "filters": [|]}]}');
    assert.deepEqual(results.get('{}'), { schemas: [{ id: 'a', filters: [{ function: 'Equality' }] }] });
    assert.deepEqual(results.get('is not null'), { schemas: [{ id: 'a', filters: [{ field_id: '', function: 'IsNotNull' }] }] });
  });

  test('default_schedule value: skeleton and one snippet per frequency', () => {
    const results = assertAllApplyCleanly('{"default_schedule": |}');
    assert.deepEqual(results.get('{}'), { default_schedule: { frequency: 'manual' } });
    assert.deepEqual(results.get('daily'), { default_schedule: { frequency: 'daily', hour: '6', minute: '0' } });
  });

  test('value providers add values for their paths, first; a failing provider is not hidden', () => {
    const seen: (string | number)[][] = [];
    const connections: ValueProvider = {
      name: 'connections',
      values({ path, typed }) {
        seen.push(path);
        if (path.length !== 1 || !String(path[0]).endsWith('_connection_id')) return undefined;
        return [{ value: '248df4b7-aa70-47b8-a036-33ac447e668d', label: 'Production Postgres', detail: 'postgresql', documentation: `typed: ${typed}` }];
      },
    };
    const broken: ValueProvider = {
      name: 'broken',
      values() {
        throw new Error('offline');
      },
    };
    // A provider's bug reaches the caller (the LSP adapter's guard logs it with its stack).
    assert.throws(() => completeAt('{"source_connection_id": "24|"}', { valueProviders: [broken, connections] }), /offline/);
    seen.length = 0;
    const { fixture, items } = completeAt('{"source_connection_id": "24|"}', { valueProviders: [connections] });
    const item = byLabel(items, 'Production Postgres');
    assert.equal(accept(fixture, item), '{"source_connection_id": "248df4b7-aa70-47b8-a036-33ac447e668d"}');
    assert.equal(docText(item), 'typed: 24');
    assert.deepEqual(seen, [['source_connection_id']]);
    const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.equal(sorted[0].label, 'Production Postgres');
    const none = completeAt('{"name": "|"}', { valueProviders: [connections] }).items;
    assert.ok(!labels(none).includes('Production Postgres'));
  });
});

describe('property name completion', () => {
  const required = ['name', 'mode', 'source_connection_id', 'destination_connection_id', 'destination_configuration', 'default_schedule'];

  test('in an empty root object: every property, required ones first', () => {
    const { items } = completeAt('{|}');
    const sorted = labels([...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')));
    assert.deepEqual(sorted.slice(0, required.length), required);
    assert.ok(sorted.includes('schemas') && sorted.includes('additional_schedules') && sorted.includes('$schema'));
    assert.ok(!sorted.includes('schedule') && !sorted.includes('discover'), 'removed properties are never offered');
    assert.match(byLabel(items, 'name').detail ?? '', /required/);
    assert.match(docText(byLabel(items, 'automatically_add_new_objects')), /When omitted/);
  });

  test('each name inserts "key": and a value snippet', () => {
    const { items } = completeAt('{|}');
    const newText = (label: string) => (byLabel(items, label).textEdit as TextEdit).newText;
    assert.equal(newText('name'), '"name": "$1"');
    assert.equal(newText('mode'), '"mode": "${1|snapshot,replicate|}"');
    assert.equal(newText('default_schedule'), '"default_schedule": {\n\t"frequency": "${1|manual,continuous,hourly,daily,weekly,custom|}"\n}');
    assert.equal(newText('schemas'), '"schemas": [$1]');
    assert.equal(newText('destination_configuration'), '"destination_configuration": {$1}');
    assert.equal(newText('active'), '"active": ${1|true,false|}');
    assert.equal(newText('disable_record_timestamps'), '"disable_record_timestamps": ${1|true,false|}');
    assert.equal(newText('concurrency_limit'), '"concurrency_limit": ${1:1}');
    assert.equal(newText('$schema'), '"\\$schema": "$1"');
    assert.equal(byLabel(items, 'mode').insertTextFormat, InsertTextFormat.Snippet);
    const results = assertAllApplyCleanly('{|}');
    assert.deepEqual(results.get('default_schedule'), { default_schedule: { frequency: 'manual' } });
    assert.deepEqual(results.get('$schema'), { $schema: '' });
  });

  test('present properties are not offered again', () => {
    const { items } = completeAt('{"name": "x", |, "mode": "snapshot"}');
    assert.ok(!labels(items).includes('name'));
    assert.ok(!labels(items).includes('mode'));
    assert.ok(labels(items).includes('source_connection_id'));
  });

  test('on a new line, after a comma, before another property, after a value with no comma', () => {
    assertAllApplyCleanly('{\n  "name": "x",\n  |\n}');
    assertAllApplyCleanly('{"name": "x", |}');
    assertAllApplyCleanly('{\n  |\n  "name": "x"\n}');
    const { fixture, items } = completeAt('{\n  "name": "x"\n  |\n}');
    const item = byLabel(items, 'mode');
    assert.equal(item.additionalTextEdits?.length, 1, 'the missing comma is added after the previous value');
    assert.equal(accept(fixture, item), '{\n  "name": "x",\n  "mode": "snapshot"\n}');
  });

  test('inside a partly typed key the edit replaces the whole key, quotes included', () => {
    const { fixture, items } = completeAt('{"na|"}');
    const item = byLabel(items, 'name');
    assert.deepEqual((item.textEdit as TextEdit).range, fixture.doc.rangeOf(1, 4));
    assert.equal(item.filterText, '"name"');
    assert.equal(accept(fixture, item), '{"name": ""}');
    assertAllApplyCleanly('{"na|"}');
  });

  test('a key that already has a colon and value keeps them', () => {
    const { fixture, items } = completeAt('{"mo|": "snapshot"}');
    const item = byLabel(items, 'mode');
    assert.equal((item.textEdit as TextEdit).newText, '"mode"');
    assert.equal(accept(fixture, item), '{"mode": "snapshot"}');
    assertAllApplyCleanly('{\n  "na|": "x"\n}');
  });

  test('the key being edited is still offered even though it is present', () => {
    const { items } = completeAt('{"name|": "x"}');
    assert.ok(labels(items).includes('name'));
  });

  test('an unterminated key and a bare word', () => {
    const unterminated = completeAt('{\n  "mo|\n}');
    assert.equal(accept(unterminated.fixture, byLabel(unterminated.items, 'mode')), '{\n  "mode": "snapshot"\n}');
    const bare = completeAt('{ mo| }');
    assert.equal(byLabel(bare.items, 'mode').filterText, 'mode');
    assert.equal(accept(bare.fixture, byLabel(bare.items, 'mode')), '{ "mode": "snapshot" }');
  });

  test('$schema only at the root; nested objects offer their own properties', () => {
    const schedule = labels(completeAt('{"default_schedule": {|}}').items);
    assert.ok(!schedule.includes('$schema'));
    assert.deepEqual(schedule.sort(), ['day_of_month', 'day_of_week', 'frequency', 'hour', 'id', 'minute', 'month']);
    const additional = labels(completeAt('{"additional_schedules": [{|}]}').items);
    assert.ok(additional.includes('selective_mode') && additional.includes('resync_mode') && additional.includes('schemas'));
    assertAllApplyCleanly('{"additional_schedules": [{|}]}');
  });

  test('schema items never offer names refused on create', () => {
    const items = labels(completeAt('{"schemas": [{"id": "Contact", |}]}').items);
    assert.ok(items.includes('fields') && items.includes('filters') && items.includes('tracking_field'));
    assert.ok(!items.includes('output_name') && !items.includes('user_output_name'));
    assertAllApplyCleanly('{"schemas": [{"id": "Contact", |}]}');
  });

  test('schedule fields the frequency uses come first, the others last', () => {
    const { items } = completeAt('{"default_schedule": {"frequency": "daily", |}}');
    const sorted = labels([...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')));
    assert.deepEqual(sorted.slice(0, 2), ['minute', 'hour']);
    assert.equal((byLabel(items, 'day_of_week').textEdit as TextEdit).newText, '"day_of_week": "${1|monday,tuesday,wednesday,thursday,friday,saturday,sunday|}"');
  });

  test('a frequency spelled like a built-in object property ranks nothing and breaks nothing', () => {
    for (const frequency of ['constructor', 'toString', '__proto__']) {
      const { items } = completeAt(`{"default_schedule": {"frequency": "${frequency}", |}}`);
      assert.deepEqual(labels(items).sort(), ['day_of_month', 'day_of_week', 'hour', 'id', 'minute', 'month'], frequency);
      // An unknown frequency leaves the time fields in the schema's order (rank 2); id stays last.
      for (const field of ['minute', 'hour', 'day_of_week']) assert.equal(byLabel(items, field).sortText?.[0], '2', `${frequency}: ${field}`);
      assert.equal(byLabel(items, 'id').sortText?.[0], '3', frequency);
    }
  });

  test('connection-specific configuration keys, saying which connection types use them', () => {
    const { items } = completeAt('{"destination_configuration": {|}}');
    assert.ok(labels(items).includes('schema') && labels(items).includes('format') && labels(items).includes('advanced'));
    assert.match(docText(byLabel(items, 'mirror_schemas')), /`postgresql`, `snowflake`/);
    const advanced = labels(completeAt('{"destination_configuration": {"advanced": {|}}}').items);
    assert.deepEqual(advanced.sort(), ['hard_deletes', 'table_prefix', 'truncate_existing']);
  });

  test('no property names inside removed legacy properties', () => {
    assert.deepEqual(completeAt('{"schedule": {|}}').items, []);
    assert.deepEqual(completeAt('{"discover": |}').items, []);
  });
});

describe('empty documents and odd positions', () => {
  for (const marked of ['|', '  |  ', '// a new sync\n|', '/* draft */ |\n']) {
    test(`${JSON.stringify(marked)} offers a skeleton with every required field as a tab stop`, () => {
      const { items } = completeAt(marked);
      const skeleton = items[0];
      assert.equal(skeleton.insertTextFormat, InsertTextFormat.Snippet);
      const newText = (skeleton.textEdit as TextEdit).newText;
      for (let stop = 1; stop <= 6; stop++) assert.ok(newText.includes(`$${stop}`) || newText.includes(`\${${stop}`), `tab stop ${stop}`);
      const results = assertAllApplyCleanly(marked);
      const value = results.get(skeleton.label) as Record<string, unknown>;
      assert.deepEqual(Object.keys(value), [
        'name',
        'mode',
        'source_connection_id',
        'destination_connection_id',
        'destination_configuration',
        'default_schedule',
      ]);
      assert.ok(labels(items).includes('New bulk sync'));
    });
  }

  test('nothing inside comments, after the root object, or in a top-level array', () => {
    assert.deepEqual(completeAt('{\n  // na|\n}').items, []);
    assert.deepEqual(completeAt('{\n  /* na| */\n}').items, []);
    assert.deepEqual(completeAt('{"name": "x"} |').items, []);
    assert.deepEqual(completeAt('[|]').items, []);
    assert.deepEqual(completeAt('{"name" |}').items, []);
  });

  test('nothing right before a value a property already has', () => {
    assert.deepEqual(completeAt('{"default_schedule": |{"frequency": "daily"}}').items, []);
    assert.deepEqual(completeAt('{"mode": |"snapshot"}').items, []);
    assert.deepEqual(completeAt('{"active": |true}').items, []);
    // A string after the cursor that is the next property's name means this value is missing.
    assertAllApplyCleanly('{"mode": |"name": "x"}');
  });

  test('clients without snippet support get plain text', () => {
    const { fixture, items } = completeAt('{|}', { snippetSupport: false });
    for (const item of items) {
      assert.equal(item.insertTextFormat, InsertTextFormat.PlainText, item.label);
      assert.doesNotMatch((item.textEdit as TextEdit).newText, /\$\{?\d/, item.label);
    }
    assert.equal(accept(fixture, byLabel(items, 'mode')), '{"mode": "snapshot"}');
  });

  test('any text and any position: a list, never an exception, edits inside the document', () => {
    const examples = join(__dirname, '..', '..', 'examples');
    const texts = readdirSync(examples)
      .filter((f) => f.endsWith('.json'))
      .map((f) => readFileSync(join(examples, f), 'utf8'));
    texts.push('{"a": [1, {"b": "\\u12', '{{{{', ']]]', '{"schemas": [{"filters": [{"function": "', '"\\"', '{,,:}');
    for (const full of texts) {
      // Every prefix length of the first part of the file, and every offset of it.
      for (const text of [full, full.slice(0, full.length >> 1), full.slice(0, 120)]) {
        const doc = parseDocument('file:///x.polysync.json', 1, text);
        for (let offset = 0; offset <= text.length; offset += 3) {
          const list = service.complete(doc, doc.positionAt(offset));
          for (const item of list.items) {
            const edit = item.textEdit as TextEdit;
            assert.ok(doc.offsetAt(edit.range.start) <= offset && doc.offsetAt(edit.range.end) >= offset, `edit covers the cursor for ${item.label}`);
          }
        }
      }
    }
  });
});
