import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { parseDocument } from '../../server/src/service/document/document';
import { validateDocument } from '../../server/src/service/diagnostics/validate';
import { withMarkers } from './markers';

const ERROR = 1;
const WARNING = 2;
const INFO = 3;

/** A valid request with `extra` lines added before the last property. */
function request(extra = '', schedule = '{ "frequency": "daily", "hour": "2", "minute": "30" }'): string {
  return `{
  "name": "Salesforce to Snowflake",
  "mode": "replicate",
  "source_connection_id": "0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10",
  "destination_connection_id": "a2b4c6d8-1e3f-4a5b-8c7d-9e0f1a2b3c80",
  "destination_configuration": { "schema": "RAW" },${extra}
  "default_schedule": ${schedule}
}`;
}

function validate(text: string): Diagnostic[] {
  return validateDocument(parseDocument('file:///t.polysync.json', 1, text)) ?? [];
}

/** Asserts exactly one diagnostic, on the marked token, with this code, severity and message. */
function expectOne(marked: string, code: string, severity: number, message: RegExp): Diagnostic {
  const { doc, ranges } = withMarkers(marked);
  const diagnostics = validateDocument(doc) ?? [];
  assert.equal(diagnostics.length, 1, `expected one diagnostic, got ${JSON.stringify(diagnostics, null, 1)}`);
  const [d] = diagnostics;
  assert.equal(d.code, code);
  assert.equal(d.severity, severity);
  assert.equal(d.source, 'polysync');
  assert.match(d.message as string, message);
  assert.deepEqual(d.range, ranges[0]);
  return d;
}

describe('syntax', () => {
  test('a valid request has no diagnostics, comments included', () => {
    assert.deepEqual(validate(request('\n  // a comment\n  /* block */')), []);
  });
  test('a missing comma is reported at the next token', () => {
    expectOne('{\n  "name": "a"\n  ⟦"mode"⟧: "snapshot"\n}', 'PS001', ERROR, /Expected `,`/);
  });
  test('an unterminated string', () => {
    const d = validate('{ "name": "abc');
    assert.ok(d.some((x) => x.code === 'PS001' && /Unterminated string/.test(x.message as string)));
  });
  test('an empty document is an error at the start', () => {
    const [d] = validate('  \n');
    assert.equal(d.code, 'PS002');
    assert.deepEqual(d.range.start, { line: 0, character: 0 });
  });
  test('a comment-only document is empty', () => {
    assert.equal(validate('// nothing yet\n')[0].code, 'PS002');
  });
  test('a top-level array is not a request', () => {
    expectOne('⟦[1, 2]⟧', 'PS003', ERROR, /must be a JSON object.*not an array/);
  });
  test('trailing commas are warnings on the comma itself', () => {
    expectOne(request().replace('"RAW" }', '"RAW"⟦,⟧ }'), 'PS004', WARNING, /Trailing comma/);
  });
});

describe('schema', () => {
  test('missing required properties are reported on the opening brace of the root', () => {
    expectOne('⟦{⟧ "name": "x", "mode": "snapshot", "source_connection_id": "0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10", "destination_connection_id": "a2b4c6d8-1e3f-4a5b-8c7d-9e0f1a2b3c80", "destination_configuration": {} }', 'PS101', ERROR, /Missing required property `default_schedule`\./);
  });
  test('a missing property of a nested object is reported on its key', () => {
    expectOne(request('', '{ "hour": "2" }').replace('"default_schedule"', '⟦"default_schedule"⟧'), 'PS101', ERROR, /Missing required property `frequency` in `default_schedule`/);
  });
  test('wrong types name the expected type', () => {
    expectOne(request().replace('"Salesforce to Snowflake"', '⟦42⟧'), 'PS110', ERROR, /`name` must be a string: write "42"/);
    expectOne(request('\n  "active": ⟦"yes"⟧,'), 'PS102', ERROR, /`active` must be a boolean or null, not a string/);
    expectOne(request('\n  "schemas": ⟦{}⟧,'), 'PS102', ERROR, /`schemas` must be an array or null, not an object/);
  });
  test('null where not allowed', () => {
    expectOne(request().replace('"replicate"', '⟦null⟧'), 'PS103', ERROR, /`mode` cannot be null/);
  });
  test('null where allowed is fine', () => {
    assert.deepEqual(validate(request('\n  "policies": null,\n  "concurrency_limit": null,')), []);
  });
  test("a field item's `enabled` and `obfuscate` may be null (the published spec allows it: the default applies)", () => {
    assert.deepEqual(validate(request('\n  "schemas": [{ "id": "Contact", "enabled": null, "fields": [{ "id": "Email", "enabled": null, "obfuscate": null }] }],')), []);
  });
  test('a missing `mode` stays an error, and says the evidence is mixed', () => {
    const text = request().replace('\n  "mode": "replicate",', '').replace(/^\{/, '⟦{⟧');
    expectOne(text, 'PS101', ERROR, /Missing required property `mode`\. The API reference marks `mode` required, though the official SDK's own create example leaves it out/);
  });
  test('enums list the allowed values and suggest the nearest', () => {
    const d = expectOne(request().replace('"replicate"', '⟦"replciate"⟧'), 'PS104', ERROR, /Did you mean `replicate`\? Allowed: `snapshot` or `replicate`\./);
    assert.deepEqual(d.data, { fix: 'replaceValue', path: ['mode'], allowed: ['snapshot', 'replicate'], suggestion: 'replicate' });
    expectOne(request('\n  "automatically_add_new_objects": ⟦"All"⟧,'), 'PS104', ERROR, /Did you mean `all`\?/);
    expectOne(request('\n  "normalize_names": ⟦"sometimes"⟧,'), 'PS104', ERROR, /Allowed: `enabled`, `disabled` or `legacy`/);
  });
  test('filter functions are checked in schema items', () => {
    expectOne(request('\n  "schemas": [{ "id": "Contact", "filters": [{ "field_id": "Email", "function": ⟦"IsNul"⟧ }] }],'), 'PS104', ERROR, /Did you mean `IsNull`\?/);
  });
  test('uuid format', () => {
    expectOne(request().replace('"0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10"', '⟦"salesforce"⟧'), 'PS105', ERROR, /not a UUID/);
    expectOne(request('\n  "policies": [⟦"nope"⟧],'), 'PS105', ERROR, /not a UUID/);
  });
  test('date-time format (RFC 3339)', () => {
    expectOne(request('\n  "data_cutoff_timestamp": ⟦"2024-02-30T00:00:00Z"⟧,'), 'PS106', ERROR, /RFC 3339/);
    expectOne(request('\n  "data_cutoff_timestamp": ⟦"2024-01-01"⟧,'), 'PS106', ERROR, /RFC 3339/);
    assert.deepEqual(validate(request('\n  "data_cutoff_timestamp": "2024-01-01T08:00:00.5+02:00",')), []);
  });
  test('concurrency limits below 1: a warning that says the minimum is inferred', () => {
    expectOne(request('\n  "concurrency_limit": ⟦0⟧,'), 'PS214', WARNING, /`concurrency_limit` is 0: Polysync expects at least 1\. This limit is inferred/);
    expectOne(request('\n  "resync_concurrency_limit": ⟦-2⟧,'), 'PS214', WARNING, /inferred/);
    assert.deepEqual(validate(request('\n  "concurrency_limit": 1,\n  "resync_concurrency_limit": 4,')), []);
    expectOne(request('\n  "resync_concurrency_limit": ⟦2.5⟧,'), 'PS102', ERROR, /must be an integer or null, not a number/);
  });
  test('unknown properties suggest the nearest known name', () => {
    const d = expectOne(request('\n  ⟦"automatically_add_new_feilds"⟧: "all",'), 'PS108', ERROR, /Did you mean `automatically_add_new_fields`\?/);
    assert.deepEqual(d.data, { fix: 'renameKey', path: ['automatically_add_new_feilds'], suggestion: 'automatically_add_new_fields' });
    expectOne(request('\n  ⟦"colour"⟧: "blue",'), 'PS108', ERROR, /no such field/);
  });
  test('unknown properties of a schedule list what is allowed', () => {
    expectOne(request('', '{ "frequency": "daily", "hour": "2", "minute": "30", ⟦"timezone"⟧: "CET" }'), 'PS108', ERROR, /in `default_schedule`/);
  });
  test('keys named like built-in object members are unknown properties too', () => {
    expectOne(request('\n  ⟦"constructor"⟧: {},'), 'PS108', ERROR, /Unknown property `constructor`/);
    expectOne(request('', '{ "frequency": "daily", "hour": "2", "minute": "30", ⟦"toString"⟧: "x" }'), 'PS108', ERROR, /Unknown property `toString`/);
    expectOne(request('\n  ⟦"__proto__"⟧: {},'), 'PS108', ERROR, /Unknown property `__proto__`/);
  });
  test('destination and source configuration accept any keys', () => {
    assert.deepEqual(validate(request('\n  "source_configuration": { "replication_slot": "", "anything": { "nested": true } },')), []);
  });
  test('duplicate keys are reported on the later key', () => {
    expectOne(request('\n  ⟦"name"⟧: "again",'), 'PS109', WARNING, /Duplicate key `name` \(first on line 2\)/);
  });
  test('every later duplicate names the first occurrence, in small and large objects', () => {
    const small = request('\n  "name": "again",\n  "name": "and again",');
    const many = Array.from({ length: 20 }, (_, i) => `"k${i}": ${i}`).join(', ');
    const large = request(`\n  "source_configuration": { "x": 1, ${many}, "x": 2, "x": 3 },`);
    for (const text of [small, large]) {
      const messages = validate(text).filter((d) => d.code === 'PS109').map((d) => String(d.message).replace(/`\w+`/, '`key`'));
      assert.equal(messages.length, 2, text);
      assert.equal(messages[0], messages[1], 'both name the same first line');
    }
    assert.match(String(validate(small).find((d) => d.code === 'PS109')!.message), /\(first on line 2\)/);
  });
});

describe('semantic rules', () => {
  test('the 2024-02-08 `schedule` is explained and offers a migration', () => {
    const text = request('').replace('"default_schedule": { "frequency": "daily", "hour": "2", "minute": "30" }', '⟦"schedule"⟧: { "frequency": "daily", "hour": "2", "minute": "30" }');
    const { doc, ranges } = withMarkers(text);
    const diagnostics = validateDocument(doc)!;
    const legacy = diagnostics.find((d) => d.code === 'PS201')!;
    assert.ok(legacy, JSON.stringify(diagnostics));
    assert.deepEqual(legacy.range, ranges[0]);
    assert.match(legacy.message as string, /2024-02-08.*`default_schedule` and `additional_schedules`/);
    assert.deepEqual(legacy.data, { fix: 'migrateLegacy', property: 'schedule' });
    assert.ok(!diagnostics.some((d) => d.code === 'PS108'), 'not also reported as unknown');
  });
  test('the 2024-02-08 `discover` is explained', () => {
    expectOne(request('\n  ⟦"discover"⟧: true,'), 'PS202', ERROR, /`automatically_add_new_fields` and `automatically_add_new_objects`/);
  });
  test('schedule values out of range', () => {
    expectOne(request('', '{ "frequency": "daily", "hour": ⟦"24"⟧, "minute": "0" }'), 'PS203', ERROR, /not a valid `hour`: use an hour from 0 to 23 \(UTC\)/);
    expectOne(request('', '{ "frequency": "hourly", "minute": ⟦"60"⟧ }'), 'PS203', ERROR, /minute from 0 to 59/);
    expectOne(request('', '{ "frequency": "weekly", "day_of_week": ⟦"funday"⟧, "hour": "1", "minute": "0" }'), 'PS203', ERROR, /day name/);
    expectOne(request('', '{ "frequency": "custom", "minute": "0", "hour": "*/6", "day_of_month": ⟦"0"⟧, "month": "*", "day_of_week": "*" }'), 'PS203', ERROR, /day of the month from 1 to 31/);
    expectOne(request('', '{ "frequency": "custom", "minute": "0", "hour": "0", "day_of_month": "1", "month": ⟦"13"⟧, "day_of_week": "*" }'), 'PS203', ERROR, /month from 1 to 12/);
  });
  test('valid schedule values, including day numbers and cron-style custom fields', () => {
    assert.deepEqual(validate(request('', '{ "frequency": "weekly", "day_of_week": "monday", "hour": "23", "minute": "59" }')), []);
    assert.deepEqual(validate(request('', '{ "frequency": "weekly", "day_of_week": "1", "hour": "0", "minute": "0" }')), []);
  });
  test('a day_of_week number outside 0-6 is a warning: the numbering is inferred from cron', () => {
    expectOne(request('', '{ "frequency": "weekly", "day_of_week": ⟦"7"⟧, "hour": "0", "minute": "0" }'), 'PS215', WARNING, /outside 0 \(Sunday\) to 6 \(Saturday\).*infers.*7 as Sunday/);
    expectOne(request('', '{ "frequency": "custom", "minute": "0", "hour": "0", "day_of_month": "*", "month": "*", "day_of_week": ⟦"1-7"⟧ }'), 'PS215', WARNING, /inferred|infers/);
    // A word that is no day stays an error.
    expectOne(request('', '{ "frequency": "weekly", "day_of_week": ⟦"someday"⟧, "hour": "1", "minute": "0" }'), 'PS203', ERROR, /day name/);
    assert.deepEqual(validate(request('', '{ "frequency": "custom", "minute": "*/15", "hour": "8-18", "day_of_month": "1,15", "month": "*", "day_of_week": "mon-fri" }')), []);
  });
  test('numbers where the API wants strings get a quote fix', () => {
    const d = expectOne(request('', '{ "frequency": "daily", "hour": ⟦5⟧, "minute": "0" }'), 'PS110', ERROR, /write "5" in quotes/);
    assert.deepEqual(d.data, { fix: 'quoteNumber', path: ['default_schedule', 'hour'] });
  });
  test('fields a frequency does not use, and fields it needs', () => {
    expectOne(request('', '{ "frequency": "hourly", "minute": "15", ⟦"day_of_week"⟧: "3" }'), 'PS204', WARNING, /`day_of_week` is not used by a `hourly` schedule: it uses `minute`/);
    expectOne(request('', '{ "frequency": ⟦"daily"⟧, "hour": "3" }'), 'PS205', WARNING, /A `daily` schedule needs `minute`/);
    expectOne(request('', '{ "frequency": "manual", ⟦"minute"⟧: "0" }'), 'PS204', WARNING, /takes no time fields/);
  });
  test("`hour` on an hourly schedule is not flagged: the API's own field text says hourly schedules use it", () => {
    assert.deepEqual(validate(request('', '{ "frequency": "hourly", "minute": "15", "hour": "3" }')), []);
  });
  test('an empty `schemas` list is a warning whose fix removes the key', () => {
    const d = expectOne(request('\n  "schemas": ⟦[]⟧,'), 'PS216', WARNING, /only when `schemas` is left out/);
    assert.deepEqual(d.data, { fix: 'removeProperty', path: ['schemas'] });
    assert.deepEqual(validate(request('\n  "schemas": ["Contact"],')), []);
  });
  test('filters: a value where the function needs one, none where it takes none, and a field to test', () => {
    const filter = (body: string) => request(`\n  "schemas": [{ "id": "Contact", "filters": [${body}] }],`);
    const missing = expectOne(filter('{ "field_id": "Email", "function": ⟦"Equality"⟧ }'), 'PS217', WARNING, /`Equality` compares the field with `value`, but this filter has none/);
    assert.deepEqual(missing.data, { fix: 'addProperties', path: ['schemas', 0, 'filters', 0], properties: ['value'] });
    expectOne(filter('{ "field_id": "Email", "function": ⟦"StringOneOf"⟧, "value": null }'), 'PS217', WARNING, /has a null one/);
    const extra = expectOne(filter('{ "field_id": "Email", "function": "IsNull", ⟦"value"⟧: "x" }'), 'PS218', WARNING, /`IsNull` takes no `value`/);
    assert.deepEqual(extra.data, { fix: 'removeProperty', path: ['schemas', 0, 'filters', 0, 'value'] });
    expectOne(filter('{ ⟦"function"⟧: "IsNotNull" }'), 'PS219', WARNING, /names no `field_id`: `IsNotNull` has no field to test/);
    // Well-formed filters, and a value-less function with an explicit null (what SDKs send), are clean.
    assert.deepEqual(validate(filter('{ "field_id": "Email", "function": "Equality", "value": "a@b.c" }, { "field_id": "Email", "function": "IsNull", "value": null }, { "field_id": "Done", "function": "True" }')), []);
  });
  test('deprecated and model-sync frequencies', () => {
    const d = expectOne(request('', '{ "frequency": ⟦"multi"⟧ }'), 'PS206', WARNING, /`multi` is deprecated/);
    assert.deepEqual(d.tags, [2]);
    expectOne(request('', '{ "frequency": ⟦"runafter"⟧ }'), 'PS207', WARNING, /model syncs/);
    expectOne(request('', '{ "frequency": ⟦"dbtcloud"⟧ }'), 'PS207', WARNING, /model syncs/);
  });
  test('the same connection as source and destination', () => {
    expectOne(request().replace('"a2b4c6d8-1e3f-4a5b-8c7d-9e0f1a2b3c80"', '⟦"0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10"⟧'), 'PS208', WARNING, /same connection as the source/);
  });
  test('a schema selected twice, in string or object form', () => {
    expectOne(request('\n  "schemas": ["Contact", "Account", { "id": ⟦"Contact"⟧ }],'), 'PS209', WARNING, /`Contact` is already selected on line 7/);
  });
  test('a field listed twice in a schema', () => {
    expectOne(request('\n  "schemas": [{ "id": "Contact", "fields": ["Id", "Email", { "id": ⟦"Email"⟧, "obfuscate": true }] }],'), 'PS213', WARNING, /`Email` is listed twice/);
  });
  test('additional schedules naming a schema that is not selected', () => {
    expectOne(
      request('\n  "schemas": ["Contact", "Account"],\n  "additional_schedules": [{ "frequency": "hourly", "minute": "0", "schemas": ["Contact", ⟦"Acount"⟧] }],'),
      'PS210',
      WARNING,
      /`Acount` is not selected in `schemas`.*Did you mean `Account`\?/,
    );
    assert.deepEqual(validate(request('\n  "additional_schedules": [{ "frequency": "hourly", "minute": "0", "schemas": ["Anything"] }],')), [], 'without `schemas` every schema is selected');
  });
  test('output names are not accepted on create', () => {
    expectOne(request('\n  "schemas": [{ "id": "Contact", ⟦"output_name"⟧: "contacts" }],'), 'PS211', ERROR, /not accepted when creating/);
    expectOne(request('\n  "schemas": [{ "id": "Contact", ⟦"user_output_name"⟧: "contacts" }],'), 'PS211', ERROR, /not accepted when creating/);
  });
  test('organization_id is information for partner keys', () => {
    expectOne(request('\n  ⟦"organization_id"⟧: "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01",'), 'PS212', INFO, /partner API keys/);
  });
});

describe('robustness', () => {
  test('every prefix of a valid request validates without throwing, inside the text', () => {
    const text = request('\n  "schemas": ["Contact", { "id": "Account", "fields": ["Id"], "filters": [{ "field_id": "Id", "function": "IsNotNull" }] }],');
    for (let i = 0; i <= text.length; i++) {
      const doc = parseDocument('file:///p.polysync.json', i, text.slice(0, i));
      const diagnostics = validateDocument(doc)!;
      const lines = text.slice(0, i).split('\n').length;
      for (const d of diagnostics) assert.ok(d.range.end.line < lines, `prefix ${i}: ${JSON.stringify(d)}`);
    }
  });
  test('diagnostics come back sorted by position', () => {
    const d = validate(request('\n  "mode": "x",\n  "concurrency_limit": 0,'));
    const keys = d.map((x) => x.range.start.line * 1000 + x.range.start.character);
    assert.deepEqual(keys, [...keys].sort((a, b) => a - b));
  });
});

describe('unknown-key suggestions', () => {
  const withoutDestination = (key: string) =>
    request().replace('"destination_connection_id": "a2b4c6d8-1e3f-4a5b-8c7d-9e0f1a2b3c80"', `⟦"${key}"⟧: "a2b4c6d8-1e3f-4a5b-8c7d-9e0f1a2b3c80"`);

  test('never a key that is already there; the missing required key instead, abbreviations written out', () => {
    for (const key of ['dest_connection_id', 'dst_conn_id', 'destination_conn_id']) {
      const { doc } = withMarkers(withoutDestination(key));
      const unknown = (validateDocument(doc) ?? []).find((d) => d.code === 'PS108')!;
      assert.match(unknown.message as string, /Did you mean `destination_connection_id`\?/, key);
      assert.deepEqual(unknown.data, { fix: 'renameKey', path: [key], suggestion: 'destination_connection_id' });
    }
  });
  test('`src`, `config` and `sched` are understood', () => {
    const d = expectOne(request('\n  ⟦"src_config"⟧: {},'), 'PS108', ERROR, /Did you mean `source_configuration`\?/);
    assert.equal((d.data as { suggestion: string }).suggestion, 'source_configuration');
    const { doc } = withMarkers(request().replace('"default_schedule"', '⟦"default_sched"⟧'));
    const unknown = (validateDocument(doc) ?? []).find((x) => x.code === 'PS108')!;
    assert.match(unknown.message as string, /Did you mean `default_schedule`\?/);
  });
  test('a key whose only near names are present gets no rename (the fix would delete a value)', () => {
    const d = expectOne(request('\n  ⟦"names"⟧: "x",'), 'PS108', ERROR, /Unknown property `names`/);
    assert.doesNotMatch(d.message as string, /Did you mean `name`/);
    assert.equal((d.data as { fix: string }).fix, 'removeProperty');
  });
});
