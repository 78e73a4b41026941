// readLiveForComparison (server/src/operations/liveRead.ts) against the sandbox on 127.0.0.1: which
// schema reads a comparison skips, and that it skips none when nothing vouches for the base (a link
// without one, a moved stamp, the inference off, the caller asking for all), with the leaves of the
// schemas it skips equal to what a full read gives.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { liveLeaves } from '../../server/src/keep/leaves';
import { bareLink, bodyOfLive, compareWithLive, linkFor, readLiveForComparison, readLiveSync, type SyncLink } from '../../server/src/operations';
import type { Sandbox } from '../sandbox/server';
import { clientFor, useSandbox, VALID_BODY } from './helpers';

const box = useSandbox();
/** The sandbox of the current test (sandbox resets it). */
let sandbox: Sandbox;

/** Schema reads since the last call. */
function schemaReads(): string[] {
  const taken = sandbox.state.requests.splice(0);
  return taken.filter((r) => /\/schemas\/[^/]+$/.test(r.path)).map((r) => decodeURIComponent(r.path.split('/').pop()!)).sort();
}

async function linked(): Promise<{ id: string; link: SyncLink; body: Record<string, unknown> }> {
  sandbox = box.get();
  const sync = sandbox.createSync(structuredClone(VALID_BODY));
  const live = await readLiveSync(clientFor(sandbox), sync.id);
  schemaReads();
  return { id: sync.id, link: linkFor(live), body: bodyOfLive(live) };
}

test('an unchanged sync: no schema is read, and the leaves are those of a full read', async () => {
  const { link } = await linked();
  const api = clientFor(sandbox);
  const read = await readLiveForComparison(api, link, { schemaReads: 'changed', schemaEditsMoveStamp: true });
  assert.deepEqual(schemaReads(), []);
  assert.deepEqual(read.notRead?.schemas.sort(), ['Account', 'Contact']);
  assert.equal(read.notRead?.since, link.updated_at);
  const full = await readLiveSync(api, link.sync_id);
  assert.deepEqual([...read.leaves].sort(), [...liveLeaves(full)].sort());
});

test('every schema is read when nothing vouches for the base', async () => {
  const { id, link } = await linked();
  const api = clientFor(sandbox);
  const cases: [string, SyncLink, Parameters<typeof readLiveForComparison>[2]][] = [
    ['the caller asks for all', link, { schemaReads: 'all', schemaEditsMoveStamp: true }],
    ['the default', link, { schemaEditsMoveStamp: true }],
    ['the inference is off', link, { schemaReads: 'changed', schemaEditsMoveStamp: false }],
    ['a link without a base (written before bases)', { ...bareLink({ id, updated_at: link.updated_at }), fingerprints: { name: 'x' } }, { schemaReads: 'changed', schemaEditsMoveStamp: true }],
    ['a link without updated_at', { ...link, updated_at: undefined }, { schemaReads: 'changed', schemaEditsMoveStamp: true }],
  ];
  for (const [name, l, options] of cases) {
    const read = await readLiveForComparison(api, l, options);
    assert.deepEqual(schemaReads(), ['Account', 'Contact'], name);
    assert.equal(read.notRead, undefined, name);
  }
  sandbox.editSync(id, (s) => {
    s.name = 'renamed';
  });
  const moved = await readLiveForComparison(api, link, { schemaReads: 'changed', schemaEditsMoveStamp: true });
  assert.deepEqual(schemaReads(), ['Account', 'Contact'], 'the stamp moved');
  assert.equal(moved.notRead, undefined);
});

test('only the schema whose list item changed is read; a schema dropped from the selection is not read at all', async () => {
  const { id, link, body } = await linked();
  sandbox.setReadBack({ schemaEditsKeepSyncStamp: true });
  sandbox.editSchema(id, 'Contact', (s) => {
    s.tracking_field = 'LastModifiedDate';
  });
  const api = clientFor(sandbox);
  const read = await readLiveForComparison(api, link, { schemaReads: 'changed', schemaEditsMoveStamp: true });
  assert.deepEqual(schemaReads(), ['Contact']);
  assert.deepEqual(read.notRead?.schemas, ['Account']);

  sandbox.editSchema(id, 'Account', (s) => {
    s.enabled = false;
  });
  const comparison = await compareWithLive(api, link, body, { schemaReads: 'changed' });
  assert.deepEqual(schemaReads(), ['Contact']);
  assert.deepEqual(comparison.differences.map((d) => d.path).sort(), ['schemas[Account]', 'schemas[Contact].tracking_field']);
});
