// What the extension remembers per workspace, the URL comparison behind the workspace-URL question,
// and the check on a typed API key.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sameBaseUrl as sameUrl } from '../../protocol/settings';
import { CreatedSyncs, lensTitle, MemoryStore, UrlDecisions } from '../../client/src/create/state';
import { checkTypedKey } from '../../client/src/keyCheck';

const sync = (n: number) => ({ id: `id-${n}`, name: `Sync ${n}`, createdAt: '2025-01-01T00:00:00Z', apiUrl: 'https://app.polytomic.com' });

describe('CreatedSyncs', () => {
  test('keeps each document apart, newest last, and tells listeners which document changed', async () => {
    const created = new CreatedSyncs(new MemoryStore());
    const changed: string[] = [];
    const subscription = created.onDidChange((uri) => changed.push(uri));
    await created.remember('file:///a.polysync.json', sync(1));
    await created.remember('file:///b.polysync.json', sync(2));
    await created.remember('file:///a.polysync.json', sync(3));
    assert.deepEqual(created.all('file:///a.polysync.json').map((s) => s.id), ['id-1', 'id-3']);
    assert.equal(created.latest('file:///b.polysync.json')?.id, 'id-2');
    assert.equal(created.latest('file:///c.polysync.json'), undefined);
    assert.deepEqual(changed, ['file:///a.polysync.json', 'file:///b.polysync.json', 'file:///a.polysync.json']);
    subscription.dispose();
    await created.remember('file:///a.polysync.json', sync(4));
    assert.equal(changed.length, 3, 'a disposed listener is not called');
  });

  test('survives a reload (a new object over the same store) and keeps at most 20 per document', async () => {
    const store = new MemoryStore();
    for (let i = 0; i < 25; i++) await new CreatedSyncs(store).remember('file:///a.polysync.json', sync(i));
    const all = new CreatedSyncs(store).all('file:///a.polysync.json');
    assert.equal(all.length, 20);
    assert.equal(all[0].id, 'id-5');
    assert.equal(all.at(-1)?.id, 'id-24');
  });

  test('odd document URIs and damaged stored values are harmless', async () => {
    const store = new MemoryStore();
    const created = new CreatedSyncs(store);
    assert.deepEqual(created.all('__proto__'), []);
    assert.deepEqual(created.all('constructor'), []);
    await store.update('polysync.createdSyncs', { 'file:///a.polysync.json': 'not a list' });
    assert.deepEqual(created.all('file:///a.polysync.json'), []);
  });

  test('the code lens title', () => {
    assert.equal(lensTitle(undefined), 'Create Bulk Sync');
    assert.equal(lensTitle(sync(7)), 'Created as id-7 · Create again');
  });
});

describe('UrlDecisions', () => {
  test('an answer holds only for the exact workspace URL it was given for', async () => {
    const decisions = new UrlDecisions(new MemoryStore());
    assert.equal(decisions.get('https://eu.example.com'), undefined);
    await decisions.set('https://eu.example.com', 'workspace');
    assert.equal(decisions.get('https://eu.example.com'), 'workspace');
    assert.equal(decisions.get('https://other.example.com'), undefined, 'a changed workspace URL is asked about again');
    await decisions.set('https://eu.example.com', 'user');
    assert.equal(decisions.get('https://eu.example.com'), 'user');
  });
});

describe('sameUrl', () => {
  test('ignores trailing slashes and host case, not the scheme, port or path', () => {
    assert.ok(sameUrl('https://App.Polytomic.com/', 'https://app.polytomic.com'));
    assert.ok(!sameUrl('http://127.0.0.1:8787', 'http://127.0.0.1:8788'));
    assert.ok(!sameUrl('https://app.polytomic.com/eu', 'https://app.polytomic.com'));
    assert.ok(!sameUrl('http://localhost', 'https://localhost'));
  });
});

describe('checkTypedKey', () => {
  test('accepts a key, with surrounding spaces trimmed; refuses empty, spaced or non-ASCII input', () => {
    assert.equal(checkTypedKey('  3f0c2a9e-1b2d-4c5e-8f70-9a1b2c3d4e5f \n'), undefined);
    assert.match(checkTypedKey('   ') ?? '', /Paste the API key/);
    assert.match(checkTypedKey('abc def') ?? '', /no spaces/);
    assert.match(checkTypedKey('clé') ?? '', /ASCII/);
  });
});
