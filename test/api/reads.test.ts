// The read endpoints an editor uses for live data, against the sandbox.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IDS, clientFor, expectApiError, useSandbox } from './helpers';

const sandbox = useSandbox();

describe('reads', () => {
  test('connections list with their types, and one connection by id', async () => {
    const client = clientFor(sandbox.get());
    const connections = await client.listConnections();
    assert.deepEqual(
      connections.map((c) => `${c.name}:${c.type.id}`),
      ['Salesforce Production:salesforce', 'HubSpot Marketing:hubspot', 'Orders DB:postgresql',
        'Snowflake Warehouse:snowflake', 'Analytics Postgres:postgresql', 'Data Lake:s3'],
    );
    const one = await client.getConnection(IDS.ordersDb);
    assert.equal(one.name, 'Orders DB');
    const missing = await expectApiError(() => client.getConnection('00000000-0000-4000-8000-000000000000'));
    assert.equal(missing.kind, 'not-found');
    assert.match(missing.message, /HTTP 404 Not Found from GET \/api\/connections\/00000000-0000-4000-8000-000000000000: no connection/);
  });

  test('bulk sync source: schemas, with fields only when asked', async () => {
    const client = clientFor(sandbox.get());
    const bare = await client.getBulkSyncSource(IDS.salesforce);
    assert.deepEqual(bare.schemas?.map((s) => s.id), ['Account', 'Contact', 'Opportunity', 'Lead', 'Case', 'User']);
    assert.equal(bare.schemas?.[0].fields, undefined);
    const full = await client.getBulkSyncSource(IDS.ordersDb, true);
    assert.equal(full.capabilities?.supports_tracking_fields, true);
    const orders = full.schemas?.find((s) => s.id === 'public.orders');
    assert.ok(orders?.fields?.some((f) => f.id === 'updated_at' && f.type === 'datetime'));
    assert.deepEqual(full.schemas?.map((s) => s.id), ['public.orders', 'public.customers', 'public.order_items', 'public.products', 'billing.invoices']);
  });

  test('bulk sync target: modes per destination, configuration in both shapes', async () => {
    const client = clientFor(sandbox.get());
    const s3 = await client.getBulkSyncTarget(IDS.s3);
    assert.deepEqual(s3.modes?.map((m) => m.id), ['snapshot']);
    assert.deepEqual(s3.configuration?.format, { default: 'csv', required: true });
    const snowflake = await client.getBulkSyncTarget(IDS.snowflake);
    assert.deepEqual(snowflake.modes?.map((m) => m.id), ['snapshot', 'replicate']);
    assert.equal(snowflake.configuration?.type, 'object');
    assert.deepEqual(snowflake.configuration?.required, ['schema']);
    const postgres = await client.getBulkSyncTarget(IDS.analyticsPostgres);
    assert.ok('items' in (postgres.configuration?.advanced as object));
  });

  test('a source asked for as a target (and the reverse) is refused with a message', async () => {
    const client = clientFor(sandbox.get());
    const asTarget = await expectApiError(() => client.getBulkSyncTarget(IDS.salesforce));
    assert.equal(asTarget.status, 400);
    assert.match(asTarget.message, /cannot be used as a bulk sync destination/);
    const asSource = await expectApiError(() => client.getBulkSyncSource(IDS.s3, true));
    assert.match(asSource.message, /cannot be used as a bulk sync source/);
  });

  test('policies and the caller', async () => {
    const sb = sandbox.get();
    const policies = await clientFor(sb).listPolicies();
    assert.deepEqual(policies.map((p) => [p.name, p.system]), [['Data Engineering', false], ['Default', true]]);
    assert.equal((await clientFor(sb).me()).role, 'admin');
    assert.equal((await clientFor(sb, { apiKey: sb.keys.readonly }).me()).role, 'readonly');
    const org = await clientFor(sb, { apiKey: sb.keys.organization, organizationId: sb.organizationId }).me();
    assert.equal(org.organization_id, sb.organizationId);
  });

  test('ids are escaped into the path and empty ids are refused before sending', async () => {
    const sb = sandbox.get();
    const client = clientFor(sb);
    const err = await expectApiError(() => client.getBulkSync('a/b?c'));
    assert.equal(err.status, 404);
    assert.equal(sb.state.requests[0].path, '/api/bulk/syncs/a%2Fb%3Fc');
    const empty = await expectApiError(() => client.getConnection('  '));
    assert.equal(empty.kind, 'bad-request');
    assert.equal(sb.state.requests.length, 1);
  });

  test('every request carries the version header and the user agent', async () => {
    const sb = sandbox.get();
    await clientFor(sb).listPolicies();
    const [r] = sb.state.requests;
    assert.equal(r.headers['x-polytomic-version'], '2025-09-18');
    assert.match(r.headers['user-agent'] ?? '', /^polysync\//);
    assert.equal(r.headers.accept, 'application/json');
  });
});
