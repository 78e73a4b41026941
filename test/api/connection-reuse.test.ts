// The Node transport reuses connections for reads (a keep-alive pool per origin) and opens a fresh one
// for every other request; a pooled connection the server closed costs a retry, never a failed read.
// A real HTTP server on 127.0.0.1 counts the connections.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, test } from 'node:test';
import { PolytomicClient } from '../../server/src/api';
import { closeConnections } from '../../server/src/api/transport';

let server: http.Server;
let url = '';
let connections = 0;
/** Close each connection right after its answer (a server that dropped an idle keep-alive connection). */
let closeAfterAnswer = false;

before(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify({ data: req.method === 'POST' ? { id: 'new-sync' } : { id: 's1', name: 'Orders' } });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body, () => {
        if (closeAfterAnswer) req.socket.destroy();
      });
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  closeConnections();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  closeConnections();
  connections = 0;
  closeAfterAnswer = false;
});

const client = () => new PolytomicClient({ baseUrl: url, apiKey: 'test-key', backoffBaseMs: 1 });

test('reads one after another share one connection', async () => {
  const api = client();
  for (let i = 0; i < 5; i++) assert.equal((await api.getBulkSync('s1')).id, 's1');
  assert.equal(connections, 1);
});

test('reads at once use a connection each, and the next reads reuse them', async () => {
  const api = client();
  await Promise.all([api.getBulkSync('s1'), api.getBulkSync('s1'), api.getBulkSync('s1')]);
  assert.equal(connections, 3);
  await Promise.all([api.getBulkSync('s1'), api.getBulkSync('s1'), api.getBulkSync('s1')]);
  assert.equal(connections, 3);
});

test('a create gets a fresh connection each time', async () => {
  const api = client();
  await api.getBulkSync('s1');
  await api.createBulkSync({ name: 'a' });
  await api.createBulkSync({ name: 'b' });
  assert.equal(connections, 3);
});

test('a read on a connection the server closed is answered all the same', async () => {
  const api = client();
  closeAfterAnswer = true;
  for (let i = 0; i < 4; i++) assert.equal((await api.getBulkSync('s1')).id, 's1');
  assert.ok(connections >= 4, `${connections} connections`);
});
