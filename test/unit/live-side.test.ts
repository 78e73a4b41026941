// The live side of Show Changes (server/src/service/liveSide.ts): the file's own text with only the
// differing values replaced by the live ones. Each test compares whole texts, so anything else the
// rewrite touched (a comment, a key's place, a line end, the link) would show.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { liveSideText } from '../../server/src/service';

const FILE = `{
  "$schema": "https://polysync.dev/bulk-sync.schema.json",
  // Nightly CRM copy: the hour is the warehouse's quiet time.
  "name": "CRM nightly",
  "mode": "replicate",
  "destination_configuration": { "schema": "crm" },
  "default_schedule": {
    "frequency": "daily",
    "hour": "2", // UTC
    "minute": "30"
  },
  "schemas": [
    "Account", // every field
    {
      "id": "Contact",
      "fields": [
        "Email",
        { "id": "Phone", "obfuscate": true },
        "Name"
      ]
    }
  ],
  "polysync": {
    "sync_id": "4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a70",
    "updated_at": "2026-01-05T08:00:00.000Z",
    "base": "b1.hZLNbtswEITvfQpC"
  }
}
`;

describe('the live side of Show Changes', () => {
  test('no differences: the file itself, byte for byte', () => {
    assert.deepEqual(liveSideText(FILE, []), { text: FILE, unplaced: [] });
  });

  test('a changed value: only that value is replaced; comments, $schema, key order and the link stay', () => {
    const { text, unplaced } = liveSideText(FILE, [
      { path: 'default_schedule.hour', live: '4' },
      { path: 'name', live: 'CRM nightly (renamed in Polytomic)' },
    ]);
    assert.deepEqual(unplaced, []);
    assert.equal(text, FILE.replace('"hour": "2", // UTC', '"hour": "4", // UTC').replace('"name": "CRM nightly"', '"name": "CRM nightly (renamed in Polytomic)"'));
  });

  test('CRLF line ends are kept, in the text and in what is inserted on several lines', () => {
    const crlf = FILE.replace(/\n/g, '\r\n');
    const { text } = liveSideText(crlf, [
      { path: 'default_schedule.hour', live: '4' },
      { path: 'additional_schedules[0].frequency', live: 'hourly' },
      { path: 'schemas[Account].fields', live: [['Id', 'selected']] },
    ]);
    assert.ok(!/[^\r]\n/.test(text), `every line break is CRLF: ${JSON.stringify(text)}`);
    assert.match(text, /"hour": "4", \/\/ UTC\r\n/);
    assert.match(text, /\r\n {4}\{\r\n {6}"id": "Account",\r\n {6}"fields": \["Id"\]\r\n {4}\}, \/\/ every field\r\n/);
    assert.match(text, /\r\n {2}\],\r\n {2}"additional_schedules": \[\r\n {4}\{\r\n {6}"frequency": "hourly"\r\n {4}\}\r\n {2}\],\r\n {2}"polysync"/);
  });

  test('a key removed from the file that the live sync has is written back, before the link; one only the file has is removed', () => {
    const { text, unplaced } = liveSideText(FILE, [
      { path: 'normalize_names', live: 'enabled' },
      { path: 'mode' },
      { path: 'destination_configuration.advanced.table_prefix', live: 'crm_' },
    ]);
    assert.deepEqual(unplaced, []);
    const expected = FILE.replace('  "mode": "replicate",\n', '')
      .replace('"destination_configuration": { "schema": "crm" }', '"destination_configuration": { "schema": "crm", "advanced": { "table_prefix": "crm_" } }')
      .replace('  ],\n  "polysync"', '  ],\n  "normalize_names": "enabled",\n  "polysync"');
    assert.equal(text, expected);
  });

  test('schemas given as strings: a schema selected only live is added; one the live sync does not select is removed; live fields turn a string into an object', () => {
    const file = `{
  "name": "x",
  "schemas": ["Account", "Lead"] // two tables
}
`;
    const { text, unplaced } = liveSideText(file, [
      { path: 'schemas[Lead]' },
      { path: 'schemas[Opportunity]', live: 'selected' },
      { path: 'schemas[Account].fields', live: [['Id', 'selected'], ['Name', 'obfuscated']] },
    ]);
    assert.deepEqual(unplaced, []);
    assert.equal(text, `{
  "name": "x",
  "schemas": [{"id": "Account", "fields": ["Id", {"id": "Name", "obfuscate": true}]}, "Opportunity"] // two tables
}
`);
  });

  test('schemas given as objects: each field removed, changed or added in place, in the file\'s style; "all" removes the list', () => {
    const { text, unplaced } = liveSideText(FILE, [
      { path: 'schemas[Contact].fields', live: [['Email', 'obfuscated'], ['Name', 'selected'], ['Title', 'selected']] },
      { path: 'schemas[Contact].filters', live: [{ field_id: 'Email', function: 'IsNotNull' }] },
    ]);
    assert.deepEqual(unplaced, []);
    assert.equal(
      text,
      FILE.replace(
        `      "fields": [
        "Email",
        { "id": "Phone", "obfuscate": true },
        "Name"
      ]`,
        `      "fields": [
        { "id": "Email", "obfuscate": true },
        "Name",
        "Title"
      ],
      "filters": [
        {
          "field_id": "Email",
          "function": "IsNotNull"
        }
      ]`,
      ),
    );
    const all = liveSideText(FILE, [{ path: 'schemas[Contact].fields', live: 'all' }]).text;
    assert.equal(all, FILE.replace(/,\n {6}"fields": \[[^\]]*\]/, ''));
  });

  test('a schema only the live sync selects, with its own fields and settings, is added with them', () => {
    const { text, unplaced } = liveSideText(FILE, [
      { path: 'schemas[Opportunity]', live: 'selected' },
      { path: 'schemas[Opportunity].fields', live: [['Amount', 'selected']] },
      { path: 'schemas[Opportunity].partition_key', live: 'Amount' },
    ]);
    assert.deepEqual(unplaced, []);
    assert.equal(text, FILE.replace(`        "Name"
      ]
    }
  ],`, `        "Name"
      ]
    },
    {
      "id": "Opportunity",
      "fields": ["Amount"],
      "partition_key": "Amount"
    }
  ],`));
  });

  test('an additional schedule only the file has is removed whole; one only the live sync has is added', () => {
    const file = `{
  "name": "x",
  "additional_schedules": [
    { "frequency": "hourly", "minute": "5" },
    { "frequency": "weekly", "day_of_week": "monday" }
  ]
}
`;
    const removed = liveSideText(file, [{ path: 'additional_schedules[1].frequency' }, { path: 'additional_schedules[1].day_of_week' }]);
    assert.equal(removed.text, `{
  "name": "x",
  "additional_schedules": [
    { "frequency": "hourly", "minute": "5" }
  ]
}
`);
    const added = liveSideText(file, [{ path: 'additional_schedules[2].frequency', live: 'manual' }]);
    assert.match(added.text, /\{ "frequency": "weekly", "day_of_week": "monday" \},\n {4}\{\n {6}"frequency": "manual"\n {4}\}\n {2}\]/);
  });

  test('what cannot be placed is named, and nothing is guessed: a setting of a schema the file lists nowhere, a path of another shape, a broken file', () => {
    const noSchemas = '{ "name": "x" }\n';
    assert.deepEqual(liveSideText(noSchemas, [{ path: 'schemas[Account]', live: 'selected' }]), { text: noSchemas, unplaced: ['schemas[Account]'] });
    assert.deepEqual(liveSideText(FILE, [{ path: 'schemas[Lead].partition_key', live: 'Id' }]), { text: FILE, unplaced: ['schemas[Lead].partition_key'] });
    assert.deepEqual(liveSideText(FILE, [{ path: 'a..b', live: 1 }, { path: 'polysync.sync_id', live: 'x' }]), { text: FILE, unplaced: ['a..b', 'polysync.sync_id'] });
    assert.deepEqual(liveSideText(FILE, [{ path: 'schemas[Contact].fields', live: 42 }]), { text: FILE, unplaced: ['schemas[Contact].fields'] });
    assert.deepEqual(liveSideText('[1, 2]', [{ path: 'name', live: 'x' }]), { text: '[1, 2]', unplaced: ['name'] });
  });
});
