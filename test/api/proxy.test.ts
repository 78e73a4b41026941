// Proxies: which requests go through HTTPS_PROXY / HTTP_PROXY and which NO_PROXY sends directly
// (pure rules), then real exchanges through a real forward proxy on 127.0.0.1: absolute-URI
// forwarding for http, CONNECT tunnels for https, proxies that refuse, and keys kept out of errors.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { PolytomicClient } from '../../server/src/api';
import { bypassesProxy, ProxyConfigError, proxyFor } from '../../server/src/api/proxy';
import { sendHttp, TransportError } from '../../server/src/api/transport';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { type ForwardProxy, startForwardProxy, startTlsFront, TEST_API_HOST, type TlsFront } from './forward-proxy';
import { expectApiError } from './helpers';

const PLANTED_KEY = 'PLANTED-proxy-key-3f9a1c7e5b2d4806';
const PROXY_PASSWORD = 'proxy-pass-8c1e5a';

const url = (text: string) => new URL(text);

describe('proxyFor: which proxy a request uses', () => {
  const env = { HTTPS_PROXY: 'http://secure-proxy:3128', HTTP_PROXY: 'http://plain-proxy:8080' };

  test('https targets use HTTPS_PROXY, http targets HTTP_PROXY', () => {
    assert.equal(proxyFor(url('https://app.polytomic.com/api'), env)?.url.host, 'secure-proxy:3128');
    assert.equal(proxyFor(url('https://app.polytomic.com/api'), env)?.source, 'HTTPS_PROXY');
    assert.equal(proxyFor(url('http://api.internal/api'), env)?.url.host, 'plain-proxy:8080');
    assert.equal(proxyFor(url('https://app.polytomic.com'), { HTTP_PROXY: 'http://plain-proxy:8080' }), undefined);
  });

  test('lower-case variables count, and win over upper-case ones; empty means unset', () => {
    assert.equal(proxyFor(url('https://app.polytomic.com'), { https_proxy: 'http://lower:1' })?.source, 'https_proxy');
    assert.equal(proxyFor(url('https://app.polytomic.com'), { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' })?.url.host, 'lower:1');
    assert.equal(proxyFor(url('https://app.polytomic.com'), { https_proxy: ' ', HTTPS_PROXY: 'http://upper:2' })?.url.host, 'upper:2');
    assert.equal(proxyFor(url('https://app.polytomic.com'), { HTTPS_PROXY: '' }), undefined);
  });

  test('a proxy without a scheme is an http proxy', () => {
    const route = proxyFor(url('https://app.polytomic.com'), { HTTPS_PROXY: 'proxy.corp:3128' });
    assert.equal(route?.url.href, 'http://proxy.corp:3128/');
  });

  test('an explicit proxy (a setting) wins over the environment, and NO_PROXY still applies to it', () => {
    assert.equal(proxyFor(url('https://app.polytomic.com'), env, 'http://from-setting:9')?.source, 'the proxy setting');
    assert.equal(proxyFor(url('https://app.polytomic.com'), { NO_PROXY: 'polytomic.com' }, 'http://from-setting:9'), undefined);
    assert.equal(proxyFor(url('https://app.polytomic.com'), env, '  ')?.source, 'HTTPS_PROXY');
  });

  test('loopback is reached directly whatever the proxy variables say, unless NO_PROXY has <-loopback>', () => {
    for (const target of ['http://localhost:8787', 'http://sandbox.localhost', 'http://127.0.0.1:8787', 'http://127.1.2.3', 'http://[::1]:8787', 'https://localhost']) {
      assert.equal(proxyFor(url(target), env), undefined, target);
      assert.ok(proxyFor(url(target), { ...env, NO_PROXY: '<-loopback>' }), `${target} with <-loopback>`);
    }
    // Other entries still apply next to <-loopback>.
    assert.equal(proxyFor(url('http://127.0.0.1:8787'), { ...env, no_proxy: '<-loopback>, 127.0.0.0/8' }), undefined);
  });

  test('NO_PROXY: names cover their subdomains, a leading dot or *. only the subdomains', () => {
    const direct = (target: string, noProxy: string) => bypassesProxy(url(target), noProxy);
    assert.ok(direct('https://app.polytomic.com', 'polytomic.com'));
    assert.ok(direct('https://polytomic.com', 'polytomic.com'));
    assert.ok(!direct('https://notpolytomic.com', 'polytomic.com'));
    assert.ok(direct('https://app.polytomic.com', '.polytomic.com'));
    assert.ok(!direct('https://polytomic.com', '.polytomic.com'));
    assert.ok(direct('https://app.polytomic.com', '*.polytomic.com'));
    assert.ok(direct('https://APP.Polytomic.COM', 'app.polytomic.com'));
    assert.ok(direct('https://app.polytomic.com', 'example.org, app.polytomic.com'));
    assert.ok(direct('https://app.polytomic.com', 'example.org app.polytomic.com'));
    assert.ok(direct('https://anything.example', '*'));
    assert.ok(!direct('https://app.polytomic.com', ''));
  });

  test('NO_PROXY: ports, IP addresses and CIDR ranges', () => {
    const direct = (target: string, noProxy: string) => bypassesProxy(url(target), noProxy);
    assert.ok(direct('https://app.polytomic.com', 'app.polytomic.com:443'));
    assert.ok(!direct('https://app.polytomic.com:8443', 'app.polytomic.com:443'));
    assert.ok(direct('https://10.1.2.3', '10.1.2.3'));
    assert.ok(direct('https://10.1.2.3', '10.0.0.0/8'));
    assert.ok(!direct('https://11.1.2.3', '10.0.0.0/8'));
    assert.ok(direct('https://[fd00::5]', 'fd00::/8'));
    assert.ok(direct('https://[fd00::5]', '[fd00::5]'));
    assert.ok(direct('https://[fd00::5]:8443', '[fd00::5]:8443'));
    assert.ok(!direct('https://[fe80::5]', 'fd00::/8'));
  });

  test('a proxy that cannot be used is a clear error naming the variable, never its value', () => {
    assert.throws(
      () => proxyFor(url('https://app.polytomic.com'), { HTTPS_PROXY: 'socks5://me:secretpw@proxy:1080' }),
      (err: Error) => err instanceof ProxyConfigError && /HTTPS_PROXY names a socks5 proxy; only http and https proxies are supported/.test(err.message) && !err.message.includes('secretpw'),
    );
    assert.throws(
      () => proxyFor(url('https://app.polytomic.com'), { https_proxy: 'http://me:secretpw@[bad' }),
      (err: Error) => err instanceof ProxyConfigError && /^https_proxy is not a valid proxy URL/.test(err.message) && !err.message.includes('secretpw'),
    );
  });
});

describe('requests through a real proxy on 127.0.0.1', () => {
  let sandbox: Sandbox;
  let proxy: ForwardProxy;
  let tlsFront: TlsFront;

  before(async () => {
    sandbox = await startSandbox();
    tlsFront = await startTlsFront({ host: '127.0.0.1', port: sandbox.port });
    proxy = await startForwardProxy({ hosts: { 'sandbox.localhost': `127.0.0.1:${sandbox.port}`, [TEST_API_HOST]: tlsFront.address } });
  });
  after(async () => {
    await proxy.close();
    await tlsFront.close();
    await sandbox.close();
  });

  const get = (target: string, env: Record<string, string>, extra: { proxy?: string } = {}) =>
    sendHttp({
      url: new URL(target),
      method: 'GET',
      headers: { Authorization: `Bearer ${sandbox.keys.user}`, Accept: 'application/json' },
      timeoutMs: 5000,
      env,
      ...extra,
    });

  test('http: the request goes to the proxy as an absolute URI, and the answer comes back', async () => {
    sandbox.reset();
    proxy.visits.length = 0;
    const res = await get(`http://sandbox.localhost:${sandbox.port}/api/connections`, { HTTP_PROXY: proxy.url, NO_PROXY: '<-loopback>' });
    assert.equal(res.status, 200, res.body.toString());
    assert.ok(Array.isArray(JSON.parse(res.body.toString()).data));
    assert.deepEqual(proxy.visits.map((v) => [v.kind, v.target]), [['forward', `http://sandbox.localhost:${sandbox.port}/api/connections`]]);
    assert.equal(sandbox.state.requests.length, 1);
  });

  test('http to loopback goes directly when NO_PROXY does not say <-loopback>', async () => {
    sandbox.reset();
    proxy.visits.length = 0;
    const res = await get(`http://127.0.0.1:${sandbox.port}/api/connections`, { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url });
    assert.equal(res.status, 200);
    assert.deepEqual(proxy.visits, []);
    assert.equal(sandbox.state.requests.length, 1);
  });

  test('the proxy URL\'s user name and password go in Proxy-Authorization', async () => {
    const guarded = await startForwardProxy({
      hosts: { 'sandbox.localhost': `127.0.0.1:${sandbox.port}` },
      requireAuthorization: `Basic ${Buffer.from(`alice:${PROXY_PASSWORD} x`).toString('base64')}`,
    });
    try {
      const withCredentials = `http://alice:${encodeURIComponent(`${PROXY_PASSWORD} x`)}@127.0.0.1:${guarded.port}`;
      const res = await get(`http://sandbox.localhost:${sandbox.port}/api/connections`, { HTTP_PROXY: withCredentials, NO_PROXY: '<-loopback>' });
      assert.equal(res.status, 200);
      const refused = await get(`http://sandbox.localhost:${sandbox.port}/api/connections`, { HTTP_PROXY: guarded.url, NO_PROXY: '<-loopback>' });
      assert.equal(refused.status, 407);
    } finally {
      await guarded.close();
    }
  });

  test('https: a CONNECT tunnel to the host; the proxy sees neither the request nor the key', async () => {
    proxy.visits.length = 0;
    const before = proxy.tunnelBytes().length;
    // The test certificate is not trusted in this process, so the TLS handshake through the tunnel
    // fails: the tunnel carries TLS end to end, and a proxy cannot stand in for the server.
    const error = await get(`https://${TEST_API_HOST}/api/connections`, { HTTPS_PROXY: proxy.url }).then(
      () => assert.fail('an untrusted certificate was accepted'),
      (err: unknown) => err,
    );
    assert.ok(error instanceof TransportError);
    assert.equal(error.failure, 'tls', error.message);
    assert.deepEqual(proxy.visits.map((v) => [v.kind, v.target, v.authorization]), [['connect', `${TEST_API_HOST}:443`, undefined]]);
    const tunnelled = proxy.tunnelBytes().subarray(before);
    assert.ok(tunnelled.length > 0, 'the client started TLS inside the tunnel');
    assert.ok(tunnelled.includes(Buffer.from(TEST_API_HOST)), 'the TLS client hello names the host (SNI)');
    assert.ok(!tunnelled.includes(Buffer.from(sandbox.keys.user)), 'the key never crosses the proxy in clear');
  });

  test('a proxy that refuses the tunnel: named by host only, nothing sent, not retried', async () => {
    const guarded = await startForwardProxy({ requireAuthorization: 'Basic never' });
    const logs: string[] = [];
    try {
      const client = new PolytomicClient(
        { baseUrl: `https://${TEST_API_HOST}`, apiKey: PLANTED_KEY, proxy: `http://bob:${PROXY_PASSWORD}@127.0.0.1:${guarded.port}`, backoffBaseMs: 1, timeoutMs: 5000 },
        { log: (line) => logs.push(line) },
      );
      const error = await expectApiError(() => client.createBulkSync({ name: 'x' }));
      assert.match(error.message, new RegExp(`The proxy 127\\.0\\.0\\.1:${guarded.port} \\(from the proxy setting\\) refused to open a tunnel to ${TEST_API_HOST.replace(/\./g, '\\.')}:443: 407 Proxy Authentication Required`));
      assert.equal(error.sent, 'no');
      assert.equal(error.attempts, 1);
      assert.match(error.message, /No bulk sync was created/);
      const everything = `${error.message}\n${error.stack}\n${JSON.stringify(error)}\n${logs.join('\n')}\n${JSON.stringify(client)}`;
      for (const secret of [PLANTED_KEY, PROXY_PASSWORD]) assert.ok(!everything.includes(secret), `${secret} leaked:\n${everything}`);
      assert.equal(guarded.visits.length, 1);
      assert.equal(guarded.visits[0].proxyAuthorization, `Basic ${Buffer.from(`bob:${PROXY_PASSWORD}`).toString('base64')}`);
    } finally {
      await guarded.close();
    }
  });

  test('a proxy that cannot reach the server (502) is retried, then reported', async () => {
    const failing = await startForwardProxy({ refuseConnectWith: 502 });
    try {
      const client = new PolytomicClient({ baseUrl: `https://${TEST_API_HOST}`, apiKey: PLANTED_KEY, proxy: failing.url, backoffBaseMs: 1, maxRetries: 2, timeoutMs: 5000 });
      const error = await expectApiError(() => client.listConnections());
      assert.match(error.message, /refused to open a tunnel to api\.polysync\.test:443: 502 Bad Gateway/);
      assert.equal(error.attempts, 3);
      assert.equal(failing.visits.length, 3);
      assert.ok(!error.message.includes(PLANTED_KEY));
    } finally {
      await failing.close();
    }
  });

  test('no proxy listening: the message names the proxy, not the API', async () => {
    const closed = await unusedPort();
    const error = await get(`https://${TEST_API_HOST}/api/connections`, { HTTPS_PROXY: `http://127.0.0.1:${closed}` }).then(
      () => assert.fail('expected a failure'),
      (err: unknown) => err,
    );
    assert.ok(error instanceof TransportError);
    assert.equal(error.failure, 'refused');
    assert.equal(error.requestWritten, false);
    assert.equal(error.message, `Could not connect to the proxy 127.0.0.1:${closed} (from HTTPS_PROXY): connection refused.`);
  });

  test('a proxy variable that cannot be used stops the request before anything is sent', async () => {
    sandbox.reset();
    const error = await get(`http://sandbox.localhost:${sandbox.port}/api/connections`, { http_proxy: `socks5://u:${PROXY_PASSWORD}@127.0.0.1:1080`, NO_PROXY: '<-loopback>' }).then(
      () => assert.fail('expected a failure'),
      (err: unknown) => err,
    );
    assert.ok(error instanceof TransportError);
    assert.equal(error.failure, 'proxy');
    assert.match(error.message, /^http_proxy names a socks5 proxy; only http and https proxies are supported\. Nothing was sent to sandbox\.localhost:\d+\.$/);
    assert.ok(!error.message.includes(PROXY_PASSWORD));
    assert.equal(sandbox.state.requests.length, 0);
  });
});

async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
