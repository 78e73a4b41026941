// Which workspace files are linked to a sync (client/src/keepSync/linkedFiles.ts), read from the link as
// it is written: the compact link, an older link with fingerprints, CRLF, and what is not a link.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { filesLinkedTo, linksTo } from '../../client/src/keepSync/linkedFiles';

const ID = '4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a70';

describe('files linked to a sync', () => {
  test('the compact link, an older one with fingerprints, on several lines or one, with CRLF', () => {
    assert.ok(linksTo(`{\n  "name": "x",\n  "polysync": {\n    "sync_id": "${ID}",\n    "base": "b1.abc"\n  }\n}\n`, ID));
    assert.ok(linksTo(`{ "polysync": { "updated_at": "2026-01-05T08:00:00Z", "sync_id": "${ID}" } }`, ID));
    assert.ok(linksTo(`{\r\n  "polysync": {\r\n    "sync_id": "${ID}",\r\n    "fingerprints": { "name": "fb2412db497f" }\r\n  }\r\n}\r\n`, ID));
  });

  test('another sync, a sync_id outside the link, a link without one: not linked', () => {
    assert.ok(!linksTo(`{ "polysync": { "sync_id": "${ID.replace('4e5f', '0000')}" } }`, ID));
    assert.ok(!linksTo(`{ "sync_id": "${ID}", "polysync": { "sync_id": "other" } }`, ID));
    assert.ok(!linksTo(`{ "polysync": { "fingerprints": { "sync_id": "${ID}" } } }`, ID));
    assert.ok(!linksTo('{ "name": "x" }', ID));
    // An id is matched as text, not as a pattern.
    assert.ok(!linksTo('{ "polysync": { "sync_id": "a-b" } }', 'a.b'));
  });

  test('filesLinkedTo keeps the order it was given', () => {
    const link = `{ "polysync": { "sync_id": "${ID}" } }`;
    assert.deepEqual(filesLinkedTo([{ uri: 'file:///b', text: link }, { uri: 'file:///c', text: '{}' }, { uri: 'file:///a', text: link }], ID), ['file:///b', 'file:///a']);
  });
});
