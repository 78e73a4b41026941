// A distinctive key is planted and every way a request can fail is provoked, including a server
// that echoes the Authorization header back; the key must appear in no error and no log line.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { inspect } from 'node:util';
import { ApiConfigError, PolytomicClient } from '../../server/src/api';
import type { FaultRule } from '../sandbox/faults';
import { VALID_BODY, expectApiError, useSandbox } from './helpers';

const PLANTED = 'PLANTED-secret-7f3a9c1e5b2d4068';
const ORG = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01';
const FORMS = [PLANTED, Buffer.from(`${ORG}:${PLANTED}`).toString('base64'), 'PLANTED-secret'];

const sandbox = useSandbox();

function assertClean(label: string, ...texts: string[]): void {
  for (const text of texts) {
    for (const form of FORMS) {
      assert.ok(!text.includes(form), `${label}: the key (or a form of it) leaked into: ${text.slice(0, 300)}`);
    }
  }
}

const SCENARIOS: [string, FaultRule | null][] = [
  ['401 from the API', null],
  ['JSON error echoing the Authorization header in message and metadata', { type: 'status', status: 400, body: 'echo' }],
  ['422 echoing the header', { type: 'status', status: 422, body: 'echo' }],
  ['plain-text gateway error echoing the header', { type: 'status', status: 502, body: 'echo-text' }],
  ['HTML error page', { type: 'status', status: 503, body: 'html' }],
  ['redirect whose Location carries the key', { type: 'redirect', location: `http://127.0.0.1:9/steal?key=${PLANTED}` }],
  ['truncated body', { type: 'truncated-json' }],
  ['invalid JSON', { type: 'invalid-json' }],
  ['dropped connection', { type: 'drop', when: 'after-read' }],
  ['timeout', { type: 'latency', phase: 'before-headers', ms: 1000 }],
];

describe('the API key never appears in errors or logs', () => {
  for (const organizationId of [undefined, ORG]) {
    for (const [name, fault] of SCENARIOS) {
      test(`${organizationId ? 'Basic' : 'Bearer'}: ${name}`, async () => {
        const sb = sandbox.get();
        sb.setFault(fault);
        const lines: string[] = [];
        const client = new PolytomicClient(
          { baseUrl: sb.url, apiKey: PLANTED, organizationId, timeoutMs: 200, backoffBaseMs: 1, maxRetries: 1 },
          { log: (line) => lines.push(line) },
        );
        for (const call of [() => client.createBulkSync(VALID_BODY), () => client.listConnections()]) {
          const err = await expectApiError(call);
          assertClean(name, err.message, String(err), err.stack ?? '', JSON.stringify(err), inspect(err, { depth: 10 }));
        }
        assert.ok(lines.length > 0, 'the client logged its attempts');
        assertClean(`${name} (log)`, ...lines);
        // The planted key did reach the server, so the echo scenarios really did echo it.
        if (fault?.type === 'status' && fault.body?.startsWith('echo')) {
          assert.ok(sb.state.requests.some((r) => (r.headers.authorization ?? '').length > 0));
        }
      });
    }
  }

  test('the client object itself does not show the key', () => {
    for (const organizationId of [undefined, ORG]) {
      const client = new PolytomicClient({ apiKey: PLANTED, organizationId });
      assertClean('client', inspect(client, { depth: 10, showHidden: true }), JSON.stringify(client), JSON.stringify(client.config));
    }
  });

  test('a refused connection', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const client = new PolytomicClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: PLANTED, maxRetries: 0 });
    const err = await expectApiError(() => client.createBulkSync(VALID_BODY));
    assertClean('refused', err.message, inspect(err, { depth: 10 }));
  });

  test('configuration errors', () => {
    const attempts: Record<string, unknown>[] = [
      { apiKey: `${PLANTED}\nX-Injected: 1` },
      { apiKey: `${PLANTED} with spaces` },
      { apiKey: PLANTED, baseUrl: 'http://api.example.com' },
      { apiKey: PLANTED, baseUrl: `https://user:${PLANTED}@api.example.com` },
      { apiKey: PLANTED, version: '1999-01-01' },
      { apiKey: PLANTED, organizationId: 'bad:org' },
    ];
    for (const input of attempts) {
      assert.throws(
        () => new PolytomicClient(input as { apiKey: string }),
        (err: unknown) => {
          assert.ok(err instanceof ApiConfigError, `expected ApiConfigError for ${Object.keys(input).join(',')}`);
          assertClean('config', err.message, inspect(err));
          return true;
        },
      );
    }
  });

  test('the echo fault really does put the key in the raw response', async () => {
    // Guards the scenarios above: without this, a sandbox that stopped echoing would make them pass trivially.
    const sb = sandbox.get();
    sb.setFault({ type: 'status', status: 400, body: 'echo' });
    const response = await fetchRaw(`${sb.url}/api/me`, `Bearer ${PLANTED}`);
    assert.ok(response.includes(PLANTED));
  });
});

function fetchRaw(url: string, authorization: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(new URL(url).port), '127.0.0.1', () => {
      socket.end(`GET ${new URL(url).pathname} HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    socket.on('data', (chunk) => (data += chunk));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}
