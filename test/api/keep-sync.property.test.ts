// A property of pull, diff and apply against the sandbox over HTTP: any valid create body, once
// created and pulled, diffs with no differences and sends back the live sync; an edit to any field
// shows up in diff and is gone once applied.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { PolytomicClient } from '../../server/src/api';
import { parseDocument } from '../../server/src/service/document/document';
import { applyPlan, compareBody, linkCreated, planApply, prepareRequestBody, pulledFileText, readLink, readLiveSync } from '../../server/src/operations';
import { MIRROR, REALISTIC } from '../sandbox/readBack';
import { buildConnections, IDS, POLICIES } from '../sandbox/fixtures';
import { type Sandbox, startSandbox } from '../sandbox/server';

type Body = Record<string, unknown>;

const connections = buildConnections();
const sources = connections.filter((c) => c.source);
const destinations = connections.filter((c) => c.target);

const digits = (min: number, max: number) => fc.integer({ min, max }).map(String);
const dateTime = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => `${d.toISOString().slice(0, 19)}Z`);
const discover = fc.constantFrom('all', 'onlyIncremental', 'onlyNonIncremental', 'none');

const schedule = fc.oneof(
  fc.constant({ frequency: 'manual' }),
  fc.record({ frequency: fc.constant('hourly'), minute: digits(0, 59) }),
  fc.record({ frequency: fc.constant('daily'), hour: digits(0, 23), minute: digits(0, 59) }),
  fc.record({ frequency: fc.constant('weekly'), day_of_week: fc.constantFrom('monday', 'friday'), hour: digits(0, 23), minute: digits(0, 59) }),
);

/** One schema of a source, as a create body may select it. */
function schemaEntry(schema: { id: string; fields?: { id: string; type?: string }[] }, tracking: boolean) {
  const ids = (schema.fields ?? []).map((f) => f.id);
  const dated = (schema.fields ?? []).filter((f) => f.type === 'datetime').map((f) => f.id);
  const configured = fc.record(
    {
      fields: fc.subarray(ids, { minLength: 1 }).chain((chosen) => fc.tuple(...chosen.map((id) => fc.oneof(fc.constant(id), fc.record({ id: fc.constant(id), obfuscate: fc.boolean() }))))),
      filters: fc.array(fc.oneof(
        fc.record({ field_id: fc.constantFrom(...ids), function: fc.constant('Equality'), value: fc.string({ minLength: 1, maxLength: 8 }) }),
        fc.record({ field_id: fc.constantFrom(...ids), function: fc.constant('IsNotNull') }),
      ), { maxLength: 2 }),
      partition_key: fc.constantFrom(...ids),
      data_cutoff_timestamp: dateTime,
      disable_data_cutoff: fc.boolean(),
      ...(tracking && dated.length ? { tracking_field: fc.constantFrom(...dated) } : {}),
    },
    { requiredKeys: [] },
  ).map((e) => ({ id: schema.id, ...e }));
  return fc.oneof(fc.constant(schema.id), configured);
}

const body: fc.Arbitrary<Body> = fc.tuple(fc.constantFrom(...sources), fc.constantFrom(...destinations)).chain(([source, destination]) => {
  const tracking = source.source?.capabilities?.supports_tracking_fields === true;
  const schemas = source.source?.schemas ?? [];
  const modes = (destination.target?.modes ?? []).map((m) => m.id);
  const config = destination.connection.id === IDS.s3
    ? fc.record({ format: fc.constantFrom('csv', 'json', 'parquet') })
    : fc.record({ schema: fc.stringMatching(/^[A-Z][A-Z_]{0,11}$/) });
  return fc.record(
    {
      name: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== ''),
      mode: fc.constantFrom(...modes),
      source_connection_id: fc.constant(source.connection.id),
      destination_connection_id: fc.constant(destination.connection.id),
      destination_configuration: config,
      default_schedule: schedule,
      active: fc.boolean(),
      automatically_add_new_fields: discover,
      automatically_add_new_objects: discover,
      normalize_names: fc.constantFrom('enabled', 'disabled', 'legacy'),
      concurrency_limit: fc.option(fc.integer({ min: 1, max: 20 })),
      data_cutoff_timestamp: fc.option(dateTime),
      disable_record_timestamps: fc.boolean(),
      policies: fc.subarray(POLICIES.map((p) => p.id), { minLength: 1 }),
      schemas: fc.shuffledSubarray(schemas, { minLength: 1 }).chain((chosen) => fc.tuple(...chosen.map((s) => schemaEntry(s, tracking)))),
    },
    { requiredKeys: ['name', 'mode', 'source_connection_id', 'destination_connection_id', 'destination_configuration', 'default_schedule', 'schemas'] },
  ) as fc.Arbitrary<Body>;
});

type Edit = (b: Body, allSchemas: string[]) => Body | undefined;

/** Edits a person might make to a pulled file; undefined when an edit does not apply to this body. */
const EDITS: Record<string, Edit> = {
  rename: (b) => ({ ...b, name: `${String(b.name)} (edited)` }),
  schedule: (b) => ({ ...b, default_schedule: { frequency: 'daily', hour: '3', minute: (b.default_schedule as Body).minute === '7' ? '8' : '7' } }),
  active: (b) => ({ ...b, active: b.active === false }),
  newObjects: (b) => ({ ...b, automatically_add_new_objects: b.automatically_add_new_objects === 'all' ? 'none' : 'all' }),
  concurrency: (b) => ({ ...b, concurrency_limit: b.concurrency_limit === 5 ? 6 : 5 }),
  cutoff: (b) => ({ ...b, data_cutoff_timestamp: b.data_cutoff_timestamp ? undefined : '2025-06-01T00:00:00Z' }),
  destination: (b) => ({ ...b, destination_configuration: { ...(b.destination_configuration as Body), subfolder: 'edited' } }),
  dropSchema: (b) => {
    const list = b.schemas as unknown[];
    return list.length > 1 ? { ...b, schemas: list.slice(1) } : undefined;
  },
  addSchema: (b, all) => {
    const list = b.schemas as unknown[];
    const used = new Set(list.map((s) => (typeof s === 'string' ? s : (s as Body).id)));
    const extra = all.find((id) => !used.has(id));
    return extra ? { ...b, schemas: [...list, extra] } : undefined;
  },
  obfuscate: (b) => {
    const list = b.schemas as unknown[];
    const first = list[0];
    const entry = typeof first === 'string' ? { id: first } : (first as Body);
    const fields = entry.fields as unknown[] | undefined;
    if (!fields?.length) return { ...b, schemas: [{ ...entry, partition_key: undefined, disable_data_cutoff: !entry.disable_data_cutoff }, ...list.slice(1)] };
    const [f, ...rest] = fields;
    const id = typeof f === 'string' ? f : (f as Body).id;
    const obfuscated = typeof f !== 'string' && (f as Body).obfuscate === true;
    return { ...b, schemas: [{ ...entry, fields: [{ id, obfuscate: !obfuscated }, ...rest] }, ...list.slice(1)] };
  },
  filter: (b) => {
    const list = b.schemas as unknown[];
    const first = list[0];
    const entry = typeof first === 'string' ? { id: first } : (first as Body);
    const filters = (entry.filters as unknown[] | undefined) ?? [];
    return { ...b, schemas: [{ ...entry, filters: filters.length ? [] : [{ function: 'IsNotNull', field_id: 'id' }] }, ...list.slice(1)] };
  },
};

let sandbox: Sandbox;
let api: PolytomicClient;
before(async () => {
  sandbox = await startSandbox();
  api = new PolytomicClient({ apiKey: sandbox.keys.user, baseUrl: sandbox.url, backoffBaseMs: 1 });
});
after(() => sandbox.close());

/** Pulls a sync into file text and reads it back as the body it would send, with its link. */
async function pull(syncId: string) {
  const live = await readLiveSync(api, syncId);
  const doc = parseDocument('pulled.polysync.json', 0, pulledFileText(live));
  const prepared = prepareRequestBody(doc);
  assert.ok('body' in prepared, 'the pulled text is one JSON object');
  const link = readLink(doc);
  assert.ok(link.linked === true);
  return { live, body: prepared.body, link: link.link };
}

for (const [modeName, readBack] of [['mirror', MIRROR], ['realistic', REALISTIC]] as const) {
  test(`created, pulled and diffed: no differences; an edit shows in diff and is gone after apply (${modeName} read-back)`, async () => {
    sandbox.setReadBack(readBack);
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(...Object.keys(EDITS)), async (created, editName) => {
        const sync = await api.createBulkSync(created);
        const createdLink = await linkCreated(api, sync, created);
        const { live, body: pulledBody, link } = await pull(sync.id);
        assert.deepEqual(createdLink.notTaken, [], 'the create took the body');
        assert.deepEqual(compareBody(created, live, createdLink.link).differences, [], 'the created body is the live sync');
        assert.deepEqual(compareBody(pulledBody, live, link).differences, [], 'the pulled file is the live sync');

        const source = sources.find((s) => s.connection.id === created.source_connection_id)!;
        const edited = EDITS[editName](pulledBody, (source.source?.schemas ?? []).map((s) => s.id));
        fc.pre(edited !== undefined);
        const differences = compareBody(edited!, live, link).differences;
        assert.ok(differences.length > 0, `the ${editName} edit shows in diff`);
        const plan = planApply(edited!, link, live);
        assert.deepEqual(plan.conflicts, []);
        const outcome = await applyPlan(api, plan);
        assert.equal(outcome.kind, 'applied', outcome.kind === 'failed' ? outcome.error.message : '');
        if (outcome.kind !== 'applied') return;
        const after = await readLiveSync(api, sync.id);
        const left = compareBody(edited!, after, outcome.link).differences.map((d) => d.path);
        assert.deepEqual(left, outcome.notTaken, `after apply the ${editName} edit is live, or named as not taken`);
        for (const path of outcome.notTaken) assert.ok(readBack.putKeeps.some((k) => path === k || path.startsWith(`${k}.`)), `${path}: only what the API keeps is not taken`);
      }),
      { numRuns: 25 },
    );
  });
}
