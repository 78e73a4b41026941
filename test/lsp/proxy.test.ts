// The language server behind a proxy: the bundled server over stdio, its environment naming a real
// forward proxy on 127.0.0.1 in HTTPS_PROXY and an API host (api.polysync.test) that only the proxy
// can reach. The account goes online and completion offers the account's connections; a proxy that
// refuses leaves the server offline with a message naming the proxy and never the key.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ForwardProxy, startForwardProxy, startTlsFront, TEST_API_HOST, TEST_CA_FILE, type TlsFront } from '../api/forward-proxy';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { completionAt, eventually, freshUri, IDS, itemsOf, SANDBOX_KEYS, startAccountServer, waitForOrganization, waitForStatus, withCursor } from './account-helpers';
import type { LspTestClient } from './harness';

const PROXY_VARIABLES = { HTTPS_PROXY: '', https_proxy: '', HTTP_PROXY: '', http_proxy: '', NO_PROXY: '', no_proxy: '' };

describe('account data through HTTPS_PROXY', () => {
  let sandbox: Sandbox;
  let tlsFront: TlsFront;
  let proxy: ForwardProxy;

  before(async () => {
    sandbox = await startSandbox();
    tlsFront = await startTlsFront({ host: '127.0.0.1', port: sandbox.port });
    proxy = await startForwardProxy({ hosts: { [TEST_API_HOST]: tlsFront.address } });
  });
  after(async () => {
    await proxy.close();
    await tlsFront.close();
    await sandbox.close();
  });

  const serverEnv = (proxyUrl: string): NodeJS.ProcessEnv => ({
    ...PROXY_VARIABLES,
    POLYTOMIC_API_URL: `https://${TEST_API_HOST}`,
    POLYTOMIC_API_KEY: SANDBOX_KEYS.user,
    POLYTOMIC_ORGANIZATION_ID: '',
    POLYTOMIC_API_VERSION: '',
    NODE_EXTRA_CA_CERTS: TEST_CA_FILE,
    HTTPS_PROXY: proxyUrl,
  });

  test('the server goes online through the proxy and completes the account\'s connections', async () => {
    const client: LspTestClient = await startAccountServer(serverEnv(proxy.url));
    try {
      await waitForOrganization(client, 'Sandbox Organization');
      assert.ok(proxy.visits.length > 0);
      assert.ok(proxy.visits.every((v) => v.kind === 'connect' && v.target === `${TEST_API_HOST}:443`), JSON.stringify(proxy.visits));

      const { text, position } = withCursor('{\n  "source_connection_id": "|"\n}\n');
      const uri = freshUri('proxy');
      client.open(uri, text);
      const labels = await eventually('connections in completion', async () => {
        const items = itemsOf(await completionAt(client, uri, position));
        const found = items.map((i) => `${i.label} ${i.insertText ?? ''} ${JSON.stringify(i.textEdit ?? '')}`);
        return found.some((l) => l.includes(IDS.hubspot)) ? found : undefined;
      });
      assert.ok(labels.length > 0);
    } finally {
      await client.close();
    }
  });

  test('a proxy the client names in polysync/setCredentials (VS Code\'s http.proxy) is used with no proxy in the environment', async () => {
    const named = await startForwardProxy({ hosts: { [TEST_API_HOST]: tlsFront.address } });
    const client = await startAccountServer({ ...PROXY_VARIABLES, POLYTOMIC_API_KEY: '', NODE_EXTRA_CA_CERTS: TEST_CA_FILE });
    try {
      await waitForStatus(client, 'signed-out');
      client.notify('polysync/setCredentials', { apiUrl: `https://${TEST_API_HOST}`, apiKey: SANDBOX_KEYS.user, proxy: named.url });
      await waitForOrganization(client, 'Sandbox Organization');
      assert.ok(named.visits.length > 0 && named.visits.every((v) => v.kind === 'connect'), JSON.stringify(named.visits));
      assert.equal(proxy.visits.filter((v) => v.kind === 'connect').length, proxy.visits.length, 'the other proxy saw only its own test');
    } finally {
      await client.close();
      await named.close();
    }
  });

  test('a proxy that refuses: offline, the message names the proxy, and nothing the server sends holds the key', async () => {
    const guarded = await startForwardProxy({ hosts: { [TEST_API_HOST]: tlsFront.address }, requireAuthorization: 'Basic never-matches' });
    const client = await startAccountServer(serverEnv(guarded.url));
    try {
      const status = await waitForStatus(client, 'offline');
      assert.match(JSON.stringify(status), new RegExp(`proxy 127\\.0\\.0\\.1:${guarded.port} \\(from HTTPS_PROXY\\) refused to open a tunnel to api\\.polysync\\.test:443: 407`));
      const everything = JSON.stringify(client.notifications) + client.stderr();
      assert.ok(!everything.includes(SANDBOX_KEYS.user), 'the key leaked into what the server sent');
    } finally {
      await client.close();
      await guarded.close();
    }
  });
});
