// Polytomic's official TypeScript SDK (`polytomic` on npm), a client nobody here wrote, against the
// sandbox in both read-back modes: every bulk sync call it makes succeeds, and in the realistic mode
// it sees what the real API may read back (configuration defaults, "" schedule fields, schedule ids,
// the schema cache refresh after a create). 2025-09-18 bodies go as plain objects: the SDK's request
// types still have the 2024-02-08 shape, and it sends what it is given.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PolytomicClient, PolytomicError } from 'polytomic';
import { ordersWithFieldsAndWeekly } from '../sandbox/fixtures';
import { MIRROR, REALISTIC, type ReadBack } from '../sandbox/readBack';
import { type Sandbox, startSandbox } from '../sandbox/server';

type Obj = Record<string, unknown>;

const BODY = { ...ordersWithFieldsAndWeekly(), name: 'Orders to Snowflake (SDK)' };

const modes: [string, ReadBack][] = [
  ['mirror', { ...MIRROR, putKeeps: [] }],
  ['realistic', { ...REALISTIC, putKeeps: [...REALISTIC.putKeeps] }],
];

for (const [mode, readBack] of modes) {
  describe(`the official SDK against the sandbox (${mode})`, () => {
    let sandbox: Sandbox;
    let sdk: PolytomicClient;
    before(async () => {
      sandbox = await startSandbox({ readBack, executions: { durationMs: 50 } });
      sdk = new PolytomicClient({ environment: sandbox.url, token: sandbox.keys.user, version: '2025-09-18' });
    });
    after(async () => {
      await sandbox.close();
    });
    const realistic = mode === 'realistic';
    const opts = { maxRetries: 0 };

    test('create, get, list, update, schemas (list, get, patch), start, executions (list, get), status, remove', async () => {
      const created = (await sdk.bulkSync.create(BODY as never, opts)).data as unknown as Obj;
      assert.equal(created.name, BODY.name);
      assert.equal(sandbox.state.requests.at(-1)?.version, '2025-09-18');
      const id = created.id as string;

      const read = (await sdk.bulkSync.get(id, undefined, opts)).data as unknown as Obj;
      const schedule = read.default_schedule as Obj;
      const extra = (read.additional_schedules as Obj[])[0];
      if (realistic) {
        assert.deepEqual(read.destination_configuration, { schema: 'ORDERS', mirror_schemas: false, advanced: { table_prefix: '', truncate_existing: false, hard_deletes: false } });
        assert.deepEqual(read.source_configuration, { replication_slot: '' });
        assert.equal(schedule.day_of_month, '');
        assert.match(String(extra.id), /^[0-9a-f-]{36}$/);
      } else {
        assert.deepEqual(read.destination_configuration, BODY.destination_configuration);
        assert.equal(schedule.day_of_month, undefined);
        assert.equal(extra.id, undefined);
      }

      const listed = (await sdk.bulkSync.list(undefined, opts)).data as unknown as Obj[];
      assert.ok(listed.some((s) => s.id === id));

      // Right after a create the realistic API may still be refreshing its schema cache.
      if (realistic) {
        await assert.rejects(sdk.bulkSync.schemas.list(id, undefined, opts), (err: unknown) => err instanceof PolytomicError && err.statusCode === 422 && /cache refresh/.test(JSON.stringify(err.body)));
      }
      const schemas = (await sdk.bulkSync.schemas.list(id, undefined, opts)).data as unknown as Obj[];
      assert.deepEqual(schemas.filter((s) => s.enabled).map((s) => s.id).sort(), ['public.customers', 'public.orders']);
      const orders = (await sdk.bulkSync.schemas.get(id, 'public.orders', opts)).data as unknown as Obj;
      assert.deepEqual((orders.fields as Obj[]).filter((f) => f.enabled).map((f) => f.id).sort(), ['id', 'status']);

      // The provider's way of updating: the full body, `schemas` included.
      const updated = (await sdk.bulkSync.update(id, { ...BODY, name: 'Renamed (SDK)' } as never, opts)).data as unknown as Obj;
      assert.equal(updated.name, 'Renamed (SDK)');
      assert.deepEqual(((await sdk.bulkSync.schemas.list(id, undefined, opts)).data as unknown as Obj[]).filter((s) => s.enabled).map((s) => s.id).sort(), ['public.customers', 'public.orders']);

      const patched = (await sdk.bulkSync.schemas.patch(id, { schemas: [{ id: 'public.customers', enabled: false }] } as never, opts)).data as unknown as Obj[];
      assert.equal(patched[0].enabled, false);

      const started = (await sdk.bulkSync.start(id, {} as never, opts)).data as unknown as Obj;
      const execution = (await sdk.bulkSync.executions.get(id, started.id as string, opts)).data as unknown as Obj;
      assert.equal(execution.id, started.id);
      const executions = (await sdk.bulkSync.executions.list(id, undefined, opts)).data as unknown as Obj[];
      assert.equal(executions[0].id, started.id);
      const status = (await sdk.bulkSync.getStatus(id, opts)).data as unknown as Obj;
      assert.ok('current_execution' in status || 'last_execution' in status);

      await sdk.bulkSync.remove(id, undefined, opts);
      await assert.rejects(sdk.bulkSync.get(id, undefined, opts), (err: unknown) => err instanceof PolytomicError && err.statusCode === 404);
    });
  });
}
