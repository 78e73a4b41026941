import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../server/src/service/document/document';
import { locateFields as locateIn, prepareRequestBody as prepareFrom } from '../../server/src/operations/requestBody';

const prepareRequestBody = (text: string) => prepareFrom(parseDocument('file:///t.polysync.json', 1, text));
const locateFields = (text: string, paths: (string | number)[][]) => locateIn(parseDocument('file:///t.polysync.json', 1, text), paths);

const DOC = `{
  "$schema": "../schemas/bulk-sync.schema.json",
  // The nightly copy of Salesforce into the warehouse.
  "name": "Salesforce to Snowflake",
  "mode": "replicate",
  "source_connection_id": "0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10",
  "destination_connection_id": "a2b4c6d8-1e3f-4a5b-8c7d-9e0f1a2b3c80",
  "destination_configuration": { "schema": "SALESFORCE", "advanced": { "hard_deletes": true } },
  "default_schedule": { "frequency": "daily", "hour": "2", "minute": "0" },
  /* two objects */
  "schemas": ["Account", { "id": "Contact", "fields": ["Id", "Email"] }],
  "concurrency_limit": 4,
  "active": null
}`;

describe('prepareRequestBody', () => {
  test('drops $schema and comments, keeps every other key, value and the key order', () => {
    const result = prepareRequestBody(DOC);
    assert.ok('body' in result, JSON.stringify(result));
    assert.deepEqual(Object.keys(result.body), [
      'name', 'mode', 'source_connection_id', 'destination_connection_id', 'destination_configuration',
      'default_schedule', 'schemas', 'concurrency_limit', 'active',
    ]);
    assert.equal(
      JSON.stringify(result.body),
      '{"name":"Salesforce to Snowflake","mode":"replicate","source_connection_id":"0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10",' +
        '"destination_connection_id":"a2b4c6d8-1e3f-4a5b-8c7d-9e0f1a2b3c80","destination_configuration":{"schema":"SALESFORCE",' +
        '"advanced":{"hard_deletes":true}},"default_schedule":{"frequency":"daily","hour":"2","minute":"0"},' +
        '"schemas":["Account",{"id":"Contact","fields":["Id","Email"]}],"concurrency_limit":4,"active":null}',
    );
  });

  test('only a top-level $schema is editor-only', () => {
    const result = prepareRequestBody('{"name": "x", "destination_configuration": {"$schema": "kept"}}');
    assert.ok('body' in result);
    assert.deepEqual(result.body, { name: 'x', destination_configuration: { $schema: 'kept' } });
  });

  test('a syntax error is reported with its line and column', () => {
    const result = prepareRequestBody('{\n  "name": "x"\n  "mode": "snapshot"\n}');
    assert.ok('error' in result);
    assert.match(result.error, /^Line 3, column 3: Expected `,` between items\.$/);
    assert.deepEqual(result.range?.start, { line: 2, character: 2 });
  });

  test('trailing commas are dropped, as PS004 says', () => {
    assert.deepEqual(prepareRequestBody('{\n  "name": "x",\n  "schemas": ["a", ],\n}'), { body: { name: 'x', schemas: ['a'] } });
  });

  test('duplicate keys are refused at the second occurrence', () => {
    const result = prepareRequestBody('{\n  "name": "a",\n  "name": "b"\n}');
    assert.ok('error' in result);
    assert.match(result.error, /^Line 3, column 3: duplicate key "name"/);
  });

  test('numbers that cannot be sent exactly are refused', () => {
    const huge = prepareRequestBody('{"concurrency_limit": 12345678901234567890}');
    assert.ok('error' in huge);
    assert.match(huge.error, /too large to send exactly/);
    const infinite = prepareRequestBody('{"concurrency_limit": 1e999}');
    assert.ok('error' in infinite);
    assert.match(infinite.error, /too large to send/);
  });

  test('a "__proto__" key stays a plain key in the body', () => {
    const result = prepareRequestBody('{"__proto__": {"polluted": true}, "name": "x"}');
    assert.ok('body' in result);
    assert.equal(JSON.stringify(result.body), '{"__proto__":{"polluted":true},"name":"x"}');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('empty, comment-only and non-object documents get a clear error', () => {
    for (const text of ['', '   \n', '// nothing yet\n']) {
      const result = prepareRequestBody(text);
      assert.ok('error' in result);
      assert.match(result.error, /empty/);
    }
    const array = prepareRequestBody('[]');
    assert.ok('error' in array);
    assert.match(array.error, /must be a JSON object, not an array/);
  });
});

describe('locateFields', () => {
  const find = (needle: string, nth = 0) => {
    let index = -1;
    for (let i = 0; i <= nth; i++) index = DOC.indexOf(needle, index + 1);
    const before = DOC.slice(0, index).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };

  test('a path ending at a property points at its key', () => {
    const [located] = locateFields(DOC, [['default_schedule', 'frequency']]);
    assert.equal(located.exact, true);
    assert.deepEqual(located.range.start, find('"frequency"'));
    assert.equal(located.range.end.character - located.range.start.character, '"frequency"'.length);
  });

  test('a path ending at an array element points at the element', () => {
    const [located] = locateFields(DOC, [['schemas', 0]]);
    assert.equal(located.exact, true);
    assert.deepEqual(located.range.start, find('"Account"'));
  });

  test('paths through arrays of objects, with numbers given as strings too', () => {
    const [a, b] = locateFields(DOC, [['schemas', 1, 'fields', 1], ['schemas', '1', 'id']]);
    assert.deepEqual(a.range.start, find('"Email"'));
    assert.deepEqual(b.range.start, find('"id"'));
    assert.equal(b.exact, true);
  });

  test('a missing path falls back to its nearest existing ancestor', () => {
    const [deep, index, unknown] = locateFields(DOC, [
      ['destination_configuration', 'advanced', 'table_prefix'],
      ['schemas', 7, 'id'],
      ['no_such_field'],
    ]);
    assert.equal(deep.exact, false);
    assert.deepEqual(deep.range.start, find('"advanced"'));
    assert.equal(index.exact, false);
    assert.deepEqual(index.range.start, find('"schemas"'));
    assert.equal(unknown.exact, false);
    assert.deepEqual(unknown.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
  });

  test('works on broken text and on empty text', () => {
    const [located] = locateFields('{\n  "name": "x",\n  "mode": ', [['name']]);
    assert.deepEqual(located.range.start, { line: 1, character: 2 });
    const [empty] = locateFields('', [['name']]);
    assert.equal(empty.exact, false);
    assert.deepEqual(empty.range.start, { line: 0, character: 0 });
  });
});
