// The account data behind the checks (PS3xx), completions and hovers, where a workspace's syncs are at
// the API URL it names: the bundled server over stdio, its own account the first sandbox on 127.0.0.1 (the
// user URL), and a second sandbox (the workspace URL, keys of its own) that alone has the connection
// "Wide Warehouse". Once the client names the workspace account (`polysync/setWorkspaceAccount`), a document
// naming that connection is checked and completed against the second sandbox with its key, and the first
// sees no request about it; that URL without a key reads nothing anywhere; null is the server's own again.
// Create and Update check against the account they carry.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Sandbox } from '../sandbox/server';
import {
  accountCodes,
  completionAt,
  diagnosticsWhen,
  eventually,
  freshUri,
  hoverText,
  IDS,
  itemsOf,
  positionOf,
  startTwoAccounts,
  syncDoc,
  type TwoAccounts,
} from '../lsp/account-helpers';
import type { LspTestClient } from '../lsp/harness';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const NAMED_KEYS = { user: 'named-data-user-key-3b8e', readonly: 'named-data-readonly-key', organization: 'named-data-org-key' };
const OTHER_NAMED_KEY = 'named-data-readonly-key';

/** A document whose source exists only at the workspace URL. */
const WIDE = syncDoc({ source: IDS.wideDb });

/** Requests a sandbox received about the Wide Warehouse connection (look-ups, source reads), as `METHOD path principal`. */
const wideRequests = (sandbox: Sandbox, since = 0) =>
  sandbox.state.requests.slice(since).filter((r) => r.path.includes(IDS.wideDb)).map((r) => `${r.method} ${r.path} ${r.principal ?? 'unknown-key'}`);
/** Requests carrying `key`. */
const carrying = (sandbox: Sandbox, key: string, since = 0) => sandbox.state.requests.slice(since).filter((r) => r.headers.authorization?.includes(key));

describe('the account checks and completions read the account the workspace names', () => {
  let user: Sandbox;
  let named: Sandbox;
  let client: LspTestClient;
  let account: Json;

  let accounts: TwoAccounts | undefined;

  before(async () => {
    accounts = await startTwoAccounts({ keys: NAMED_KEYS, wideSourceTables: 3 });
    ({ user, named, client, account } = accounts);
  });
  after(async () => {
    await accounts?.close();
  });

  test('without a workspace account, the user URL answers: the connection is not in its account (PS301)', async () => {
    const uri = freshUri('user-account');
    client.open(uri, WIDE);
    const found = await diagnosticsWhen(client, uri, 'PS301 from the user URL', (d) => accountCodes(d).includes('PS301'));
    assert.ok(found.some((d) => d.code === 'PS301' && String(d.message).includes(IDS.wideDb)), JSON.stringify(found));
    assert.ok(wideRequests(user).length > 0, 'the user URL was asked about the connection');
    assert.deepEqual(wideRequests(named), []);
  });

  test('with the workspace account: no PS3xx, hover and completion name its connection, read with its key; the user URL is not asked', async () => {
    const userBefore = user.state.requests.length;
    client.notify('polysync/setWorkspaceAccount', { account });
    const uri = freshUri('workspace-account');
    client.open(uri, WIDE);
    // The connection is looked up at the workspace URL; until it has answered, the check is skipped.
    await eventually('the workspace URL read the connection', async () => (wideRequests(named).length > 0 ? true : undefined));
    const diagnostics = await diagnosticsWhen(client, uri, 'no account problems', (d) => accountCodes(d).length === 0);
    assert.deepEqual(accountCodes(diagnostics), []);

    const hover = await eventually('the connection hover', async () => {
      const value = await hoverText(client, uri, positionOf(WIDE, IDS.wideDb, 3));
      return value.includes('Wide Warehouse') ? value : undefined;
    });
    assert.match(hover, /Wide Warehouse/);
    const completing = WIDE.replace(`"source_connection_id": "${IDS.wideDb}"`, '"source_connection_id": "|"');
    const completeUri = freshUri('workspace-complete');
    client.open(completeUri, completing.replace('|', ''));
    const items = await eventually('source completion', async () => {
      const all = itemsOf(await completionAt(client, completeUri, positionOf(completing, '|')));
      return all.some((i: Json) => i.label === 'Wide Warehouse') ? all : undefined;
    });
    assert.ok(items.some((i: Json) => i.label === 'Wide Warehouse'));

    const reached = wideRequests(named);
    assert.ok(reached.length > 0 && reached.every((r) => r.endsWith(' user')), `every read at the workspace URL carried its own key: ${reached.join(', ')}`);
    assert.deepEqual(wideRequests(user, userBefore), [], 'the user URL was not asked about the document');
    assert.deepEqual(carrying(user, NAMED_KEYS.user), [], 'nor given the workspace URL\'s key');
    assert.deepEqual(named.state.requests.filter((r) => r.headers.authorization && !r.principal).map((r) => r.path), [], 'the workspace URL got no other key');
  });

  test('Create and Update check against the account they carry', async () => {
    client.notify('polysync/setWorkspaceAccount', { account: null });
    const uri = freshUri('create-carried');
    client.open(uri, WIDE);
    const withAccount: Json = await client.request('polysync/createBulkSync', { textDocument: { uri, version: 1 }, dryRun: true, account });
    assert.equal(withAccount.kind, 'ready', JSON.stringify(withAccount));
    const without: Json = await client.request('polysync/createBulkSync', { textDocument: { uri, version: 1 }, dryRun: true });
    assert.deepEqual([without.kind, without.reason], ['blocked', 'document'], JSON.stringify(without));
    assert.ok(JSON.stringify(without.errors).includes('PS301'), JSON.stringify(without.errors));
  });

  test('another key for the workspace URL is another account: read again with that key', async () => {
    const namedBefore = named.state.requests.length;
    client.notify('polysync/setWorkspaceAccount', { account: { ...account, apiKey: OTHER_NAMED_KEY } });
    const uri = freshUri('other-key');
    client.open(uri, WIDE);
    await eventually('a read with the other key', async () => (wideRequests(named, namedBefore).some((r) => r.endsWith(' readonly')) ? true : undefined));
    const diagnostics = await diagnosticsWhen(client, uri, 'no account problems', (d) => accountCodes(d).length === 0);
    assert.deepEqual(accountCodes(diagnostics), []);
  });

  test('the workspace URL without a key: nothing is read anywhere and the account checks are skipped', async () => {
    client.notify('polysync/setWorkspaceAccount', { account: { apiUrl: named.url, keyKind: 'user', apiVersion: '2025-09-18' } });
    const userBefore = user.state.requests.length;
    const namedBefore = named.state.requests.length;
    const uri = freshUri('keyless');
    client.open(uri, WIDE);
    const diagnostics = await client.diagnostics(uri);
    assert.deepEqual(accountCodes(diagnostics), []);
    // A hover asks for what the document names once more; still nothing may go out.
    await hoverText(client, uri, positionOf(WIDE, IDS.wideDb, 3));
    assert.deepEqual(wideRequests(user, userBefore), [], 'the user URL was not asked about the document');
    const keyless = (sandbox: Sandbox, since: number) => sandbox.state.requests.slice(since).filter((r) => !r.headers.authorization).map((r) => r.path);
    assert.deepEqual([keyless(user, userBefore), keyless(named, namedBefore)], [[], []], 'no request without a key went anywhere');
  });

  test('null: the server\'s own account again (PS301 from the user URL)', async () => {
    client.notify('polysync/setWorkspaceAccount', { account: null });
    const uri = freshUri('back-to-user');
    client.open(uri, WIDE);
    await diagnosticsWhen(client, uri, 'PS301 from the user URL again', (d) => accountCodes(d).includes('PS301'));
  });

  test('the account status is the account the data comes from: the workspace URL\'s, keyless, then the server\'s own', async () => {
    const since = client.notifications.length;
    const statusSince = () => client.notifications.slice(since).filter((n) => n.method === 'polysync/accountStatus').map((n) => n.params);
    client.notify('polysync/setWorkspaceAccount', { account });
    await eventually('an online status for the workspace URL', async () => statusSince().find((p) => p.state === 'online' && p.apiUrl === named.url && p.workspace === true));
    const refreshed: Json = await client.request('polysync/refreshAccount', null);
    assert.deepEqual([refreshed.apiUrl, refreshed.workspace], [named.url, true], JSON.stringify(refreshed));

    client.notify('polysync/setWorkspaceAccount', { account: { apiUrl: named.url, keyKind: 'user', apiVersion: '2025-09-18' } });
    const keyless = await eventually('a signed-out status naming the workspace URL', async () => statusSince().find((p) => p.state === 'signed-out' && p.apiUrl === named.url && p.workspace === true));
    assert.match(keyless.message, /No API key is in use for http:\/\/127\.0\.0\.1:\d+, where this workspace's syncs are/);

    const before = client.notifications.length;
    client.notify('polysync/setWorkspaceAccount', { account: null });
    const own = await eventually('the server\'s own status again', async () =>
      client.notifications.slice(before).filter((n) => n.method === 'polysync/accountStatus').map((n) => n.params).find((p) => p.apiUrl === user.url));
    assert.deepEqual([own.state, own.workspace], ['online', undefined], JSON.stringify(own));
  });

  test('no key appears in notifications or the server\'s log', () => {
    const everything = JSON.stringify(client.notifications) + client.stderr();
    for (const key of [NAMED_KEYS.user, OTHER_NAMED_KEY]) assert.ok(!everything.includes(key), `${key} must not appear`);
  });
});
