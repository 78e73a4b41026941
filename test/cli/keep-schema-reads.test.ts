// `polysync diff` and `plan` read a schema only when something says it may have changed: the sync's
// updated_at moved since the link, or the schema's list item differs from the link's base. Against the
// sandbox in both read-back modes, with its switch for the undocumented answer (does a schema edit move
// the sync's updated_at?) set both ways: a change made in Polytomic is reported, or the output says
// plainly that the schema was not read, and --read-schemas reads it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ordersToSnowflake } from '../sandbox/fixtures';
import { inBothModes, type KeepContext } from './keepModes';

const FILE = 's.polysync.json';

const BODY = {
  ...ordersToSnowflake(),
  schemas: ['public.customers', { id: 'public.orders', fields: ['id', 'status', 'updated_at'], tracking_field: 'updated_at' }],
};

/** The sync requests (paths under /api/bulk/syncs) since the last forget, as "GET /path", in the order sent. */
function syncRequests(ctx: KeepContext): string[] {
  return ctx.sandbox.state.requests.filter((r) => r.path.startsWith('/api/bulk/syncs')).map((r) => `${r.method} ${r.path}`);
}

/** The same, sorted (the sync and its list are read at once, in either order). */
function syncReads(ctx: KeepContext): string[] {
  return syncRequests(ctx).sort();
}

function pulledSync(ctx: KeepContext): Promise<string> {
  return ctx.pulled(FILE, BODY);
}

inBothModes('diff and plan read schemas only when something says they changed', (ctx) => {
  test('a diff of a sync unchanged since the link makes 2 requests and says which schemas it did not read', async () => {
    const id = await pulledSync(ctx);
    ctx.forget();
    const r = await ctx.cli(['diff', FILE]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(syncReads(ctx), [`GET /api/bulk/syncs/${id}`, `GET /api/bulk/syncs/${id}/schemas`]);
    assert.match(r.stdout, /same as bulk sync/);
    assert.match(r.stdout, /fields and filters of 2 schemas taken from the link, not read: the sync is unchanged since \S+/);

    ctx.forget();
    const json = await ctx.cli(['diff', FILE, '--format', 'json']);
    const file = JSON.parse(json.stdout).files[0];
    assert.deepEqual([...file.schemasNotRead.schemas].sort(), ['public.customers', 'public.orders']);
    assert.equal(typeof file.schemasNotRead.since, 'string');

    ctx.forget();
    const plan = await ctx.cli(['plan', FILE, '--format', 'json']);
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.equal(JSON.parse(plan.stdout).files[0].schemasNotRead.schemas.length, 2);
    assert.equal(syncReads(ctx).length, 2, syncReads(ctx).join('\n'));

    ctx.forget();
    const full = await ctx.cli(['diff', FILE, '--read-schemas']);
    assert.equal(full.code, 0, full.stdout + full.stderr);
    assert.equal(syncReads(ctx).length, 4, syncReads(ctx).join('\n'));
    assert.doesNotMatch(full.stdout, /not read/);

    // Apply reads every schema before it sends anything, whatever the link says.
    ctx.write(FILE, ctx.read(FILE).replace('"hour": "4"', '"hour": "5"'));
    ctx.forget();
    const applied = await ctx.cli(['apply', FILE, '--yes']);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    const reads = syncRequests(ctx);
    const beforePut = reads.slice(0, reads.indexOf(`PUT /api/bulk/syncs/${id}`));
    for (const schema of ['public.customers', 'public.orders']) assert.ok(beforePut.includes(`GET /api/bulk/syncs/${id}/schemas/${schema}`), beforePut.join('\n'));
  });

  test('a schema edit that moves the sync\'s updated_at is read and reported', async () => {
    const id = await pulledSync(ctx);
    ctx.sandbox.setReadBack({ schemaEditsKeepSyncStamp: false });
    const unchanged = await ctx.cli(['diff', FILE]);
    assert.match(unchanged.stdout, /fields and filters of 2 schemas taken from the link, not read/);
    ctx.sandbox.editSchema(id, 'public.orders', (s) => {
      s.filters = [{ field_id: 'status', function: 'Inequality', value: 'draft' }];
    });
    ctx.forget();
    const r = await ctx.cli(['diff', FILE]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /schemas\[public\.orders\]\.filters: file \(not set\), live .*changed in Polytomic/);
    assert.equal(syncReads(ctx).length, 4, 'the stamp moved: every schema is read');
    assert.doesNotMatch(r.stdout, /not read/);
  });

  test('a schema edit that keeps the sync\'s updated_at: the diff says it did not read it, --read-schemas reports it', async () => {
    const id = await pulledSync(ctx);
    ctx.sandbox.setReadBack({ schemaEditsKeepSyncStamp: true });
    ctx.sandbox.editSchema(id, 'public.orders', (s) => {
      s.fields = (s.fields ?? []).map((f) => (f.id === 'status' ? { ...f, enabled: false } : f));
    });
    ctx.forget();
    const r = await ctx.cli(['diff', FILE]);
    // Honest either way: reported, or named as not read.
    if (r.code === 1) assert.match(r.stdout, /schemas\[public\.orders\]\.fields/);
    else {
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /fields and filters of 2 schemas taken from the link, not read: the sync is unchanged since/);
    }
    const full = await ctx.cli(['diff', FILE, '--read-schemas']);
    assert.equal(full.code, 1, full.stdout + full.stderr);
    assert.match(full.stdout, /schemas\[public\.orders\]\.fields: file .*live .*changed in Polytomic/);
    const plan = await ctx.cli(['plan', FILE, '--read-schemas']);
    assert.equal(plan.code, 1, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /schemas\[public\.orders\]\.fields/);
  });

  test('changes of selection, tracking field and output name (the schema list) are seen without a moved stamp', async () => {
    const id = await pulledSync(ctx);
    ctx.sandbox.setReadBack({ schemaEditsKeepSyncStamp: true });
    ctx.sandbox.editSchema(id, 'public.customers', (s) => {
      s.enabled = false;
    });
    ctx.forget();
    const deselected = await ctx.cli(['diff', FILE]);
    assert.equal(deselected.code, 1, deselected.stdout + deselected.stderr);
    assert.match(deselected.stdout, /schemas\[public\.customers\]: file selected, live not selected \(changed in Polytomic/);
    // public.orders' list item is as the link has it: only the sync and its list are read.
    assert.deepEqual(syncReads(ctx), [`GET /api/bulk/syncs/${id}`, `GET /api/bulk/syncs/${id}/schemas`]);

    // An output name and a filter changed together: the list shows the output name, so the schema is read
    // and its filter change shows too.
    ctx.sandbox.editSchema(id, 'public.orders', (s) => {
      s.user_output_name = 'orders_in_app';
      s.tracking_field = 'created_at';
      s.filters = [{ field_id: 'status', function: 'Inequality', value: 'draft' }];
    });
    ctx.forget();
    const listed = await ctx.cli(['diff', FILE]);
    assert.equal(listed.code, 1, listed.stdout + listed.stderr);
    assert.match(listed.stdout, /schemas\[public\.orders\]\.tracking_field: file "updated_at", live "created_at"/);
    assert.match(listed.stdout, /schemas\[public\.orders\]\.filters: file \(not set\)/);
    assert.deepEqual(syncReads(ctx), [`GET /api/bulk/syncs/${id}`, `GET /api/bulk/syncs/${id}/schemas`, `GET /api/bulk/syncs/${id}/schemas/public.orders`].sort());

    ctx.forget();
    const plan = await ctx.cli(['plan', FILE]);
    assert.equal(plan.code, 1, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /schemas\[public\.orders\]\.tracking_field/);
    assert.equal(syncReads(ctx).length, 3, syncReads(ctx).join('\n'));
  });
});
