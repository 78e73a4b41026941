// pull, diff, apply, run and status end to end: the bundled CLI in a child process against the sandbox
// API on 127.0.0.1, over real HTTP, with the sandbox's faults for the failures. Every test runs twice:
// against a sandbox that reads syncs back as they were sent (mirror), and one that reads them back as
// the real API may (realistic: defaults filled in, "" schedule fields, schedule ids, a PUT's `schemas`
// as the selection, output names reset by a schema update, a cache refresh, a PUT that keeps a field).

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { PolytomicClient } from '../../server/src/api';
import { pulledFileText, readLiveSync } from '../../server/src/operations';
import { IDS, POLICIES } from '../sandbox/fixtures';
import { MIRROR, type ReadBack, REALISTIC } from '../sandbox/readBack';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { type Run, runCli as runCliProcess } from './runCli';

const BODY = {
  name: 'Orders to Snowflake',
  mode: 'replicate',
  source_connection_id: IDS.ordersDb,
  destination_connection_id: IDS.snowflake,
  destination_configuration: { schema: 'ORDERS', advanced: { hard_deletes: true } },
  default_schedule: { frequency: 'daily', hour: '4', minute: '0' },
  concurrency_limit: 3,
  schemas: [
    'public.customers',
    {
      id: 'public.orders',
      fields: ['id', 'customer_id', { id: 'status', obfuscate: true }, 'updated_at'],
      filters: [{ field_id: 'status', function: 'Inequality', value: 'draft' }],
      tracking_field: 'updated_at',
      partition_key: 'customer_id',
      data_cutoff_timestamp: '2024-01-01T00:00:00Z',
    },
    { id: 'billing.invoices', disable_data_cutoff: true },
  ],
};

const UNLINKED = `{
  // Orders into the analytics database
  "name": "Orders to Postgres",
  "mode": "snapshot",
  "source_connection_id": "${IDS.ordersDb}",
  "destination_connection_id": "${IDS.analyticsPostgres}",
  "destination_configuration": { "schema": "orders" },
  "default_schedule": { "frequency": "hourly", "minute": "15" },
  "schemas": ["public.orders", "public.customers"]
}
`;

/** The line diff and plan add when the link vouched for schemas they did not read (taken out of exact comparisons). */
const NOT_READ = /^  \(fields and filters of \d+ schemas taken from the link, not read: the sync is unchanged since \S+; --read-schemas reads them\)\n/m;
const withoutNotRead = (stdout: string): string => {
  assert.match(stdout, NOT_READ);
  return stdout.replace(NOT_READ, '');
};

const MODES: [string, Readonly<ReadBack>][] = [['mirror', MIRROR], ['realistic', REALISTIC]];

for (const [modeName, readBack] of MODES) describe(`polysync pull, diff, apply, run, status (${modeName} read-back)`, () => {
  let sandbox: Sandbox;
  let root: string;
  let dir: string;
  let env: Record<string, string>;
  let n = 0;
  const cli = (args: string[], extra: Record<string, string | undefined> = {}): Promise<Run> => runCliProcess(args, { ...env, ...extra }, dir, [sandbox.keys.user]);
  const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
  const write = (name: string, text: string) => writeFileSync(path.join(dir, name), text);
  /** Forgets the requests so far, keeping the syncs. */
  const forgetRequests = () => {
    sandbox.state.requests.length = 0;
    sandbox.state.peakInFlight = 0;
  };
  const sent = (method: string) => sandbox.state.requests.filter((r) => r.method === method);
  /** A new sync in the sandbox, pulled into `name`. */
  async function pulled(name: string, body: Record<string, unknown> = BODY): Promise<string> {
    const sync = sandbox.createSync(structuredClone(body));
    const r = await cli(['pull', sync.id, '-o', name]);
    assert.equal(r.code, 0, r.stderr);
    return sync.id;
  }

  before(async () => {
    sandbox = await startSandbox({ executions: { durationMs: 400 }, readBack });
    root = mkdtempSync(path.join(tmpdir(), 'polysync-keep-'));
    env = { POLYTOMIC_API_KEY: sandbox.keys.user, POLYTOMIC_API_URL: sandbox.url };
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.setExecutionPlan({ durationMs: 400, outcome: 'completed' });
    dir = path.join(root, `case-${++n}`);
    mkdirSync(dir);
  });
  after(async () => {
    await sandbox.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('every command has --help, and polysync --help lists them', async () => {
    for (const command of ['pull', 'diff', 'apply', 'run', 'status']) {
      const r = await cli([command, '--help']);
      assert.equal(r.code, 0, command);
      assert.match(r.stdout, new RegExp(`^Usage: polysync ${command} `), command);
      assert.match(r.stdout, /Exit status:/, command);
    }
    const top = await cli(['--help']);
    for (const command of ['pull', 'diff', 'apply', 'run', 'status']) assert.match(top.stdout, new RegExp(`polysync ${command} `));
  });

  test('pull writes a linked file that round-trips: check has no errors, diff none, apply sends nothing, the selections are the live ones', async () => {
    const sync = sandbox.createSync(structuredClone(BODY));
    const r = await cli(['pull', sync.id]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'orders-to-snowflake.polysync.json\n');
    const file = JSON.parse(read('orders-to-snowflake.polysync.json'));
    assert.equal(file.polysync.sync_id, sync.id);
    assert.equal(file.polysync.updated_at, sync.updated_at);
    // In the order the sync lists its schemas (the source's order).
    assert.deepEqual(file.schemas, [
      {
        id: 'public.orders',
        fields: ['id', 'customer_id', { id: 'status', obfuscate: true }, 'updated_at'],
        filters: [{ field_id: 'status', function: 'Inequality', value: 'draft' }],
        tracking_field: 'updated_at',
        partition_key: 'customer_id',
        data_cutoff_timestamp: '2024-01-01T00:00:00Z',
      },
      'public.customers',
      { id: 'billing.invoices', disable_data_cutoff: true },
    ]);
    assert.equal(file.concurrency_limit, 3);
    // As the API reads it back (with the defaults it filled in, under the realistic read-back).
    assert.deepEqual(file.destination_configuration, sandbox.state.stored.get(sync.id)!.sync.destination_configuration);

    const check = await cli(['check', 'orders-to-snowflake.polysync.json']);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const diff = await cli(['diff', 'orders-to-snowflake.polysync.json']);
    assert.equal(diff.code, 0, diff.stderr);
    assert.equal(withoutNotRead(diff.stdout), `orders-to-snowflake.polysync.json: same as bulk sync ${sync.id}\n`);
    const apply = await cli(['apply', 'orders-to-snowflake.polysync.json', '--yes']);
    assert.equal(apply.code, 0, apply.stderr);
    assert.match(apply.stdout, /up to date with bulk sync/);
    assert.equal(sent('PUT').length + sent('PATCH').length, 0);
  });

  test('pull refuses to overwrite without --force; an unknown id is a 404 that says so; --all writes one file per sync', async () => {
    const id = await pulled('mine.polysync.json');
    write('mine.polysync.json', '// mine\n{}\n');
    const refused = await cli(['pull', id, '-o', 'mine.polysync.json']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /mine\.polysync\.json exists; nothing was written \(use --force/);
    assert.equal(read('mine.polysync.json'), '// mine\n{}\n');
    const forced = await cli(['pull', id, '-o', 'mine.polysync.json', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(read('mine.polysync.json'), new RegExp(`"sync_id": "${id}"`));

    const unknown = await cli(['pull', '0f0f0f0f-0000-4000-8000-000000000000']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /bulk sync 0f0f0f0f-0000-4000-8000-000000000000 was not found: it does not exist, was deleted, or belongs to another organization/);
    assert.match(unknown.stderr, /HTTP 404/);

    sandbox.createSync({ ...structuredClone(BODY), name: 'Second' });
    sandbox.createSync({ ...structuredClone(BODY), name: 'Second' });
    const all = await cli(['pull', '--all', '--dir', 'syncs']);
    assert.equal(all.code, 0, all.stderr);
    const files = readdirSync(path.join(dir, 'syncs')).sort();
    assert.equal(files.length, 3);
    assert.ok(files.includes('orders-to-snowflake.polysync.json'));
    assert.equal(files.filter((f) => f.startsWith('second-')).length, 2, 'two syncs with one name get two files');
    const diff = await cli(['diff', 'syncs']);
    assert.equal(diff.code, 0, diff.stderr);

    const usage = await cli(['pull', '--all', id]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--all takes no sync id/);
  });

  test('diff: one line per field path with both values, exit 1; --format json; an unlinked file would create a sync (exit 1)', async () => {
    const id = await pulled('s.polysync.json');
    const text = read('s.polysync.json')
      .replace('"hour": "4"', '"hour": "5"')
      .replace('{\n          "id": "status",\n          "obfuscate": true\n        }', '"status"')
      .replace('"public.customers",', '"public.customers", "public.products",');
    write('s.polysync.json', text);
    const r = await cli(['diff', 's.polysync.json']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(withoutNotRead(r.stdout), [
      `s.polysync.json: 3 differences from bulk sync ${id}`,
      '  default_schedule.hour: file "5", live "4"',
      '  schemas[public.orders].fields: file [customer_id, id, status, updated_at], live [customer_id, id, status (obfuscated), updated_at]',
      '  schemas[public.products]: file selected, live not selected',
      '',
    ].join('\n'));
    const json = await cli(['diff', '--format', 'json', 's.polysync.json']);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout);
    assert.equal(report.formatVersion, 1);
    assert.deepEqual(report.totals, { files: 1, same: 0, differs: 1, create: 0, error: 0 });
    assert.deepEqual(report.files[0].differences[0], { path: 'default_schedule.hour', file: '5', live: '4', base: '4', editedInFile: true, changedInPolytomic: false, discovered: false });

    write('plain.polysync.json', UNLINKED);
    const unlinked = await cli(['diff', 's.polysync.json', 'plain.polysync.json']);
    assert.equal(unlinked.code, 1);
    assert.match(unlinked.stdout, /plain\.polysync\.json: not linked to a bulk sync yet: "polysync apply" would create one from it/);
  });

  test('diff ignores what means the same: defaults written out, key order, null for absent, a schema id for every field', async () => {
    const id = await pulled('s.polysync.json', { ...structuredClone(BODY), schemas: ['public.customers'], concurrency_limit: null });
    const pulledFile = JSON.parse(read('s.polysync.json'));
    const same = {
      polysync: pulledFile.polysync,
      // What the pull wrote and the rewrite keeps: the API filled them in, the base has them.
      policies: pulledFile.policies,
      source_configuration: pulledFile.source_configuration,
      schemas: [{ id: 'public.customers', fields: [], filters: [], tracking_field: null }],
      default_schedule: { minute: '0', hour: '4', frequency: 'daily' },
      destination_configuration: pulledFile.destination_configuration,
      destination_connection_id: BODY.destination_connection_id,
      source_connection_id: BODY.source_connection_id,
      mode: 'replicate',
      name: BODY.name,
      active: true,
      normalize_names: 'enabled',
      automatically_add_new_fields: 'all',
      automatically_add_new_objects: 'none',
      additional_schedules: null,
      concurrency_limit: null,
      data_cutoff_timestamp: null,
    };
    write('s.polysync.json', JSON.stringify(same, null, 2));
    const r = await cli(['diff', 's.polysync.json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`same as bulk sync ${id}`));
  });

  test('diff of a deleted sync, and of a sync deleted between two calls, says it was not found (exit 2)', async () => {
    const id = await pulled('s.polysync.json');
    sandbox.setFault({ type: 'delete-after', method: 'GET', path: `/api/bulk/syncs/${id}`, times: 1 });
    const between = await cli(['diff', 's.polysync.json']);
    assert.equal(between.code, 2);
    assert.match(between.stderr, new RegExp(`s\\.polysync\\.json: bulk sync ${id} was not found: it does not exist, was deleted`));
    const after = await cli(['diff', 's.polysync.json']);
    assert.equal(after.code, 2);
    assert.match(after.stderr, /was not found/);
  });

  test('reads are retried on 429 (honouring Retry-After) and 5xx', async () => {
    const id = await pulled('s.polysync.json');
    sandbox.setFault([
      { type: 'rate-limit', retryAfter: '1', method: 'GET', path: `/api/bulk/syncs/${id}/schemas`, times: 1 },
      { type: 'status', status: 503, method: 'GET', path: `/api/bulk/syncs/${id}`, times: 1 },
    ]);
    const r = await cli(['diff', 's.polysync.json']);
    assert.equal(r.code, 0, r.stderr);
    const statuses = sandbox.state.requests.map((q) => q.status);
    assert.ok(statuses.includes(429) && statuses.includes(503), `the faults were met: ${statuses.join(',')}`);
    const limited = sandbox.state.requests.findIndex((q) => q.status === 429);
    const retry = sandbox.state.requests.slice(limited + 1).find((q) => q.path === sandbox.state.requests[limited].path);
    assert.ok(retry, 'the rate-limited read was sent again');
    assert.ok(retry.receivedAt - sandbox.state.requests[limited].receivedAt >= 900, 'after the Retry-After second');
  });

  test('apply without --yes and without a terminal prints the plan and changes nothing', async () => {
    await pulled('s.polysync.json');
    write('s.polysync.json', read('s.polysync.json').replace('"hour": "4"', '"hour": "6"'));
    const r = await cli(['apply', 's.polysync.json']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /default_schedule\.hour: "4" -> "6"/);
    assert.match(r.stdout, /sends: PUT the settings \(a full replacement; keeps the live active, /);
    assert.match(r.stderr, /nothing was changed: there is no terminal to confirm on; run with --yes/);
    assert.equal(sent('PUT').length + sent('PATCH').length, 0);
  });

  test('apply --yes: PUT of the full body, PATCH of changed schemas and removed ones with enabled: false; the link is current, comments kept, diff exits 0', async () => {
    const id = await pulled('s.polysync.json');
    const before = JSON.parse(read('s.polysync.json')).polysync;
    let text = read('s.polysync.json');
    text = `// kept comment\n${text}`
      .replace('"hour": "4"', '"hour": "6"')
      .replace(',\n    {\n      "id": "billing.invoices",\n      "disable_data_cutoff": true\n    }', '')
      .replace('"partition_key": "customer_id",', '"partition_key": "id",');
    write('s.polysync.json', text);
    const r = await cli(['apply', 's.polysync.json', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`updated bulk sync ${id} \\(settings \\(PUT\\), schema selections \\(PATCH\\)\\)`));
    const put = JSON.parse(sent('PUT')[0].body);
    assert.equal(put.default_schedule.hour, '6');
    assert.equal(put.polysync, undefined, 'the link is never sent');
    // The selection as it should end up, so neither reading of a PUT's `schemas` changes it otherwise.
    assert.deepEqual(put.schemas.map((e: string | { id: string }) => (typeof e === 'string' ? e : e.id)), ['public.orders', 'public.customers']);
    const patch = JSON.parse(sent('PATCH')[0].body);
    const ids = patch.schemas.map((s: { id: string; enabled: boolean }) => `${s.id}:${s.enabled}`);
    assert.deepEqual(ids.sort(), ['billing.invoices:false', 'public.orders:true']);
    const orders = patch.schemas.find((s: { id: string }) => s.id === 'public.orders');
    assert.equal(orders.partition_key, 'id');
    assert.deepEqual(orders.fields.filter((f: { obfuscated: boolean }) => f.obfuscated).map((f: { id: string }) => f.id), ['status']);

    const after = read('s.polysync.json');
    assert.ok(after.startsWith('// kept comment\n'));
    const link = JSON.parse(after.replace(/^\/\/.*\n/, '')).polysync;
    assert.notEqual(link.updated_at, before.updated_at);
    assert.equal(link.updated_at, sandbox.state.syncs[0].updated_at);
    const diff = await cli(['diff', 's.polysync.json']);
    assert.equal(diff.code, 0, diff.stdout + diff.stderr);
  });

  test('apply never overwrites a change made in Polytomic: it names the fields and stops, unless --force', async () => {
    const id = await pulled('s.polysync.json');
    sandbox.editSync(id, (s) => {
      s.default_schedule = { ...s.default_schedule!, hour: '9' };
    });
    write('s.polysync.json', read('s.polysync.json').replace('"name": "Orders to Snowflake"', '"name": "Orders (renamed)"'));
    const r = await cli(['apply', 's.polysync.json', '--yes']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /changed in Polytomic by Dana Example at 20\d\d-[^ ]+ since the file was last pulled or applied: default_schedule\.hour\. Not applied/);
    assert.equal(sent('PUT').length, 0);
    const diff = await cli(['diff', 's.polysync.json']);
    assert.match(diff.stdout, /default_schedule\.hour: file "4", live "9" \(changed in Polytomic by Dana Example at 20\d\d-[^ ]+\)\n/);
    const json = JSON.parse((await cli(['diff', 's.polysync.json', '--format', 'json'])).stdout);
    const hour = json.files[0].differences.find((d: { path: string }) => d.path === 'default_schedule.hour');
    assert.equal(hour.changedInPolytomic, true);
    assert.equal(hour.editedInFile, false);
    assert.equal(json.files[0].changedBy, 'Dana Example');

    const forced = await cli(['apply', 's.polysync.json', '--yes', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /--force: overwrites changes made in Polytomic by Dana Example at [^ ]+ to default_schedule\.hour\)/);
    assert.equal(sandbox.state.syncs[0].name, 'Orders (renamed)');
    assert.equal(sandbox.state.syncs[0].default_schedule?.hour, '4');
  });

  test('a change in Polytomic the file already agrees with is no conflict', async () => {
    const id = await pulled('s.polysync.json');
    sandbox.editSync(id, (s) => {
      s.name = 'Renamed in Polytomic';
    });
    write('s.polysync.json', read('s.polysync.json').replace('"Orders to Snowflake"', '"Renamed in Polytomic"').replace('"hour": "4"', '"hour": "7"'));
    const r = await cli(['apply', 's.polysync.json', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sandbox.state.syncs[0].default_schedule?.hour, '7');
  });

  test('a file with errors is never applied; an unlinked file is created and linked', async () => {
    write('bad.polysync.json', UNLINKED.replace('"snapshot"', '"snapshoot"'));
    const bad = await cli(['apply', 'bad.polysync.json', '--yes']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /bad\.polysync\.json:\d+:\d+: error PS104/);
    assert.match(bad.stderr, /has 1 error; it was not applied/);
    assert.equal(sandbox.state.requests.length, 0);

    write('new.polysync.json', UNLINKED);
    const created = await cli(['apply', 'new.polysync.json', '--yes']);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /new\.polysync\.json: create a new bulk sync "Orders to Postgres"/);
    const id = sandbox.state.syncs[0].id;
    assert.match(created.stdout, new RegExp(`created bulk sync ${id} and linked the file`));
    assert.ok(read('new.polysync.json').startsWith(UNLINKED.slice(0, UNLINKED.lastIndexOf('\n}'))));
    const diff = await cli(['diff', 'new.polysync.json']);
    assert.equal(diff.code, 0, diff.stdout + diff.stderr);
    const again = await cli(['create', 'new.polysync.json']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`already linked to bulk sync ${id}`));
  });

  test('a network failure half way through an apply says what was changed and what was not', async () => {
    const id = await pulled('s.polysync.json');
    write('s.polysync.json', read('s.polysync.json').replace('"hour": "4"', '"hour": "8"').replace('"partition_key": "customer_id",', ''));
    sandbox.setFault({ type: 'drop', when: 'before-read', method: 'PATCH' });
    const r = await cli(['apply', 's.polysync.json', '--yes']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /changed in Polytomic: settings \(PUT\)/);
    assert.match(r.stderr, /not changed: schema selections \(PATCH\)/);
    assert.match(r.stderr, /the link in s\.polysync\.json was not updated/);
    assert.equal(sandbox.state.syncs[0].default_schedule?.hour, '8');
    assert.ok(sent('PATCH').length >= 2, 'the PATCH, safe to repeat, was tried again');
    sandbox.setFault(null);
    const again = await cli(['apply', 's.polysync.json', '--yes']);
    assert.equal(again.code, 0, again.stderr);
    // An API that reads a PUT's `schemas` as the selection already took the schema change with the PUT.
    assert.match(again.stdout, readBack.putSelectsSchemas ? new RegExp(`up to date with bulk sync ${id}`) : new RegExp(`updated bulk sync ${id} \\(schema selections \\(PATCH\\)\\)`));
    const diff = await cli(['diff', 's.polysync.json']);
    assert.equal(diff.code, 0, diff.stdout + diff.stderr);
  });

  test('pull --force over a file linked to the same sync keeps its ignore list; over another sync\'s file, not', async () => {
    const id = await pulled('mine.polysync.json');
    // Over a file linked to the same sync, the link's ignore list is the person's and stays.
    write('mine.polysync.json', read('mine.polysync.json').replace('"polysync": {', '"polysync": {\n    "ignore": ["active", "schemas[*].filters"],').replace('"concurrency_limit": 3', '"concurrency_limit": 9'));
    const again = await cli(['pull', id, '-o', 'mine.polysync.json', '--force']);
    assert.equal(again.code, 0, again.stderr);
    const repulled = JSON.parse(read('mine.polysync.json'));
    assert.deepEqual(repulled.polysync.ignore, ['active', 'schemas[*].filters']);
    assert.equal(repulled.concurrency_limit, 3, 'the rest is the live sync');
    assert.equal((await cli(['diff', 'mine.polysync.json'])).code, 0);
    // A file linked to another sync keeps nothing of its link.
    const other = await pulled('other.polysync.json');
    const over = await cli(['pull', other, '-o', 'mine.polysync.json', '--force']);
    assert.equal(over.code, 0, over.stderr);
    assert.equal(JSON.parse(read('mine.polysync.json')).polysync.ignore, undefined);
  });

  test('pull writes the compact link: sync_id, updated_at and a one-line base, never fingerprints', async () => {
    await pulled('s.polysync.json');
    const text = read('s.polysync.json');
    const link = text.slice(text.indexOf('"polysync"'));
    assert.equal(link.split('\n').length, 7, link);
    assert.match(link, /^"polysync": \{\n {4}"sync_id": "[0-9a-f-]+",\n {4}"updated_at": "[^"]+",\n {4}"base": "b1\.[A-Za-z0-9_-]+"\n {2}\}\n\}\n$/);
    assert.ok(!text.includes('fingerprints'));
  });

  test('create reads the new sync back and links the file with a base: diff is empty right after', async () => {
    write('new.polysync.json', UNLINKED);
    const r = await cli(['create', 'new.polysync.json']);
    assert.equal(r.code, 0, r.stderr);
    const id = r.stdout.trim();
    const link = JSON.parse(read('new.polysync.json').replace(/^\s*\/\/.*$/gm, '')).polysync;
    assert.equal(link.sync_id, id);
    assert.match(link.base, /^b1\./);
    assert.ok(sent('GET').some((q) => q.path === `/api/bulk/syncs/${id}/schemas`), 'read back');
    const diff = await cli(['diff', 'new.polysync.json']);
    assert.equal(diff.code, 0, diff.stdout + diff.stderr);
  });

  test('create names a field the API did not store: exit 1 with its path, the file linked, diff still shows it', async () => {
    sandbox.setReadBack({ createKeeps: ['concurrency_limit'] });
    write('new.polysync.json', UNLINKED.replace('"schemas":', '"concurrency_limit": 4,\n  "schemas":'));
    const r = await cli(['create', 'new.polysync.json']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const id = sandbox.state.syncs[0].id;
    assert.equal(sandbox.state.stored.get(id)!.sync.concurrency_limit, null, 'the sandbox did not store it');
    assert.match(r.stderr, new RegExp(`polysync create: new\\.polysync\\.json: bulk sync ${id} did not take concurrency_limit \\(read back`));
    assert.ok(!/did not take [^\n]*(name|schedule|schemas)/.test(r.stderr), 'only the field not stored is named');
    assert.equal(JSON.parse(read('new.polysync.json').replace(/^\s*\/\/.*$/gm, '')).polysync.sync_id, id, 'the file is linked all the same');
    const diff = await cli(['diff', 'new.polysync.json']);
    assert.equal(diff.code, 1, diff.stdout + diff.stderr);
    assert.match(diff.stdout, /^ {2}concurrency_limit: file 4, live \(not set\)\n/m);
  });

  test('ignore: a path left to the app is never a difference, and apply sends its live value', async () => {
    const id = await pulled('s.polysync.json');
    write('s.polysync.json', read('s.polysync.json').replace('"polysync": {', '"polysync": {\n    "ignore": ["concurrency_limit"],'));
    sandbox.editSync(id, (s) => {
      s.concurrency_limit = 7;
    });
    const diff = await cli(['diff', 's.polysync.json']);
    assert.equal(diff.code, 0, diff.stdout + diff.stderr);
    write('s.polysync.json', read('s.polysync.json').replace('"hour": "4"', '"hour": "5"'));
    const r = await cli(['apply', 's.polysync.json', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(sent('PUT')[0].body).concurrency_limit, 7, 'the live value is sent');
    assert.equal(sandbox.state.stored.get(id)!.sync.concurrency_limit, 7);
    assert.match(read('s.polysync.json'), /"ignore": \["concurrency_limit"\]/, 'the ignore list stays in the link');
    const after = await cli(['diff', 's.polysync.json']);
    assert.equal(after.code, 0, after.stdout + after.stderr);
  });

  test('what the file leaves to the app survives an apply: policies, activity, output names; a discovered schema is information', async () => {
    write('s.polysync.json', UNLINKED.replace('"schemas":', '"automatically_add_new_objects": "all",\n  "schemas":'));
    const created = await cli(['apply', 's.polysync.json', '--yes']);
    assert.equal(created.code, 0, created.stdout + created.stderr);
    const id = sandbox.state.syncs[0].id;
    assert.equal((await cli(['diff', 's.polysync.json'])).code, 0, 'nothing differs right after the create');
    sandbox.editSync(id, (s) => {
      s.policies = [POLICIES[0].id];
      s.active = false;
    });
    sandbox.editSchema(id, 'public.orders', (s) => {
      s.user_output_name = 'orders_in_app';
    });
    sandbox.editSchema(id, 'public.order_items', (s) => {
      s.enabled = true;
    });
    const diff = await cli(['diff', 's.polysync.json']);
    assert.equal(diff.code, 1, diff.stdout + diff.stderr);
    assert.match(diff.stdout, /schemas\[public\.order_items\]: file not selected, live selected \(added by automatic discovery; apply leaves it\)/);
    assert.ok(!/policies|active|user_output_name/.test(diff.stdout), diff.stdout);
    write('s.polysync.json', read('s.polysync.json').replace('"minute": "15"', '"minute": "20"'));
    const r = await cli(['apply', 's.polysync.json', '--yes']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /schemas\[public\.order_items\]: added by automatic discovery, left as it is/);
    const stored = sandbox.state.stored.get(id)!;
    assert.deepEqual(stored.sync.policies, [POLICIES[0].id]);
    assert.equal(stored.sync.active, false);
    assert.equal(stored.sync.default_schedule?.minute, '20');
    assert.equal(stored.schemas.find((s) => s.id === 'public.orders')?.user_output_name, 'orders_in_app');
    assert.equal(stored.schemas.find((s) => s.id === 'public.order_items')?.enabled, true, 'a discovered schema is not removed');
    const after = await cli(['diff', 's.polysync.json']);
    assert.equal(after.code, 0, after.stdout + after.stderr);
  });

  test('a key removed from the file is a difference; one the API fills in again is named as not taken', async () => {
    const id = await pulled('s.polysync.json');
    write('s.polysync.json', read('s.polysync.json').replace(/\n {2}"policies": \[[^\]]*\],/, ''));
    const diff = await cli(['diff', 's.polysync.json']);
    assert.match(diff.stdout, /^ {2}policies: file \(not set\), live \["[^"]+"\]\n/m);
    const r = await cli(['apply', 's.polysync.json', '--yes']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`bulk sync ${id} did not take policies`));
  });

  test('a field the API does not take is named: exit 1 with its path, and diff still shows it', async () => {
    const id = await pulled('s.polysync.json');
    sandbox.setReadBack({ putKeeps: ['concurrency_limit'] });
    write('s.polysync.json', read('s.polysync.json').replace('"concurrency_limit": 3', '"concurrency_limit": 5').replace('"hour": "4"', '"hour": "5"'));
    const r = await cli(['apply', 's.polysync.json', '--yes']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`updated bulk sync ${id}`));
    assert.match(r.stderr, new RegExp(`polysync apply: s\\.polysync\\.json: bulk sync ${id} did not take concurrency_limit \\(read back after the change`));
    assert.equal(sandbox.state.stored.get(id)!.sync.default_schedule?.hour, '5');
    const diff = await cli(['diff', 's.polysync.json']);
    assert.equal(diff.code, 1);
    assert.match(diff.stdout, /^ {2}concurrency_limit: file 5, live 3\n/m);
    assert.ok(!/default_schedule/.test(diff.stdout), 'what was taken is no longer a difference');
  });

  test('a link from before bases (fingerprints) is compared two ways; the next apply writes the compact link', async () => {
    const id = await pulled('s.polysync.json');
    const text = read('s.polysync.json');
    const updatedAt = JSON.parse(text).polysync.updated_at;
    write('s.polysync.json', text.replace(/"polysync": \{[\s\S]*\}\n\}\n$/, `"polysync": {\n    "sync_id": "${id}",\n    "updated_at": "${updatedAt}",\n    "fingerprints": { "name": "fb2412db497f" }\n  }\n}\n`));
    const same = await cli(['diff', 's.polysync.json']);
    assert.equal(same.code, 0, same.stdout + same.stderr);
    const old = read('s.polysync.json');
    write('s.polysync.json', old.replace('"hour": "4"', '"hour": "5"'));
    const diff = await cli(['diff', 's.polysync.json']);
    assert.match(diff.stdout, /default_schedule\.hour: file "5", live "4"\n {2}\(the link keeps no base yet: compared two ways until the next apply or pull\)\n/);
    const r = await cli(['apply', 's.polysync.json', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    const now = read('s.polysync.json');
    assert.ok(!now.includes('fingerprints'));
    assert.match(now, /"base": "b1\./);
    assert.equal((await cli(['diff', 's.polysync.json'])).code, 0);

    // Up to date with an old link: nothing is sent, the link gets its base.
    const other = await pulled('t.polysync.json');
    write('t.polysync.json', old.replaceAll(id, other));
    forgetRequests();
    const renewed = await cli(['apply', 't.polysync.json', '--yes']);
    assert.equal(renewed.code, 0, renewed.stderr);
    assert.match(renewed.stdout, new RegExp(`t\\.polysync\\.json: up to date with bulk sync ${other}; the link now keeps a base for the three-way comparison`));
    assert.equal(sent('PUT').length + sent('PATCH').length, 0);
    assert.match(read('t.polysync.json'), /"base": "b1\./);
    assert.ok(!read('t.polysync.json').includes('fingerprints'));
  });

  test('an old link whose sync changed since cannot name the fields: apply stops, unless --force', async () => {
    const id = await pulled('s.polysync.json');
    write('s.polysync.json', read('s.polysync.json').replace(/"polysync": \{[\s\S]*\}\n\}\n$/, `"polysync": {\n    "sync_id": "${id}",\n    "updated_at": "2020-01-01T00:00:00Z"\n  }\n}\n`).replace('"hour": "4"', '"hour": "5"'));
    const r = await cli(['apply', 's.polysync.json', '--yes']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /was changed in Polytomic by .* since the file was last pulled or applied; the link is from an older Polysync and keeps no base, so the fields cannot be named/);
    assert.equal(sent('PUT').length, 0);
  });

  test('run starts an execution; a second while it runs gets a clear message; --wait follows it to completed (0) or failed (1)', async () => {
    const id = await pulled('s.polysync.json');
    await pulled('t.polysync.json');
    // Long enough that it still runs when the second run and the status read come.
    sandbox.setExecutionPlan({ durationMs: 60_000 });
    const first = await cli(['run', 's.polysync.json']);
    assert.equal(first.code, 0, first.stderr);
    const execution = first.stdout.trim();
    assert.match(execution, /^[0-9a-f-]{36}$/);
    const second = await cli(['run', 's.polysync.json']);
    assert.equal(second.code, 1);
    assert.match(second.stderr, new RegExp(`bulk sync ${id} already has an execution running \\(execution ${execution}`));
    assert.equal(sent('POST').length, 2);

    const status = await cli(['status', 's.polysync.json']);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^s\.polysync\.json: running \(started .*\), 0 records, 0 errors, next run 20\d\d-.*T04:00:00\.000Z\n$/);

    sandbox.setExecutionPlan({ durationMs: 300 });
    const waited = await cli(['run', 't.polysync.json', '--wait', '--interval', '0.1']);
    assert.equal(waited.code, 0, waited.stderr);
    assert.match(waited.stderr, /execution .* completed \(\d+ records, 0 errors\)/);

    sandbox.setExecutionPlan({ outcome: 'failed' });
    const failed = await cli(['run', 't.polysync.json', '--wait', '--interval', '0.1']);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /execution .* failed \(0 records, 1 errors: the destination rejected the load/);

    const last = await cli(['status', 't.polysync.json', '--format', 'json']);
    const report = JSON.parse(last.stdout);
    assert.equal(report.files[0].summary.execution.status, 'failed');
  });

  test('starting an execution is not repeated after a 500 (it may have started), but is after a 429', async () => {
    await pulled('s.polysync.json');
    sandbox.setFault({ type: 'status', status: 500, method: 'POST', times: 1 });
    const r = await cli(['run', 's.polysync.json']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /HTTP 500/);
    assert.equal(sent('POST').length, 1);
    sandbox.setFault({ type: 'rate-limit', retryAfter: '0', method: 'POST', times: 1 });
    const limited = await cli(['run', 's.polysync.json']);
    assert.equal(limited.code, 0, limited.stderr);
    assert.equal(sent('POST').length, 3);
  });

  test('many files: at most --concurrency requests in flight, 8 at most', async () => {
    // Hundreds of new syncs: the first schema read of each would wait out a cache refresh (tested apart).
    sandbox.setReadBack({ schemaCacheRefresh: false });
    const body = { ...structuredClone(BODY), schemas: ['public.customers'] };
    mkdirSync(path.join(dir, 'many'));
    const api = new PolytomicClient({ apiKey: sandbox.keys.user, baseUrl: sandbox.url });
    for (let i = 0; i < 24; i++) {
      const sync = sandbox.createSync({ ...body, name: `Sync ${i}` });
      write(`many/s${i}.polysync.json`, pulledFileText(await readLiveSync(api, sync.id)));
    }
    forgetRequests();
    sandbox.setFault({ type: 'latency', phase: 'before-headers', ms: 30 });
    const r = await cli(['diff', 'many', '--concurrency', '3']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sandbox.state.peakInFlight, 3);
    forgetRequests();
    sandbox.setFault({ type: 'latency', phase: 'before-headers', ms: 30 });
    const defaults = await cli(['status', 'many']);
    assert.equal(defaults.code, 0, defaults.stderr);
    assert.equal(sandbox.state.peakInFlight, 4, 'four by default');
    const tooMany = await cli(['diff', 'many', '--concurrency', '9']);
    assert.equal(tooMany.code, 2);
    assert.match(tooMany.stderr, /--concurrency must be a whole number from 1 to 8/);
  });

  test('the linked example matches the seeded demo sync, which has a run history', async () => {
    sandbox.seedDemo();
    write('demo.polysync.json', readFileSync(path.join(__dirname, '..', '..', 'examples', 'salesforce-nightly.polysync.json'), 'utf8'));
    const diff = await cli(['diff', 'demo.polysync.json']);
    assert.equal(diff.code, 0, diff.stdout + diff.stderr);
    const status = await cli(['status', 'demo.polysync.json']);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^demo\.polysync\.json: last run completed \(ended .*\), \d+ records, 0 errors, next run .*T02:30:00\.000Z\n$/);
  });

  test('a folder of 500 linked files is compared', async () => {
    // Hundreds of new syncs: the first schema read of each would wait out a cache refresh (tested apart).
    sandbox.setReadBack({ schemaCacheRefresh: false });
    const api = new PolytomicClient({ apiKey: sandbox.keys.user, baseUrl: sandbox.url });
    mkdirSync(path.join(dir, 'fleet'));
    const first = sandbox.createSync({ ...structuredClone(BODY), schemas: ['public.customers'] });
    const template = pulledFileText(await readLiveSync(api, first.id));
    for (let i = 1; i < 500; i++) {
      const sync = sandbox.createSync({ ...structuredClone(BODY), schemas: ['public.customers'] });
      write(`fleet/s${i}.polysync.json`, template.replace(first.id, sync.id));
    }
    write('fleet/s0.polysync.json', template);
    write('fleet/s7.polysync.json', read('fleet/s7.polysync.json').replace('"hour": "4"', '"hour": "5"'));
    forgetRequests();
    const r = await cli(['diff', 'fleet', '--concurrency', '8']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout.split('\n').filter((l) => l.endsWith('same as bulk sync ' + l.split(' ').pop())).length, 499);
    assert.match(r.stdout, /fleet\/s7\.polysync\.json: 1 difference from bulk sync/);
    assert.ok(existsSync(path.join(dir, 'fleet/s499.polysync.json')));
    assert.ok(sandbox.state.peakInFlight <= 8);
  });
});
