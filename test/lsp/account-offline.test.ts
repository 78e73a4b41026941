// Live account data when things go wrong: no key, an unreachable or failing API, a slow API, and
// credentials sent by the client. Checks that need the account must be skipped, never guessed, and
// completion must answer without waiting on the network.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Sandbox, startSandbox } from '../sandbox/server';
import {
  accountCodes,
  completionAt,
  diagnosticsWhen,
  eventually,
  freshUri,
  hoverText,
  IDS,
  itemsOf,
  lastStatus,
  NO_ACCOUNT_ENV,
  positionOf,
  SANDBOX_KEYS,
  sandboxEnv,
  startAccountServer,
  syncDoc,
  waitForOrganization,
  waitForStatus,
  withCursor,
} from './account-helpers';
import type { LspTestClient } from './harness';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const UNKNOWN_ID = '11111111-2222-4333-8444-555555555555';

/** Every account check would fire on this document if the data were there. */
const WRONG_EVERYWHERE = syncDoc({
  source: UNKNOWN_ID,
  destination: IDS.s3,
  mode: 'replicate',
  configuration: '{}',
  extra: `"schemas": ["Widget"],\n  "policies": ["${UNKNOWN_ID}"]`,
});

const SOURCE_SLOT = syncDoc().replace(`"source_connection_id": "${IDS.salesforce}"`, '"source_connection_id": "|"');
const hasConnections = (items: Json[]) => items.some((i) => i.label === 'Salesforce Production');

async function assertNoAccountErrors(client: LspTestClient): Promise<void> {
  const uri = freshUri('offline');
  client.open(uri, WRONG_EVERYWHERE);
  const diagnostics = await client.diagnostics(uri);
  assert.deepEqual(accountCodes(diagnostics), [], 'no account check may run without the account');
  assert.deepEqual(diagnostics, [], 'and the document is otherwise clean');
}

describe('without an API key', () => {
  let client: LspTestClient;
  before(async () => {
    client = await startAccountServer(NO_ACCOUNT_ENV);
  });
  after(() => client.close());

  test('the status says signed out; checks are skipped; completion and hover still work', async () => {
    const status = await waitForStatus(client, 'signed-out');
    assert.match(status.message, /No Polytomic API key is set/);
    await assertNoAccountErrors(client);

    const { text, position } = withCursor(SOURCE_SLOT);
    const uri = freshUri('signed-out');
    client.open(uri, text);
    const list = await completionAt(client, uri, position);
    assert.equal(list.isIncomplete, false, 'nothing is on its way');
    assert.ok(!hasConnections(itemsOf(list)));

    const hoverUri = freshUri('signed-out-hover');
    client.open(hoverUri, WRONG_EVERYWHERE);
    const value = await hoverText(client, hoverUri, positionOf(WRONG_EVERYWHERE, UNKNOWN_ID, 3));
    assert.match(value, /not available: No Polytomic API key is set/);
    assert.match(value, /source_connection_id/, 'the schema explanation is still there');
  });
});

describe('with an API that cannot be reached', () => {
  let client: LspTestClient;
  let port: number;
  before(async () => {
    // A port that was just listening and is now closed: connections are refused at once.
    const gone = await startSandbox();
    port = gone.port;
    await gone.close();
    client = await startAccountServer({ ...NO_ACCOUNT_ENV, POLYTOMIC_API_URL: `http://127.0.0.1:${port}`, POLYTOMIC_API_KEY: SANDBOX_KEYS.user });
  });
  after(() => client.close());

  test('the status says offline and why; no account errors are reported', async () => {
    const status = await waitForStatus(client, 'offline');
    assert.match(status.message, new RegExp(`could not be read from 127\\.0\\.0\\.1:${port}`));
    assert.match(status.message, /checks that need the account are skipped/);
    assert.ok(!status.message.includes(SANDBOX_KEYS.user));
    await assertNoAccountErrors(client);
  });
});

describe('with a key the API rejects', () => {
  let sandbox: Sandbox;
  let client: LspTestClient;
  const BAD_KEY = 'not-a-sandbox-key-7f3a9c';
  before(async () => {
    sandbox = await startSandbox();
    client = await startAccountServer(sandboxEnv(sandbox, BAD_KEY));
  });
  after(async () => {
    await client.close();
    await sandbox.close();
  });

  test('the status says the key was rejected, without showing it', async () => {
    const status = await waitForStatus(client, 'signed-out');
    assert.match(status.message, /rejected the API key/);
    assert.match(status.message, /401/);
    assert.ok(!JSON.stringify(client.notifications).includes(BAD_KEY));
    assert.ok(!client.stderr().includes(BAD_KEY));
    await assertNoAccountErrors(client);
  });
});

describe('with an API URL that ends in /api', () => {
  let sandbox: Sandbox;
  let client: LspTestClient;
  before(async () => {
    sandbox = await startSandbox();
    client = await startAccountServer({ ...sandboxEnv(sandbox), POLYTOMIC_API_URL: `${sandbox.url}/api` });
  });
  after(async () => {
    await client.close();
    await sandbox.close();
  });

  test('every request 404s, and the status names the URL as the likely cause and the one to set', async () => {
    const status = await waitForStatus(client, 'offline');
    assert.match(status.message, /404/);
    assert.match(status.message, new RegExp(`the API URL ${sandbox.url}/api ends in /api: Polysync adds the /api/\\.\\.\\. paths itself, so that is the likely cause\\. Set polysync\\.apiUrl to ${sandbox.url}\\.`));
    await assertNoAccountErrors(client);
  });
});

describe('with a slow API', () => {
  const LATENCY_MS = 3000;
  let sandbox: Sandbox;
  let client: LspTestClient;
  before(async () => {
    sandbox = await startSandbox({ faults: [{ type: 'latency', phase: 'before-headers', ms: LATENCY_MS }] });
    client = await startAccountServer(sandboxEnv(sandbox), { initializationOptions: { accountCacheTtlMs: 1000 } });
  });
  after(async () => {
    await client.close();
    await sandbox.close();
  });

  test('completion answers at once, before the API does, and fills in once the data is cached', async () => {
    const { text, position } = withCursor(SOURCE_SLOT);
    const uri = freshUri('slow');
    client.open(uri, text);
    await sandbox.waitForRequests(1);
    const started = Date.now();
    const first = await completionAt(client, uri, position);
    const elapsed = Date.now() - started;
    assert.ok(sandbox.state.requests.every((r) => r.status === undefined), 'no API answer had arrived when completion answered');
    assert.ok(elapsed < LATENCY_MS, `answered in ${elapsed} ms`);
    assert.ok(!hasConnections(itemsOf(first)));
    assert.equal(first.isIncomplete, true, 'the editor is told to ask again');

    await waitForStatus(client, 'online', 15_000);
    const cached = itemsOf(await completionAt(client, uri, position));
    assert.ok(hasConnections(cached));
  });

  test('stale data is served from the cache while it is fetched again behind', async () => {
    const { text, position } = withCursor(SOURCE_SLOT);
    const uri = freshUri('stale');
    client.open(uri, text);
    await waitForStatus(client, 'online', 15_000);
    const listRequests = () => sandbox.state.requests.filter((r) => r.path === '/api/connections');
    const before = listRequests().length;
    // Once the 1 s cache life has passed, a completion both answers from the cache and asks again.
    await eventually('a refetch behind a cached answer', async () => {
      const items = itemsOf(await completionAt(client, uri, position));
      assert.ok(hasConnections(items), 'the cached connections are served');
      const requests = listRequests();
      if (requests.length === before) return undefined;
      assert.equal(requests[requests.length - 1].status, undefined, 'the refetch is still waiting on the API');
      return true;
    }, 10_000);
  });
});

describe('with an API that answers 500', () => {
  let sandbox: Sandbox;
  let client: LspTestClient;
  before(async () => {
    // `echo` puts the caller's Authorization header in the error message, as a careless gateway might.
    sandbox = await startSandbox({ faults: [{ type: 'status', status: 500, body: 'echo' }] });
    client = await startAccountServer(sandboxEnv(sandbox), { initializationOptions: { accountFailurePauseMs: 200 } });
  });
  after(async () => {
    await client.close();
    await sandbox.close();
  });

  test('the failure is reported, not cached: once the API recovers the data comes back', async () => {
    const status = await waitForStatus(client, 'offline');
    assert.match(status.message, /500/);
    await assertNoAccountErrors(client);
    const logged = client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => n.params.message).join('\n');
    assert.match(logged, /could not be read: .*500/, 'failures are logged');
    assert.ok(!(JSON.stringify(client.notifications) + client.stderr()).includes(SANDBOX_KEYS.user), 'the echoed key is redacted everywhere');

    sandbox.setFault(null);
    // A later use asks again (failures are not kept), so completion fills in without a restart.
    const { text, position } = withCursor(SOURCE_SLOT);
    const uri = freshUri('recovered');
    client.open(uri, text);
    await eventually('connections after recovery', async () => (hasConnections(itemsOf(await completionAt(client, uri, position))) ? true : undefined));
    await waitForStatus(client, 'online');
  });

  test('a failing item is retried by Refresh Account Data', async () => {
    sandbox.setFault({ type: 'status', status: 500, path: `/api/connections/${IDS.salesforce}/bulksync/source` });
    const refreshed = await client.request('polysync/refreshAccount', null);
    assert.equal(refreshed.state, 'online', 'the rest of the account is readable');
    const text = syncDoc({ extra: '"schemas": ["Widget"]' });
    const uri = freshUri('item-500');
    client.open(uri, text);
    // The document's source cannot be read: its schema check is skipped, not guessed. (Each pull
    // asks for what the document names, so pulling is what sends the request.)
    await eventually('the source request to fail', async () => {
      assert.deepEqual(accountCodes(await client.diagnostics(uri)), []);
      return sandbox.state.requests.some((r) => r.path.endsWith('/bulksync/source') && r.query === '?include_fields=true' && r.status === 500) ? true : undefined;
    });
    assert.deepEqual(accountCodes(await client.diagnostics(uri)), []);

    sandbox.setFault(null);
    const again = await client.request('polysync/refreshAccount', null);
    assert.equal(again.state, 'online');
    const diagnostics = await diagnosticsWhen(client, uri, 'PS304 after refresh', (d) => accountCodes(d).includes('PS304'));
    assert.match(diagnostics.find((d) => d.code === 'PS304').message, /Widget/);
  });
});

describe('with requests that time out', () => {
  let sandbox: Sandbox;
  let client: LspTestClient;
  before(async () => {
    sandbox = await startSandbox({ faults: [{ type: 'latency', phase: 'before-headers', ms: 3000 }] });
    client = await startAccountServer(sandboxEnv(sandbox), { initializationOptions: { accountTimeoutMs: 300 } });
  });
  after(async () => {
    await client.close();
    await sandbox.close();
  });

  test('the status says offline once the time limit passes; no account errors', async () => {
    const status = await waitForStatus(client, 'offline');
    assert.match(status.message, /could not be read from .*No response from .* within 0\.3 s/);
    await assertNoAccountErrors(client);
  });
});

describe('credentials sent by the client (polysync/setCredentials)', () => {
  let sandbox: Sandbox;
  let client: LspTestClient;
  before(async () => {
    sandbox = await startSandbox();
    client = await startAccountServer(NO_ACCOUNT_ENV);
  });
  after(async () => {
    await client.close();
    await sandbox.close();
  });

  test('signing in, switching to an organization key, and signing out', async () => {
    await waitForStatus(client, 'signed-out');
    const uri = freshUri('credentials');
    client.open(uri, syncDoc({ source: UNKNOWN_ID }));

    client.notify('polysync/setCredentials', { apiUrl: sandbox.url, apiKey: SANDBOX_KEYS.user, apiVersion: '2025-09-18' });
    // The list of connections and the organization's name are separate requests; either may answer first.
    const online = await waitForOrganization(client, 'Sandbox Organization');
    assert.match(online.message, /Signed in to Sandbox Organization/);
    await diagnosticsWhen(client, uri, 'PS301 once signed in', (d) => accountCodes(d).includes('PS301'));
    assert.ok(sandbox.state.requests.every((r) => r.authScheme === 'Bearer'));

    const count = sandbox.state.requests.length;
    client.notify('polysync/setCredentials', { apiUrl: sandbox.url, apiKey: SANDBOX_KEYS.organization, organizationId: sandbox.organizationId });
    await eventually('requests with the organization key', async () =>
      sandbox.state.requests.slice(count).some((r) => r.path === '/api/connections' && r.authScheme === 'Basic' && r.status === 200) ? true : undefined,
    );

    client.notify('polysync/setCredentials', { apiUrl: sandbox.url });
    const signedOut = await eventually('signed-out status', async () => (lastStatus(client)?.state === 'signed-out' ? lastStatus(client) : undefined));
    assert.match(signedOut.message, /No Polytomic API key/);
    await diagnosticsWhen(client, uri, 'no account errors once signed out', (d) => accountCodes(d).length === 0);

    // Back to the first account: its cached data is used again, without asking the API.
    const before = sandbox.state.requests.filter((r) => r.path === '/api/connections').length;
    client.notify('polysync/setCredentials', { apiUrl: sandbox.url, apiKey: SANDBOX_KEYS.user });
    await diagnosticsWhen(client, uri, 'PS301 from the cache', (d) => accountCodes(d).includes('PS301'));
    assert.equal(sandbox.state.requests.filter((r) => r.path === '/api/connections').length, before);
    const everything = JSON.stringify(client.notifications) + client.stderr();
    assert.ok(!everything.includes(SANDBOX_KEYS.user) && !everything.includes(SANDBOX_KEYS.organization));
  });
});
