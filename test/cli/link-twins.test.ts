// `polysync link FILE SYNC_ID` and the twin check before a create (create, apply, apply --no-create),
// on the sandbox in both read-back modes: linking changes nothing live, and no file ever makes a
// second sync of one that exists.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BODY, inBothModes, UNLINKED } from './keepModes';

const linkOf = (text: string) => JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')).polysync as { sync_id: string } | undefined;

inBothModes('polysync link', (t) => {
  test('links an unlinked file to an existing sync with reads only; afterwards diff compares and apply sends only the difference', async () => {
    const sync = t.sandbox.createSync(structuredClone(BODY));
    t.write('orders.polysync.json', UNLINKED.replace('"hour": "4"', '"hour": "5"').replace('"4"', '"5"'));
    t.forget();
    const r = await t.cli(['link', 'orders.polysync.json', sync.id]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `orders.polysync.json: linked to bulk sync ${sync.id} "Orders to Snowflake"\n`);
    assert.match(r.stderr, /nothing was changed in Polytomic/);
    assert.deepEqual(t.writes(), [], 'link sends no write request');
    assert.ok(t.sandbox.state.requests.length > 0, 'the sync was read');
    const text = t.read('orders.polysync.json');
    assert.match(text, /^\{\n {2}\/\/ Orders into the warehouse\n/, 'the comment is kept');
    assert.equal(linkOf(text)?.sync_id, sync.id);

    const diff = await t.cli(['diff', 'orders.polysync.json']);
    assert.equal(diff.code, 1, diff.stdout + diff.stderr);
    assert.match(diff.stdout, /default_schedule\.hour: file "5", live "4"/);
  });

  test('refuses a file linked to another sync unless --force, a sync that does not exist, and a file that is not one JSON object', async () => {
    const a = t.sandbox.createSync(structuredClone(BODY));
    const b = t.sandbox.createSync({ ...structuredClone(BODY), name: 'Orders, second' });
    t.write('orders.polysync.json', UNLINKED);
    assert.equal((await t.cli(['link', 'orders.polysync.json', a.id])).code, 0);
    const before = t.read('orders.polysync.json');

    const again = await t.cli(['link', 'orders.polysync.json', a.id]);
    assert.equal(again.code, 0);
    assert.match(again.stderr, /already linked to bulk sync .*; nothing was changed/);

    const other = await t.cli(['link', 'orders.polysync.json', b.id]);
    assert.equal(other.code, 1);
    assert.match(other.stderr, new RegExp(`orders\\.polysync\\.json is already linked to bulk sync ${a.id}; nothing was changed\\. Run with --force to link it to ${b.id}`));
    assert.equal(t.read('orders.polysync.json'), before);
    const forced = await t.cli(['link', 'orders.polysync.json', b.id, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(linkOf(t.read('orders.polysync.json'))?.sync_id, b.id);
    assert.match(forced.stderr, new RegExp(`it was linked to ${a.id}`));
    assert.match(forced.stderr, /note: the file's name is "Orders to Snowflake", the sync's is "Orders, second"/);

    t.write('new.polysync.json', UNLINKED);
    const missing = await t.cli(['link', 'new.polysync.json', '0f0f0f0f-0000-4000-8000-000000000000']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /bulk sync 0f0f0f0f-0000-4000-8000-000000000000 was not found: it does not exist.*new\.polysync\.json was not linked/);
    assert.equal(t.read('new.polysync.json'), UNLINKED);

    t.write('list.polysync.json', '[1, 2]\n');
    const list = await t.cli(['link', 'list.polysync.json', a.id]);
    assert.equal(list.code, 2);
    assert.match(list.stderr, /list\.polysync\.json: the file is not one JSON object, so it cannot take the link; nothing was written/);
    t.write('broken.polysync.json', '{ "name": "x", }}\n');
    const broken = await t.cli(['link', 'broken.polysync.json', a.id]);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /broken\.polysync\.json:1:\d+: the file is not one JSON object \(/);
    assert.equal(t.read('broken.polysync.json'), '{ "name": "x", }}\n');
    assert.deepEqual(t.writes(), [], 'nothing changed live');

    const usage = await t.cli(['link', 'orders.polysync.json']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /name the file and the bulk sync id/);
    const version = await t.cli(['link', 'orders.polysync.json', a.id, '--api-version', '2024-02-08']);
    assert.equal(version.code, 2);
    assert.match(version.stderr, /reads and writes the 2025-09-18 shape of a bulk sync/);
  });
});

inBothModes('the twin check before a create', (t) => {
  test('create and apply create nothing when a live sync is the file\'s, name it and point to polysync link; link then apply converges', async () => {
    const live = t.sandbox.createSync(structuredClone(BODY));
    t.write('orders.polysync.json', UNLINKED);
    t.forget();
    const created = await t.cli(['create', 'orders.polysync.json']);
    assert.equal(created.code, 1, created.stderr);
    assert.match(created.stderr, new RegExp(`orders\\.polysync\\.json: not created: a bulk sync with this name, source and destination already exists: ${live.id}.*"polysync link orders\\.polysync\\.json ${live.id}"`));
    const applied = await t.cli(['apply', 'orders.polysync.json', '--yes']);
    assert.equal(applied.code, 1, applied.stderr);
    assert.match(applied.stderr, new RegExp(`already exists: ${live.id}`));
    assert.deepEqual(t.writes(), [], 'nothing was sent');
    assert.equal(t.sandbox.state.syncs.length, 1);
    assert.equal(t.read('orders.polysync.json'), UNLINKED);

    assert.equal((await t.cli(['link', 'orders.polysync.json', live.id])).code, 0);
    const after = await t.cli(['apply', 'orders.polysync.json', '--yes']);
    assert.equal(after.code, 0, after.stdout + after.stderr);
    const diff = await t.cli(['diff', 'orders.polysync.json']);
    assert.equal(diff.code, 0, diff.stdout + diff.stderr);
    assert.equal(t.sandbox.state.syncs.length, 1);
  });

  test('another name is another sync; two files of one apply that would make the same sync are both refused', async () => {
    t.sandbox.createSync(structuredClone(BODY));
    t.write('eu.polysync.json', UNLINKED.replace('"Orders to Snowflake"', '"Orders to Snowflake (EU)"'));
    const eu = await t.cli(['create', 'eu.polysync.json']);
    assert.equal(eu.code, 0, eu.stderr);
    assert.equal(t.sandbox.state.syncs.length, 2);

    const copy = UNLINKED.replace('"Orders to Snowflake"', '"Orders to Snowflake (US)"');
    t.write('us.polysync.json', copy);
    t.write('us-copy.polysync.json', copy);
    const both = await t.cli(['apply', 'us.polysync.json', 'us-copy.polysync.json', '--yes']);
    assert.equal(both.code, 1);
    assert.match(both.stderr, /us\.polysync\.json: not created: us-copy\.polysync\.json would create a bulk sync with the same name, source and destination/);
    assert.match(both.stderr, /us-copy\.polysync\.json: not created: us\.polysync\.json would create/);
    assert.equal(t.sandbox.state.syncs.length, 2);
  });

  test('apply --no-create reports an unlinked file and creates nothing (exit 1); linked files are still applied', async () => {
    const id = await t.pulled('linked.polysync.json');
    t.write('linked.polysync.json', t.read('linked.polysync.json').replace('"hour": "4"', '"hour": "6"'));
    t.write('new.polysync.json', UNLINKED.replace('"Orders to Snowflake"', '"Brand new"'));
    t.forget();
    const r = await t.cli(['apply', '.', '--yes', '--no-create']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /new\.polysync\.json is not linked to a bulk sync, and --no-create creates none; nothing was created\. Link it to its sync with "polysync link new\.polysync\.json SYNC_ID"/);
    assert.match(r.stdout, new RegExp(`linked\\.polysync\\.json: updated bulk sync ${id}`));
    assert.equal(t.writes().filter((w) => w.method === 'POST').length, 0, 'no create was sent');
    assert.equal(t.sandbox.state.syncs.length, 1);
  });
});
