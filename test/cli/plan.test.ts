// `polysync plan`: what apply would send, with reads only, on the sandbox in both read-back modes; and
// diff, plan and status over the current folder with no argument, where an unlinked file is one
// apply would create (exit 1), not a failure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BODY, inBothModes, UNLINKED } from './keepModes';

interface JsonPlan {
  formatVersion: number;
  totals: Record<string, number>;
  files: { file: string; syncId?: string; status: string; steps: { method: string; path: string; fields?: string[]; carried?: string[]; schemas?: { id: string; enabled: boolean }[]; name?: string }[]; differences: { path: string }[]; conflicts: string[]; twins?: string[]; message?: string }[];
}

/** The line diff and plan add when the link vouched for schemas they did not read (taken out of exact comparisons). */
const NOT_READ = /^  \(fields and filters of \d+ schemas taken from the link, not read: the sync is unchanged since \S+; --read-schemas reads them\)\n/m;
const withoutNotRead = (stdout: string): string => {
  assert.match(stdout, NOT_READ);
  return stdout.replace(NOT_READ, '');
};

inBothModes('polysync plan', (t) => {
  test('a pulled file plans nothing (exit 0); an edit plans PUT and PATCH with their fields and schemas (exit 1); nothing is written', async () => {
    const id = await t.pulled('orders.polysync.json');
    t.forget();
    const same = await t.cli(['plan', 'orders.polysync.json']);
    assert.equal(same.code, 0, same.stdout + same.stderr);
    assert.equal(withoutNotRead(same.stdout), `orders.polysync.json: up to date with bulk sync ${id}\nPlan: 0 to create, 0 to update, 1 up to date.\n`);

    t.write('orders.polysync.json', t.read('orders.polysync.json').replace('"hour": "4"', '"hour": "5"').replace('"public.customers"', '"public.customers",\n    "public.products"'));
    const text = await t.cli(['plan', 'orders.polysync.json']);
    assert.equal(text.code, 1, text.stdout + text.stderr);
    assert.match(text.stdout, new RegExp(`^orders\\.polysync\\.json: update bulk sync ${id}\\n`));
    assert.match(text.stdout, /\n {2}default_schedule\.hour: "4" -> "5"\n/);
    assert.match(text.stdout, new RegExp(`\\n {2}sends: PUT /api/bulk/syncs/${id} \\(the settings; keeps the live [^)]*\\)\\n`));
    assert.match(text.stdout, new RegExp(`\\n {2}sends: PATCH /api/bulk/syncs/${id}/schemas \\(public\\.products\\)\\n`));
    assert.match(text.stdout, /\nPlan: 0 to create, 1 to update, 0 up to date\.\n$/);

    const json = await t.cli(['plan', '--format', 'json', 'orders.polysync.json']);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as JsonPlan;
    assert.equal(report.formatVersion, 1);
    assert.equal(report.totals.update, 1);
    const [file] = report.files;
    assert.equal(file.status, 'update');
    assert.deepEqual(file.steps.map((s) => s.method), ['PUT', 'PATCH']);
    assert.ok(file.steps[0].fields?.includes('default_schedule.hour'), JSON.stringify(file.steps[0]));
    // What the file leaves to the app is sent back as it is live, and named.
    const carried = (file.steps[0] as { carried?: string[] }).carried ?? [];
    assert.ok(carried.length > 0 && !carried.includes('default_schedule'), JSON.stringify(file.steps[0]));
    assert.deepEqual(file.steps[1].schemas?.filter((s) => s.id === 'public.products'), [{ id: 'public.products', enabled: true }]);
    assert.deepEqual(file.conflicts, []);
    assert.deepEqual(t.writes(), [], 'plan sends only reads');
  });

  test('a change made in Polytomic to what the file changes is a conflict; --force plans over it', async () => {
    const id = await t.pulled('orders.polysync.json');
    t.write('orders.polysync.json', t.read('orders.polysync.json').replace('"hour": "4"', '"hour": "5"'));
    t.sandbox.editSync(id, (s) => {
      (s.default_schedule as Record<string, unknown>).hour = '7';
    });
    t.forget();
    const r = await t.cli(['plan', '--format', 'json', 'orders.polysync.json']);
    assert.equal(r.code, 1, r.stderr);
    const file = (JSON.parse(r.stdout) as JsonPlan).files[0];
    assert.equal(file.status, 'conflict');
    assert.ok(file.conflicts.some((c) => c.startsWith('default_schedule')), JSON.stringify(file));
    const text = await t.cli(['plan', 'orders.polysync.json']);
    assert.match(text.stdout, /conflict: changed in Polytomic since the file was last pulled or applied.*default_schedule.*apply stops here unless --force/);
    const forced = await t.cli(['plan', '--format', 'json', '--force', 'orders.polysync.json']);
    assert.equal((JSON.parse(forced.stdout) as JsonPlan).files[0].status, 'update');
    assert.deepEqual(t.writes(), []);
  });

  test('an unlinked file plans a create, or is blocked by its live twin or --no-create; errors and a deleted sync cannot be planned (exit 2)', async () => {
    t.write('new.polysync.json', UNLINKED.replace('"Orders to Snowflake"', '"Brand new"'));
    const create = await t.cli(['plan', '--format', 'json', 'new.polysync.json']);
    assert.equal(create.code, 1, create.stderr);
    assert.deepEqual((JSON.parse(create.stdout) as JsonPlan).files[0].steps, [{ method: 'POST', path: '/api/bulk/syncs', action: 'create', name: 'Brand new' }]);
    const noCreate = await t.cli(['plan', '--no-create', 'new.polysync.json']);
    assert.equal(noCreate.code, 1);
    assert.match(noCreate.stdout, /new\.polysync\.json: would not be applied: .*--no-create creates none/);

    const live = t.sandbox.createSync(structuredClone(BODY));
    t.write('twin.polysync.json', UNLINKED);
    const twin = await t.cli(['plan', '--format', 'json', 'twin.polysync.json']);
    assert.equal(twin.code, 1);
    const blocked = (JSON.parse(twin.stdout) as JsonPlan).files[0];
    assert.equal(blocked.status, 'blocked');
    assert.deepEqual(blocked.twins, [live.id]);
    assert.match(blocked.message ?? '', /polysync link twin\.polysync\.json/);

    t.write('bad.polysync.json', UNLINKED.replace('"replicate"', '"replciate"'));
    const bad = await t.cli(['plan', 'bad.polysync.json']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.polysync\.json has 1 error; apply would not send it/);
    const id = await t.pulled('gone.polysync.json', { ...structuredClone(BODY), name: 'Gone' });
    t.sandbox.deleteSync(id);
    const gone = await t.cli(['plan', 'gone.polysync.json']);
    assert.equal(gone.code, 2);
    assert.match(gone.stderr, new RegExp(`bulk sync ${id} was not found`));
    assert.equal(t.writes().length, 0);

    const version = await t.cli(['plan', 'new.polysync.json', '--api-version', '2024-02-08']);
    assert.equal(version.code, 2);
    assert.match(version.stderr, /reads and writes the 2025-09-18 shape of a bulk sync/);
  });
});

inBothModes('diff, plan and status with no argument', (t) => {
  test('take the current folder; an unlinked file there would create a sync (exit 1), not a failure', async () => {
    const id = await t.pulled('linked.polysync.json');
    const same = await t.cli(['diff']);
    assert.equal(same.code, 0, same.stdout + same.stderr);
    assert.equal(withoutNotRead(same.stdout), `linked.polysync.json: same as bulk sync ${id}\n`);

    t.write('sub/new.polysync.json', UNLINKED.replace('"Orders to Snowflake"', '"Brand new"'));
    const diff = await t.cli(['diff']);
    assert.equal(diff.code, 1, diff.stderr);
    assert.match(diff.stdout, /sub\/new\.polysync\.json: not linked to a bulk sync yet: "polysync apply" would create one from it\n/);
    assert.equal(diff.stderr, '');
    const json = JSON.parse((await t.cli(['diff', '--format', 'json'])).stdout);
    assert.deepEqual(json.totals, { files: 2, same: 1, differs: 0, create: 1, error: 0 });

    const plan = await t.cli(['plan']);
    assert.equal(plan.code, 1, plan.stderr);
    assert.match(plan.stdout, /sub\/new\.polysync\.json: create a new bulk sync "Brand new" and link the file to it/);
    assert.match(plan.stdout, /Plan: 1 to create, 0 to update, 1 up to date\./);

    const status = await t.cli(['status']);
    assert.equal(status.code, 1, status.stderr);
    assert.match(status.stdout, /linked\.polysync\.json: never run/);
    assert.match(status.stdout, /sub\/new\.polysync\.json: not linked to a bulk sync yet/);
    assert.deepEqual(t.writes(), []);
  });
});
