// Against the sandbox in both read-back modes: a PUT built by keep/send.ts resets nothing the file
// does not own (policies and activity set in the app, the schema selection, output names, schedule
// ids), where the naive PUT (the file's settings alone) does in the realistic mode. Also the client's
// read of one execution by id.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PolytomicClient } from '../../server/src/api';
import { putBody } from '../../server/src/keep/send';
import { readLiveSync } from '../../server/src/operations';
import { IDS, ordersWithFieldsAndWeekly } from '../sandbox/fixtures';
import { MIRROR, REALISTIC, type ReadBack } from '../sandbox/readBack';
import { type Sandbox, startSandbox } from '../sandbox/server';

const BODY = ordersWithFieldsAndWeekly();

for (const [mode, readBack] of [['mirror', MIRROR], ['realistic', REALISTIC]] as [string, ReadBack][]) {
  describe(`a PUT that resets nothing the file does not own (${mode})`, () => {
    let sandbox: Sandbox;
    let api: PolytomicClient;
    before(async () => {
      sandbox = await startSandbox({ readBack: { ...readBack, putKeeps: [] }, executions: { durationMs: 50 } });
      api = new PolytomicClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.user, backoffBaseMs: 5 });
    });
    after(async () => {
      await sandbox.close();
    });

    /** A sync made from BODY, then changed in the app: policies, paused, an output name. */
    async function changedInApp(): Promise<string> {
      const created = await api.createBulkSync(BODY);
      sandbox.editSync(created.id, (s) => {
        s.policies = [IDS.policyDataEngineering];
        s.active = false;
      });
      sandbox.editSchema(created.id, 'public.orders', (s) => (s.user_output_name = 'orders_v2'));
      return created.id;
    }
    const selected = async (id: string) => (await api.listBulkSyncSchemas(id)).filter((s) => s.enabled).map((s) => s.id).sort();

    test('putBody: the file\'s edit lands, everything else the app set survives', async () => {
      const id = await changedInApp();
      const liveBefore = await readLiveSync(api, id);
      const scheduleId = liveBefore.sync.additional_schedules?.[0]?.id;
      const { body } = putBody({ body: { ...BODY, name: 'Renamed' }, live: liveBefore });
      await api.updateBulkSync(id, body);
      const live = await readLiveSync(api, id);
      assert.equal(live.sync.name, 'Renamed');
      assert.deepEqual(live.sync.policies, [IDS.policyDataEngineering]);
      assert.equal(live.sync.active, false);
      assert.deepEqual(await selected(id), ['public.customers', 'public.orders']);
      assert.equal((await api.getBulkSyncSchema(id, 'public.orders')).user_output_name, 'orders_v2');
      assert.equal(live.sync.additional_schedules?.[0]?.id, scheduleId);
    });

    test('the naive PUT (the file\'s settings only) loses what the app set', async () => {
      const id = await changedInApp();
      const { schemas: _schemas, ...settings } = BODY;
      await api.updateBulkSync(id, { ...settings, name: 'Renamed' });
      const live = await readLiveSync(api, id);
      assert.notDeepEqual(live.sync.policies, [IDS.policyDataEngineering], 'policies reset');
      assert.equal(live.sync.active, true, 'activity reset');
      if (mode === 'realistic') assert.ok((await selected(id)).length > 2, 'every schema selected');
    });

    test('one execution is read by its id', async () => {
      const id = (await api.createBulkSync(BODY)).id;
      const started = await api.startBulkSyncExecution(id);
      const execution = await api.getBulkSyncExecution(id, started.id);
      assert.equal(execution.id, started.id);
      await assert.rejects(api.getBulkSyncExecution(id, 'nope'), /404/);
    });
  });
}
