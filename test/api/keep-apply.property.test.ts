// The proof, over HTTP against the sandbox, through the operations the CLI and the language
// server run (server/src/operations): random read-back behaviours (each switch of the realistic mode on
// or off, random fields a PUT keeps), a random file created and linked, random edits in the file and
// in the app, then the plan and the apply: afterwards diff is empty or the apply named the field.
// Also: right after the create it is empty, and a plan without force never overwrites an app change.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { PolytomicClient } from '../../server/src/api';
import { applyPlan, compareWithLive, linkCreated, planUpdate, readLiveSync } from '../../server/src/operations';
import { buildConnections, IDS } from '../sandbox/fixtures';
import { MIRROR, type ReadBack } from '../sandbox/readBack';
import { type Sandbox, startSandbox } from '../sandbox/server';

type Body = Record<string, unknown>;

const readBack: fc.Arbitrary<ReadBack> = fc.record({
  configurationDefaults: fc.boolean(),
  emptyScheduleFields: fc.boolean(),
  scheduleIds: fc.boolean(),
  putSelectsSchemas: fc.boolean(),
  outputNamesReset: fc.boolean(),
  schemaCacheRefresh: fc.boolean(),
  putKeeps: fc.subarray(['disable_record_timestamps', 'concurrency_limit', 'name']),
});

const SCHEMAS = ['public.orders', 'public.customers', 'public.order_items', 'billing.invoices'];
const FIELDS = new Map(buildConnections().find((c) => c.connection.id === IDS.ordersDb)!.source!.schemas!.map((s) => [s.id, (s.fields ?? []).map((f) => f.id)]));
const schemaEntry = fc.constantFrom(...SCHEMAS).chain((id) => {
  const [first, second] = FIELDS.get(id) ?? ['id', 'id'];
  return fc.oneof(fc.constant<unknown>(id), fc.constant<unknown>({ id, fields: [first, second] }), fc.constant<unknown>({ id, fields: [first, { id: second, obfuscate: true }] }));
});
const body: fc.Arbitrary<Body> = fc.record(
  {
    name: fc.constantFrom('Orders', 'Orders nightly'),
    destination_connection_id: fc.constantFrom(IDS.snowflake, IDS.analyticsPostgres),
    hour: fc.constantFrom('1', '4', '23'),
    concurrency_limit: fc.option(fc.constantFrom(2, 3), { nil: undefined }),
    extra: fc.boolean(),
    schemas: fc.uniqueArray(schemaEntry, { minLength: 1, maxLength: 3, selector: (e) => (typeof e === 'string' ? e : (e as { id: string }).id) }),
  },
  { requiredKeys: ['name', 'destination_connection_id', 'hour', 'extra', 'schemas'] },
).map((r) => {
  const out: Body = {
    name: r.name,
    mode: 'snapshot',
    source_connection_id: IDS.ordersDb,
    destination_connection_id: r.destination_connection_id,
    destination_configuration: { schema: 'ORDERS' },
    default_schedule: { frequency: 'daily', hour: r.hour, minute: '0' },
    schemas: r.schemas,
  };
  if (r.concurrency_limit !== undefined) out.concurrency_limit = r.concurrency_limit;
  if (r.extra) out.additional_schedules = [{ frequency: 'weekly', day_of_week: 'sunday', hour: '2', minute: '0' }];
  return out;
});

type Edit = (b: Body) => void;
const fileEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.constant<Edit>((b) => (b.name = `${b.name} (renamed)`)),
  fc.constant<Edit>((b) => ((b.default_schedule as Body).hour = '9')),
  fc.constant<Edit>((b) => delete b.concurrency_limit),
  fc.constant<Edit>((b) => (b.concurrency_limit = 5)),
  fc.constant<Edit>((b) => (b.disable_record_timestamps = true)),
  fc.constant<Edit>((b) => delete b.additional_schedules),
  fc.constant<Edit>((b) => (b.additional_schedules = [{ frequency: 'weekly', day_of_week: 'monday', hour: '3', minute: '0' }])),
  fc.constant<Edit>((b) => ((b.destination_configuration as Body).schema = 'ORDERS_V2')),
  fc.constant<Edit>((b) => (b.schemas = (b.schemas as unknown[]).length > 1 ? (b.schemas as unknown[]).slice(1) : b.schemas)),
  fc.constant<Edit>((b) => {
    const ids = (b.schemas as unknown[]).map((e) => (typeof e === 'string' ? e : (e as { id: string }).id));
    const add = SCHEMAS.find((s) => !ids.includes(s));
    if (add) (b.schemas as unknown[]).push({ id: add, fields: ['id'] });
  }),
);

type AppEdit = (sandbox: Sandbox, id: string) => void;
const appEdit: fc.Arbitrary<AppEdit> = fc.oneof(
  fc.constant<AppEdit>((sb, id) => sb.editSync(id, (s) => (s.active = false))),
  fc.constant<AppEdit>((sb, id) => sb.editSync(id, (s) => (s.policies = [IDS.policyDataEngineering]))),
  fc.constant<AppEdit>((sb, id) => sb.editSync(id, (s) => (s.default_schedule = { ...s.default_schedule!, minute: '30' }))),
  fc.constant<AppEdit>((sb, id) => {
    const selected = sb.state.stored.get(id)?.schemas.find((s) => s.enabled);
    if (selected) sb.editSchema(id, selected.id, (s) => (s.user_output_name = 'renamed_in_app'));
  }),
);

let sandbox: Sandbox;
let api: PolytomicClient;
before(async () => {
  sandbox = await startSandbox();
  api = new PolytomicClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.user, backoffBaseMs: 1 });
});
after(async () => {
  await sandbox.close();
});

test('random read-backs, random edits in the file and the app, then apply: the comparison is empty or names what was not taken', async () => {
  await fc.assert(
    fc.asyncProperty(readBack, body, fc.array(fileEdit, { maxLength: 3 }), fc.array(appEdit, { maxLength: 2 }), async (behaviour, file0, edits, appEdits) => {
      sandbox.reset();
      sandbox.setReadBack({ ...MIRROR, ...behaviour });
      const sync = await api.createBulkSync(file0);
      const created = await linkCreated(api, sync, file0);
      assert.equal(created.verified, true);
      assert.deepEqual(created.notTaken, [], 'a create takes what it is sent');
      assert.deepEqual((await compareWithLive(api, created.link, file0)).differences, [], 'nothing differs right after the create');

      for (const edit of appEdits) edit(sandbox, sync.id);
      const file1 = structuredClone(file0);
      for (const edit of edits) edit(file1);
      const beforeApply = await readLiveSync(api, sync.id);
      const careful = await planUpdate(api, file1, created.link);
      if (careful.kind === 'conflict') {
        for (const path of careful.plan.conflicts) assert.ok(careful.plan.differences.find((d) => d.path === path)?.changedInPolytomic, `${path} is a conflict because it changed in Polytomic`);
      }
      const decision = await planUpdate(api, file1, created.link, { force: true });
      let link = created.link;
      let notTaken: string[] = [];
      if (decision.kind !== 'up-to-date') {
        const outcome = await applyPlan(api, decision.plan);
        assert.equal(outcome.kind, 'applied', outcome.kind === 'failed' ? outcome.error.message : '');
        if (outcome.kind !== 'applied') return;
        link = outcome.link;
        notTaken = outcome.notTaken;
      }
      for (const path of notTaken) {
        assert.ok(behaviour.putKeeps.some((k) => path === k || path.startsWith(`${k}.`)), `${path} was named as not taken, and the API keeps ${behaviour.putKeeps}`);
      }
      const afterApply = await readLiveSync(api, sync.id);
      const left = (await compareWithLive(api, link, file1)).differences;
      for (const d of left) assert.ok(notTaken.includes(d.path), `after the apply ${d.path} still differs and was not named: ${JSON.stringify(d)}`);

      // What the file does not own survives the apply: policies, activity, output names set in the app.
      assert.deepEqual(afterApply.sync.policies, beforeApply.sync.policies, 'policies kept');
      assert.equal(afterApply.sync.active, beforeApply.sync.active, 'active kept');
      for (const schema of beforeApply.schemas) {
        const now = afterApply.schemas.find((s) => s.id === schema.id);
        if (now && schema.user_output_name) assert.equal(now.user_output_name, schema.user_output_name, `output name of ${schema.id} kept`);
      }
    }),
    { numRuns: 40 },
  );
});
