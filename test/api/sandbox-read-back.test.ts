// The sandbox's read-back switches, each on its own and over HTTP: what a sync reads back after a
// create, a PUT and a schema PATCH, the schema cache refresh, a PUT that keeps a field, and sustained
// rate limiting. The default (mirror) reads back what was sent.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { IDS, ordersToSnowflake } from '../sandbox/fixtures';
import { MIRROR, REALISTIC, readBackOptions } from '../sandbox/readBack';
import { type Sandbox, startSandbox } from '../sandbox/server';

type Obj = Record<string, unknown>;

const BODY = {
  ...ordersToSnowflake(),
  additional_schedules: [{ frequency: 'weekly', day_of_week: 'sunday', hour: '1', minute: '0', resync_mode: 'resync' }],
  disable_record_timestamps: false,
};

describe('sandbox read-back switches', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  beforeEach(() => sandbox.reset());
  after(async () => {
    await sandbox.close();
  });

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; json: Obj }> {
    const res = await fetch(sandbox.url + path, {
      method,
      headers: { Authorization: `Bearer ${sandbox.keys.user}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Obj) : {} };
  }
  const data = (r: { json: Obj }) => r.json.data as Obj;
  async function create(body: Obj = BODY): Promise<Obj> {
    const r = await call('POST', '/api/bulk/syncs', body);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    return data(r);
  }
  const putBody = (body: Obj, change: Obj = {}): Obj => {
    const { schemas: _schemas, ...rest } = body;
    return { ...rest, ...change };
  };
  const selected = async (id: unknown): Promise<string[]> => {
    const r = await call('GET', `/api/bulk/syncs/${id}/schemas`);
    assert.equal(r.status, 200);
    return (r.json.data as Obj[]).filter((s) => s.enabled).map((s) => s.id as string).sort();
  };

  test('mirror (the default): a sync reads back as it was sent, a PUT takes every field and no selection, a PATCH keeps output names', async () => {
    assert.deepEqual(sandbox.readBack, { ...MIRROR, putKeeps: [] });
    const sync = await create();
    const read = data(await call('GET', `/api/bulk/syncs/${sync.id}`));
    assert.deepEqual(read.destination_configuration, { schema: 'ORDERS' });
    assert.equal(read.source_configuration, null);
    assert.equal((read.default_schedule as Obj).day_of_week, undefined);
    assert.equal(((read.additional_schedules as Obj[])[0]).id, undefined);
    assert.deepEqual(await selected(sync.id), ['public.customers', 'public.orders']);

    const put = await call('PUT', `/api/bulk/syncs/${sync.id}`, putBody(BODY, { disable_record_timestamps: true }));
    assert.equal(put.status, 200);
    assert.equal(data(put).disable_record_timestamps, true);
    assert.deepEqual(await selected(sync.id), ['public.customers', 'public.orders']);

    sandbox.editSchema(sync.id as string, 'public.orders', (s) => (s.user_output_name = 'orders_v2'));
    assert.equal((await call('PATCH', `/api/bulk/syncs/${sync.id}/schemas`, { schemas: [{ id: 'public.orders', enabled: true }] })).status, 200);
    assert.equal(data(await call('GET', `/api/bulk/syncs/${sync.id}/schemas/public.orders`)).user_output_name, 'orders_v2');
  });

  test('configuration defaults: both description forms, nested objects, a source configuration, and what was set wins', async () => {
    sandbox.setReadBack({ configurationDefaults: true });
    const snowflake = await create();
    // Snowflake describes its settings as a JSON Schema: defaults, and "" for a string without one.
    assert.deepEqual(snowflake.destination_configuration, { schema: 'ORDERS', mirror_schemas: false, advanced: { table_prefix: '', truncate_existing: false, hard_deletes: false } });
    assert.deepEqual(snowflake.source_configuration, { replication_slot: '' });
    const postgres = await create({ ...BODY, destination_connection_id: IDS.analyticsPostgres, destination_configuration: { schema: 'orders', advanced: { truncate_existing: true } }, source_configuration: { replication_slot: 'mine' } });
    // Analytics Postgres uses `key -> {default, required}` with nested `items`.
    assert.deepEqual(postgres.destination_configuration, { schema: 'orders', mirror_schemas: false, advanced: { table_prefix: '', truncate_existing: true } });
    assert.deepEqual(postgres.source_configuration, { replication_slot: 'mine' });
    assert.deepEqual(data(await call('GET', `/api/bulk/syncs/${postgres.id}`)).destination_configuration, postgres.destination_configuration);
    // A PUT is filled in the same way.
    const put = data(await call('PUT', `/api/bulk/syncs/${snowflake.id}`, putBody(BODY, { destination_configuration: { schema: 'NEW' } })));
    assert.deepEqual(put.destination_configuration, { schema: 'NEW', mirror_schemas: false, advanced: { table_prefix: '', truncate_existing: false, hard_deletes: false } });
    // Salesforce declares no source settings: nothing is made up.
    const salesforce = await create({ ...BODY, source_connection_id: IDS.salesforce, schemas: ['Account'] });
    assert.equal(salesforce.source_configuration, null);
  });

  test('empty schedule fields: every schedule field left unset reads back as ""', async () => {
    sandbox.setReadBack({ emptyScheduleFields: true });
    const sync = await create();
    assert.deepEqual(sync.default_schedule, { ...(sync.default_schedule as Obj), frequency: 'daily', hour: '4', minute: '0', day_of_week: '', day_of_month: '', month: '' });
    assert.equal((sync.additional_schedules as Obj[])[0].day_of_month, '');
    assert.equal((sync.additional_schedules as Obj[])[0].day_of_week, 'sunday');
  });

  test('schedule ids: additional schedules get ids; a PUT that sends the id keeps it, one without gets a new schedule', async () => {
    sandbox.setReadBack({ scheduleIds: true });
    const sync = await create();
    const first = (sync.additional_schedules as Obj[])[0];
    assert.match(String(first.id), /^[0-9a-f-]{36}$/);
    const kept = data(await call('PUT', `/api/bulk/syncs/${sync.id}`, putBody(BODY, { additional_schedules: [{ ...(BODY.additional_schedules[0]), id: first.id, hour: '2' }] })));
    assert.equal((kept.additional_schedules as Obj[])[0].id, first.id);
    assert.equal((kept.additional_schedules as Obj[])[0].created_at, first.created_at);
    const replaced = data(await call('PUT', `/api/bulk/syncs/${sync.id}`, putBody(BODY)));
    assert.notEqual((replaced.additional_schedules as Obj[])[0].id, first.id);
  });

  test('put-selects-schemas: a PUT without schemas selects every schema; with schemas it sets the selection', async () => {
    sandbox.setReadBack({ putSelectsSchemas: true });
    const sync = await create();
    const all = (sandbox.state.stored.get(sync.id as string)?.schemas ?? []).map((s) => s.id).sort();
    assert.ok(all.length > 2);
    await call('PUT', `/api/bulk/syncs/${sync.id}`, putBody(BODY));
    assert.deepEqual(await selected(sync.id), all);
    await call('PUT', `/api/bulk/syncs/${sync.id}`, { ...putBody(BODY), schemas: ['public.orders'] });
    assert.deepEqual(await selected(sync.id), ['public.orders']);
  });

  test('output-names-reset: a schema update that leaves out user_output_name resets it, the fields\' too; one that sends it keeps it', async () => {
    sandbox.setReadBack({ outputNamesReset: true });
    const sync = await create();
    const id = sync.id as string;
    sandbox.editSchema(id, 'public.orders', (s) => {
      s.user_output_name = 'orders_v2';
      for (const f of s.fields ?? []) f.user_output_name = `${f.id}_col`;
    });
    await call('PATCH', `/api/bulk/syncs/${id}/schemas`, { schemas: [{ id: 'public.orders', enabled: true, user_output_name: 'orders_v2' }] });
    assert.equal(data(await call('GET', `/api/bulk/syncs/${id}/schemas/public.orders`)).user_output_name, 'orders_v2');
    await call('PATCH', `/api/bulk/syncs/${id}/schemas`, { schemas: [{ id: 'public.orders', enabled: true }] });
    const schema = data(await call('GET', `/api/bulk/syncs/${id}/schemas/public.orders`));
    assert.equal(schema.user_output_name, null);
    assert.ok((schema.fields as Obj[]).every((f) => f.user_output_name === null));
  });

  test('schema-cache-refresh: the first schema list of each new sync answers 422 "cache refresh in progress", then the list', async () => {
    sandbox.setReadBack({ schemaCacheRefresh: true });
    const a = await create();
    const b = sandbox.createSync(structuredClone(BODY));
    const first = await call('GET', `/api/bulk/syncs/${a.id}/schemas`);
    assert.equal(first.status, 422);
    assert.match(String(first.json.message), /cache refresh in progress/);
    assert.equal((await call('GET', `/api/bulk/syncs/${a.id}/schemas`)).status, 200);
    assert.equal((await call('GET', `/api/bulk/syncs/${b.id}/schemas`)).status, 422);
    assert.equal((await call('GET', `/api/bulk/syncs/${b.id}/schemas`)).status, 200);
  });

  test('put-keeps: a PUT answers 200 but keeps the named fields as they were', async () => {
    sandbox.setReadBack({ putKeeps: ['disable_record_timestamps'] });
    const sync = await create();
    const put = await call('PUT', `/api/bulk/syncs/${sync.id}`, putBody(BODY, { disable_record_timestamps: true, name: 'Renamed' }));
    assert.equal(put.status, 200);
    assert.equal(data(put).disable_record_timestamps, false);
    assert.equal(data(put).name, 'Renamed');
    assert.equal(data(await call('GET', `/api/bulk/syncs/${sync.id}`)).disable_record_timestamps, false);
  });

  test('create-keeps: a create answers but stores the default for the named fields; reset() drops the switch', async () => {
    const put = await fetch(`${sandbox.url}/__sandbox/read-back`, { method: 'PUT', body: JSON.stringify({ createKeeps: ['disable_record_timestamps'] }) });
    assert.equal(put.status, 200);
    const sync = await create({ ...structuredClone(BODY), disable_record_timestamps: true });
    assert.equal(sync.disable_record_timestamps, false);
    assert.equal(data(await call('GET', `/api/bulk/syncs/${sync.id}`)).disable_record_timestamps, false);
    const bad = await fetch(`${sandbox.url}/__sandbox/read-back`, { method: 'PUT', body: JSON.stringify({ createKeeps: 'name' }) });
    assert.equal(bad.status, 400);
    sandbox.reset();
    assert.equal(sandbox.readBack.createKeeps, undefined);
    assert.equal((await create({ ...structuredClone(BODY), disable_record_timestamps: true })).disable_record_timestamps, true);
  });

  test('rate limit per window: past N requests, 429 with Retry-After and X-RateLimit-Reset until the window ends', async () => {
    sandbox.setReadBack({ rateLimit: { requests: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) assert.equal((await call('GET', '/api/me')).status, 200);
    const before = Date.now();
    const limited = await call('GET', '/api/me');
    assert.equal(limited.status, 429);
    const wait = Number(limited.headers.get('retry-after'));
    assert.ok(wait > 0 && wait <= 60, `Retry-After ${wait}`);
    const reset = Number(limited.headers.get('x-ratelimit-reset'));
    assert.ok(reset * 1000 >= before && reset * 1000 <= before + 61_000, `X-RateLimit-Reset ${reset}`);
    assert.equal(limited.headers.get('x-polytomic-version'), '2025-09-18');
    assert.equal((await call('GET', '/api/me')).status, 429, 'still limited: the window has not ended');
  });

  test('rate limit on requests at once: the ones over the limit get 429; one at a time all pass', async () => {
    sandbox.setReadBack({ rateLimit: { concurrent: 2, retryAfterMs: 250 } });
    // Slow answers keep requests open together.
    sandbox.setFault({ type: 'latency', phase: 'before-headers', ms: 150, path: '/api/connections' });
    const statuses = (await Promise.all(Array.from({ length: 6 }, () => call('GET', '/api/connections')))).map((r) => r.status);
    assert.ok(statuses.includes(429), `statuses ${statuses}`);
    assert.ok(statuses.includes(200), `statuses ${statuses}`);
    const limited = sandbox.state.requests.find((r) => r.status === 429);
    assert.ok(limited);
    for (let i = 0; i < 4; i++) assert.equal((await call('GET', '/api/me')).status, 200);
  });

  test('the admin route switches behaviours and checks them; reset() goes back to the starting read-back', async () => {
    const put = await fetch(`${sandbox.url}/__sandbox/read-back`, { method: 'PUT', body: JSON.stringify({ emptyScheduleFields: true }) });
    assert.equal(put.status, 200);
    assert.equal(sandbox.readBack.emptyScheduleFields, true);
    const bad = await fetch(`${sandbox.url}/__sandbox/read-back`, { method: 'PUT', body: JSON.stringify({ emptyScheduleFeilds: true }) });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as Obj).message as string, /unknown read-back key "emptyScheduleFeilds"/);
    sandbox.reset();
    assert.equal(sandbox.readBack.emptyScheduleFields, false);
  });

  test('a sandbox started realistic stays realistic across reset()', async () => {
    const realistic = await startSandbox({ readBack: REALISTIC });
    try {
      realistic.reset();
      assert.deepEqual(realistic.readBack, { ...REALISTIC, putKeeps: [...REALISTIC.putKeeps] });
    } finally {
      await realistic.close();
    }
  });
});

describe('sandbox command line and environment', () => {
  test('--realistic, --read-back lists with no-NAME, --put-keeps, --rate-limit, and the environment; flags win', () => {
    assert.deepEqual(readBackOptions([], {}), { ...MIRROR, putKeeps: [] });
    assert.deepEqual(readBackOptions(['--realistic'], {}), { ...REALISTIC, putKeeps: [...REALISTIC.putKeeps] });
    const some = readBackOptions(['--read-back', 'realistic,no-schema-cache-refresh', '--put-keeps=active,name'], {});
    assert.ok(!('error' in some));
    assert.equal(some.schemaCacheRefresh, false);
    assert.equal(some.configurationDefaults, true);
    assert.deepEqual(some.putKeeps, ['active', 'name']);
    assert.deepEqual((readBackOptions(['--create-keeps', 'concurrency_limit'], {}) as { createKeeps?: string[] }).createKeeps, ['concurrency_limit']);
    assert.deepEqual((readBackOptions([], { POLYSYNC_SANDBOX_CREATE_KEEPS: 'active,name' }) as { createKeeps?: string[] }).createKeeps, ['active', 'name']);
    const env = readBackOptions([], { POLYSYNC_SANDBOX_READ_BACK: 'empty-schedule-fields', POLYSYNC_SANDBOX_RATE_LIMIT: 'concurrent:2,retry-after:50' });
    assert.ok(!('error' in env));
    assert.equal(env.emptyScheduleFields, true);
    assert.equal(env.configurationDefaults, false);
    assert.deepEqual(env.rateLimit, { concurrent: 2, retryAfterMs: 50 });
    const flagWins = readBackOptions(['--read-back=mirror', '--rate-limit', 'requests:5/1000'], { POLYSYNC_SANDBOX_READ_BACK: 'realistic', POLYSYNC_SANDBOX_RATE_LIMIT: 'concurrent:1' });
    assert.ok(!('error' in flagWins));
    assert.equal(flagWins.configurationDefaults, false);
    assert.deepEqual(flagWins.rateLimit, { requests: 5, windowMs: 1000 });
    assert.match((readBackOptions(['--read-back', 'defaults'], {}) as { error: string }).error, /unknown read-back behaviour "defaults"/);
    assert.match((readBackOptions(['--rate-limit', 'lots'], {}) as { error: string }).error, /cannot read rate limit "lots"/);
    assert.match((readBackOptions(['--rate-limit', 'retry-after:5'], {}) as { error: string }).error, /needs concurrent:N or requests:N\/MS/);
  });
});
