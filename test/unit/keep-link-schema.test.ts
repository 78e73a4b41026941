// The new link members in the schema: `ignore` and `base` validate, a malformed one is reported at its
// place, hover explains `ignore`, and completion inside `ignore` offers field paths.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { complete } from '../../server/src/service/completion/complete';
import { validateDocument } from '../../server/src/service/diagnostics/validate';
import { parseDocument } from '../../server/src/service/document/document';
import { hover } from '../../server/src/service/hover';
import { bodyLeaves } from '../../server/src/keep/leaves';
import { keptLinkValue } from '../../server/src/keep/link';
import { atCursor } from './cursor';

const BODY = {
  name: 'Orders',
  mode: 'snapshot',
  source_connection_id: '7c1d5e9a-2b3f-4c8d-a6e1-9f0b2c3d4e70',
  destination_connection_id: 'c5d7e9f1-3a5b-4c7d-9e1f-2a4b6c8d0e90',
  destination_configuration: { schema: 'orders' },
  default_schedule: { frequency: 'hourly', minute: '15' },
};
const leaves = bodyLeaves(BODY);
const LINK = keptLinkValue({ sync_id: 'a1b2', updated_at: '2026-01-02T03:04:05Z', ignore: ['active', 'schemas[*].filters'], base: { file: leaves, live: leaves } });
const text = (link: unknown) => JSON.stringify({ ...BODY, polysync: link }, null, 2);
const messages = (source: string) => (validateDocument(parseDocument('a.polysync.json', 1, source)) ?? []).map((d) => String(d.message));

test('a link with ignore and base validates; a wrong ignore or base is reported', () => {
  assert.deepEqual(messages(text(LINK)), []);
  assert.ok(messages(text({ ...LINK, ignore: [3] })).some((m) => /string/i.test(m)));
  assert.ok(messages(text({ ...LINK, base: 'edited by hand' })).length > 0);
});

test('hover explains ignore; completion inside it offers field paths', () => {
  const shown = hover(atCursor('{ "polysync": { "sync_id": "x", "ig|nore": [] } }').doc, atCursor('{ "polysync": { "sync_id": "x", "ig|nore": [] } }').position);
  assert.ok(shown);
  assert.match((shown.contents as MarkupContent).value, /ignore_changes/);
  const inside = atCursor('{ "polysync": { "sync_id": "x", "ignore": [|] } }');
  const labels = complete(inside.doc, inside.position)?.items.map((i) => i.label) ?? [];
  assert.ok(labels.some((l) => /default_schedule/.test(l)), labels.join(', '));
});
