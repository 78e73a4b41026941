// Create at another API URL over the real bundled server on stdio, against two sandboxes on 127.0.0.1
// (two ports, two sets of keys): the account a request carries goes whole, URL and key together, and
// the key the server holds is never sent to another URL; a URL without its key is refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { freshUri, sandboxEnv, startAccountServer, syncDoc, waitForStatus } from './account-helpers';
import type { LspTestClient } from './harness';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const posts = (sandbox: Sandbox) => sandbox.state.requests.filter((r) => r.method === 'POST' && r.path === '/api/bulk/syncs');
/** Whether any request a sandbox received carried `key` (as a Bearer key). */
const carried = (sandbox: Sandbox, key: string) => sandbox.state.requests.some((r) => r.headers.authorization === `Bearer ${key}`);

describe('Create with the account a request carries', () => {
  let first: Sandbox;
  let second: Sandbox;
  let client: LspTestClient;
  before(async () => {
    first = await startSandbox();
    second = await startSandbox({ keys: { user: 'second-sandbox-user-key', readonly: 'second-sandbox-readonly-key', organization: 'second-sandbox-org-key' } });
    client = await startAccountServer(sandboxEnv(first));
    await waitForStatus(client, 'online');
  });
  after(async () => {
    await client.close();
    await first.close();
    await second.close();
  });

  const openDoc = (name: string) => {
    const uri = freshUri(name);
    client.open(uri, syncDoc(), 'polysync', 1);
    return uri;
  };
  const create = (uri: string, extra: Record<string, unknown>): Promise<Json> =>
    client.request('polysync/createBulkSync', { textDocument: { uri, version: 1 }, acceptWarnings: true, ...extra });

  test('the account at another URL is used with its own key; the server\'s key and URL see nothing', async () => {
    const firstPosts = posts(first).length;
    const created = await create(openDoc('at-second'), { account: { apiUrl: second.url, apiKey: second.keys.user } });
    assert.equal(created.kind, 'created', JSON.stringify(created));
    assert.equal(created.apiUrl, second.url);
    assert.equal(posts(second).length, 1);
    assert.equal(posts(second)[0].principal, 'user', 'the second sandbox got its own key');
    assert.equal(posts(first).length, firstPosts, 'nothing was created at the server\'s URL');
    assert.ok(!carried(second, first.keys.user), 'the server\'s key never reached the other URL');
  });

  test('and the reverse: the server at the second URL, the request carrying the first one\'s account', async () => {
    client.notify('polysync/setCredentials', { apiUrl: second.url, apiKey: second.keys.user });
    await waitForStatus(client, 'online', 10_000, (s) => s.apiUrl === second.url);
    const secondRequests = second.state.requests.length;
    const firstPosts = posts(first).length;
    const created = await create(openDoc('at-first'), { account: { apiUrl: first.url, apiKey: first.keys.user } });
    assert.equal(created.kind, 'created', JSON.stringify(created));
    assert.equal(posts(first).length, firstPosts + 1);
    assert.equal(posts(first).at(-1)!.principal, 'user');
    assert.ok(!second.state.requests.slice(secondRequests).some((r) => r.method === 'POST'), 'nothing was created at the server\'s URL');
    assert.ok(!carried(first, second.keys.user), 'the server\'s key never reached the other URL');
  });

  test('a URL without its key is refused, never paired with the key the server holds', async () => {
    const before = { first: first.state.requests.length, second: second.state.requests.length };
    // The shape before accounts travelled whole: a URL alone.
    const legacy = await create(openDoc('url-alone'), { apiUrl: first.url });
    assert.deepEqual([legacy.kind, legacy.reason], ['blocked', 'settings'], JSON.stringify(legacy));
    assert.match(legacy.message, /without its key .* Nothing was sent\.$/);
    // An account with a URL and no key: signed out there.
    const keyless = await create(openDoc('keyless'), { account: { apiUrl: first.url } });
    assert.deepEqual([keyless.kind, keyless.reason], ['blocked', 'signed-out'], JSON.stringify(keyless));
    assert.match(keyless.message, new RegExp(`^No Polytomic API key is set for ${first.url.replace(/[.]/g, '\\.')}\\.`));
    // An account with a key and no URL would send it to the server's URL: refused too.
    const urlless = await create(openDoc('urlless'), { account: { apiKey: first.keys.user } });
    assert.deepEqual([urlless.kind, urlless.reason], ['blocked', 'settings'], JSON.stringify(urlless));
    assert.match(urlless.message, /without its API URL/);
    assert.equal(first.state.requests.length, before.first, 'nothing went to the first sandbox');
    assert.ok(!second.state.requests.slice(before.second).some((r) => r.method === 'POST'), 'nothing was created at the second');
  });
});
