// run --wait follows the execution by its id (GET /executions/{id}), stops at --timeout while the
// execution goes on, and attaches to one already running instead of failing; status --watch follows
// the current run to its end. On the sandbox in both read-back modes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BODY, inBothModes } from './keepModes';

inBothModes('run --wait and status --watch', (t) => {
  const executionsOf = (id: string) => t.sandbox.state.stored.get(id)?.executions ?? [];
  /** Resolves once the sandbox has been asked for this execution by its id (a follower is attached). */
  const followed = async (syncId: string, executionId: string) => {
    const path = `/api/bulk/syncs/${syncId}/executions/${executionId}`;
    for (let i = 0; i < 400 && !t.sandbox.state.requests.some((q) => q.method === 'GET' && q.path === path); i++) await new Promise((r) => setTimeout(r, 50));
  };
  const linkedFile = async () => {
    const sync = t.sandbox.createSync(structuredClone(BODY));
    t.write('orders.polysync.json', `{ "name": "Orders to Snowflake", "polysync": { "sync_id": "${sync.id}" } }\n`);
    return sync.id;
  };

  test('run --wait follows the execution it started by its id to its end', async () => {
    const id = await linkedFile();
    t.sandbox.setExecutionPlan({ durationMs: 600, outcome: 'completed' });
    const r = await t.cli(['run', 'orders.polysync.json', '--wait', '--interval', '0.1']);
    assert.equal(r.code, 0, r.stderr);
    const [execution] = executionsOf(id);
    assert.equal(r.stdout, `${execution.id}\n`);
    assert.match(r.stderr, new RegExp(`execution ${execution.id} completed`));
    assert.ok(t.sandbox.state.requests.some((q) => q.method === 'GET' && q.path === `/api/bulk/syncs/${id}/executions/${execution.id}`), 'read by its id');

    t.sandbox.setExecutionPlan({ durationMs: 300, outcome: 'failed' });
    const failed = await t.cli(['run', 'orders.polysync.json', '--wait', '--interval', '0.1']);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /execution \S+ failed/);
  });

  test('--timeout stops following (exit 1) and says the run goes on; it is still running', async () => {
    const id = await linkedFile();
    t.sandbox.setExecutionPlan({ durationMs: 8000, outcome: 'completed' });
    const r = await t.cli(['run', 'orders.polysync.json', '--wait', '--timeout', '0.5', '--interval', '0.1']);
    assert.equal(r.code, 1, r.stderr);
    const [execution] = executionsOf(id);
    assert.match(r.stderr, new RegExp(`stopped following execution ${execution.id} after --timeout 0\\.5 s; it goes on \\(running\\)`));
    assert.equal(execution.completed_at ?? null, null, 'the execution was not stopped');
    const usage = await t.cli(['run', 'orders.polysync.json', '--timeout', '5']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--timeout is for --wait/);
  });

  test('a run already in progress: --wait attaches to it (no second execution); without --wait it is named, exit 1', async () => {
    const id = await linkedFile();
    // Runs until the test ends it, so the CLI's start-up time (under load) cannot decide the outcome.
    t.sandbox.setExecutionPlan({ durationMs: 60_000, outcome: 'completed' });
    const first = await t.cli(['run', 'orders.polysync.json']);
    assert.equal(first.code, 0, first.stderr);
    const running = first.stdout.trim();

    const plain = await t.cli(['run', 'orders.polysync.json']);
    assert.equal(plain.code, 1);
    assert.match(plain.stderr, new RegExp(`already has an execution running \\(execution ${running}, .*"polysync run orders\\.polysync\\.json --wait" follows it`));

    const attaching = t.cli(['run', 'orders.polysync.json', '--wait', '--interval', '0.1']);
    await followed(id, running);
    t.sandbox.endExecutions(id);
    const attached = await attaching;
    assert.equal(attached.code, 0, attached.stderr);
    assert.equal(attached.stdout, `${running}\n`);
    assert.match(attached.stderr, /no new one was started: following that one/);
    assert.match(attached.stderr, new RegExp(`execution ${running} completed`));
    assert.equal(executionsOf(id).length, 1, 'no second execution');
  });

  test('status --watch follows the current run to its end; with nothing running it says so', async () => {
    const id = await linkedFile();
    const idle = await t.cli(['status', 'orders.polysync.json', '--watch']);
    assert.equal(idle.code, 0, idle.stderr);
    assert.match(idle.stderr, /no execution is running; nothing to watch/);

    t.sandbox.setExecutionPlan({ durationMs: 60_000, outcome: 'completed' });
    const started = await t.cli(['run', 'orders.polysync.json']);
    const execution = started.stdout.trim();
    const watching = t.cli(['status', 'orders.polysync.json', '--watch', '--interval', '0.1']);
    await followed(id, execution);
    t.sandbox.endExecutions(id);
    const r = await watching;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^orders\.polysync\.json: running \(started /);
    assert.match(r.stderr, new RegExp(`orders\\.polysync\\.json: execution ${execution} completed`));
    assert.match(r.stdout, /\norders\.polysync\.json: last run completed \(ended /);
    const json = await t.cli(['status', '--watch', '--format', 'json']);
    assert.equal(json.code, 2);
  });
});
