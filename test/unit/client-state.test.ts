// What the extension remembers per workspace, the URL comparison behind the workspace-URL question,
// and the check on a typed API key.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sameBaseUrl as sameUrl } from '../../protocol/settings';
import { MemoryStore, UrlDecisions } from '../../client/src/create/state';
import { checkTypedKey } from '../../client/src/keyCheck';

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
