// The API client's list of bulk syncs against the sandbox over HTTP: pages followed through
// next_page_token, and an answer without pagination taken as the whole list.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PolytomicClient } from '../../server/src/api';
import { IDS } from '../sandbox/fixtures';
import { type Sandbox, startSandbox } from '../sandbox/server';

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.close());

const body = (i: number) => ({
  name: `Sync ${i}`,
  mode: 'snapshot',
  source_connection_id: IDS.hubspot,
  destination_connection_id: IDS.analyticsPostgres,
  destination_configuration: { schema: 'hubspot' },
  default_schedule: { frequency: 'manual' },
  schemas: ['contacts'],
});

test('listBulkSyncs follows next_page_token until the last page', async () => {
  for (let i = 0; i < 120; i++) sandbox.createSync(body(i));
  const client = new PolytomicClient({ apiKey: sandbox.keys.user, baseUrl: sandbox.url });
  const all = await client.listBulkSyncs();
  assert.equal(all.length, 120);
  assert.equal(new Set(all.map((s) => s.id)).size, 120);
  const lists = sandbox.state.requests.filter((r) => r.path === '/api/bulk/syncs');
  assert.deepEqual(lists.map((r) => r.query), ['', '?page_token=50', '?page_token=100']);
  const page = await client.listBulkSyncsPage({ limit: 10, active: true });
  assert.equal(page.data.length, 10);
  assert.equal(page.nextPageToken, '10');
});
