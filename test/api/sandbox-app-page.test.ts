// "Open in Polytomic" against the sandbox: the address the extension opens for a linked sync
// (inferredSyncAppUrl over the API base URL, which the demo sets to the sandbox) answers a small HTML
// page about that sync, saying it is the sandbox, instead of the API's 401 JSON.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { inferredSyncAppUrl } from '../../server/src/api/inferred';
import { IDS, SANDBOX_KEYS } from '../sandbox/fixtures';
import { type Sandbox, startSandbox } from '../sandbox/server';

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.close());

test('the app address of a sync answers an HTML page naming it, with no key and without counting as an API request', async () => {
  const id = sandbox.seedDemo();
  const sync = sandbox.state.syncs.find((s) => s.id === id);
  assert.ok(sync);
  const before = sandbox.state.requests.length;
  const res = await fetch(inferredSyncAppUrl(sandbox.url, id));
  const html = await res.text();
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html; charset=utf-8$/);
  assert.match(html, /^<!doctype html>/);
  assert.ok(html.includes(`<h1>${sync.name}</h1>`), html);
  assert.ok(html.includes(id));
  assert.match(html, /Salesforce Production/, 'the source connection by name');
  assert.match(html, /not the Polytomic app/);
  for (const key of Object.values(SANDBOX_KEYS)) assert.ok(!html.includes(key), 'no API key on the page');
  assert.equal(sandbox.state.requests.length, before, 'a page view is not an API request');
  // The API path of the same sync still needs a key.
  assert.equal((await fetch(`${sandbox.url}/api/bulk/syncs/${id}`)).status, 401);
});

test('an unknown id answers a 404 page; a name is shown as text, never as markup', async () => {
  const missing = await fetch(inferredSyncAppUrl(sandbox.url, '00000000-0000-4000-8000-000000000000'));
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /has no bulk sync with the id <code>00000000-0000-4000-8000-000000000000<\/code>/);

  const sync = sandbox.createSync({
    name: '<script>alert(1)</script> & co',
    mode: 'snapshot',
    source_connection_id: IDS.hubspot,
    destination_connection_id: IDS.analyticsPostgres,
    destination_configuration: { schema: 'hubspot' },
    default_schedule: { frequency: 'manual' },
    schemas: ['contacts'],
  });
  const html = await (await fetch(inferredSyncAppUrl(sandbox.url, sync.id))).text();
  assert.ok(!html.includes('<script>'), html);
  assert.ok(html.includes('<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</h1>'), html);
  assert.match(html, /Last run<\/th><td>never run/);
});
