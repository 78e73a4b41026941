// The CLI behind a proxy: the bundled CLI in a child process with HTTPS_PROXY / https_proxy pointing
// at a real forward proxy on 127.0.0.1, which alone knows where api.polysync.test is (a TLS front
// for the sandbox, with the test certificate the child trusts through NODE_EXTRA_CA_CERTS).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type ForwardProxy, startForwardProxy, startTlsFront, TEST_API_HOST, TEST_CA_FILE, type TlsFront } from '../api/forward-proxy';
import { IDS } from '../sandbox/fixtures';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { runCli } from './runCli';

const SYNC = `{
  "name": "HubSpot to Postgres",
  "mode": "replicate",
  "source_connection_id": "${IDS.hubspot}",
  "destination_connection_id": "${IDS.analyticsPostgres}",
  "destination_configuration": { "schema": "hubspot" },
  "default_schedule": { "frequency": "hourly", "minute": "15" },
  "schemas": ["contacts", "companies"]
}
`;

/** No proxy variable of the test runner's own may steer these runs. */
const NO_PROXY_ENV = { HTTPS_PROXY: '', https_proxy: '', HTTP_PROXY: '', http_proxy: '', NO_PROXY: '', no_proxy: '' };

describe('polysync behind a proxy', () => {
  let sandbox: Sandbox;
  let tlsFront: TlsFront;
  let proxy: ForwardProxy;
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    sandbox = await startSandbox();
    tlsFront = await startTlsFront({ host: '127.0.0.1', port: sandbox.port });
    proxy = await startForwardProxy({ hosts: { [TEST_API_HOST]: tlsFront.address } });
    dir = mkdtempSync(path.join(tmpdir(), 'polysync-proxy-'));
    writeFileSync(path.join(dir, 'orders.polysync.json'), SYNC);
    env = {
      ...NO_PROXY_ENV,
      POLYTOMIC_API_KEY: sandbox.keys.user,
      POLYTOMIC_API_URL: `https://${TEST_API_HOST}`,
      NODE_EXTRA_CA_CERTS: TEST_CA_FILE,
    };
  });
  after(async () => {
    await proxy.close();
    await tlsFront.close();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // A successful create links the file, so each test starts from the unlinked file.
  const reset = () => {
    sandbox.reset();
    proxy.visits.length = 0;
    writeFileSync(path.join(dir, 'orders.polysync.json'), SYNC);
  };

  test('create goes through HTTPS_PROXY in a CONNECT tunnel, and the key stays inside it', async () => {
    reset();
    const before = proxy.tunnelBytes().length;
    const r = await runCli(['create', 'orders.polysync.json'], { ...env, HTTPS_PROXY: proxy.url }, dir, [sandbox.keys.user]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sandbox.state.syncs.length, 1);
    assert.equal(r.stdout, `${sandbox.state.syncs[0].id}\n`);
    // One tunnel per request: the list of syncs (the twin check), the create, then the reads that link the file to the new sync.
    assert.deepEqual(
      proxy.visits.map((v) => [v.kind, v.target]),
      sandbox.state.requests.map(() => ['connect', `${TEST_API_HOST}:443`]),
    );
    assert.deepEqual(sandbox.state.requests.map((q) => q.method), ['GET', 'POST', 'GET', 'GET', 'GET', 'GET']);
    const posts = sandbox.state.requests.filter((req) => req.method === 'POST');
    assert.equal(posts[0].headers.authorization, `Bearer ${sandbox.keys.user}`);
    assert.ok(!proxy.tunnelBytes().subarray(before).includes(Buffer.from(sandbox.keys.user)), 'the key crossed the proxy in clear');
  });

  test('check --online reads the account through https_proxy (lower case)', async () => {
    reset();
    const r = await runCli(['check', '--online', 'orders.polysync.json'], { ...env, https_proxy: proxy.url }, dir, [sandbox.keys.user]);
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
    assert.ok(proxy.visits.length > 0 && proxy.visits.every((v) => v.kind === 'connect' && v.target === `${TEST_API_HOST}:443`), JSON.stringify(proxy.visits));
    assert.ok(sandbox.state.requests.some((req) => req.method === 'GET'));
  });

  test('an API on a loopback address is reached directly though HTTPS_PROXY and HTTP_PROXY are set', async () => {
    reset();
    const r = await runCli(
      ['create', 'orders.polysync.json'],
      { ...env, POLYTOMIC_API_URL: sandbox.url, HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url },
      dir,
      [sandbox.keys.user],
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sandbox.state.syncs.length, 1);
    assert.deepEqual(proxy.visits, []);
  });

  test('a proxy that demands credentials: a clear error naming it, nothing created, no key or password printed', async () => {
    reset();
    const guarded = await startForwardProxy({ hosts: { [TEST_API_HOST]: tlsFront.address }, requireAuthorization: 'Basic never-matches' });
    try {
      const password = 'proxy-password-41c9';
      const r = await runCli(
        ['create', 'orders.polysync.json'],
        { ...env, HTTPS_PROXY: `http://carol:${password}@127.0.0.1:${guarded.port}` },
        dir,
        [sandbox.keys.user, password],
      );
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`The proxy 127\\.0\\.0\\.1:${guarded.port} \\(from HTTPS_PROXY\\) refused to open a tunnel to api\\.polysync\\.test:443: 407 Proxy Authentication Required`));
      assert.match(r.stderr, /No bulk sync was created/);
      assert.equal(sandbox.state.syncs.length, 0);
      assert.equal(guarded.visits.length, 1);
    } finally {
      await guarded.close();
    }
  });

  test('an unsupported proxy scheme is reported before anything is sent', async () => {
    reset();
    const r = await runCli(['create', 'orders.polysync.json'], { ...env, HTTPS_PROXY: 'socks5://127.0.0.1:1080' }, dir, [sandbox.keys.user]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /HTTPS_PROXY names a socks5 proxy; only http and https proxies are supported\. Nothing was sent to api\.polysync\.test/);
    assert.equal(sandbox.state.requests.length, 0);
  });
});
