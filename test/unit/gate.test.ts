// The request gates (api/gate.ts): a fixed Gate and the AdaptiveGate built on it share one loop, so both
// must keep order, never exceed their limit, and hand a finished task's place to the next waiting one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdaptiveGate, Gate } from '../../server/src/api/gate';

/** A task the test finishes by hand; records when it started. */
function manualTask(started: string[], name: string) {
  let finish!: (value: string) => void;
  let fail!: (error: Error) => void;
  const task = () => {
    started.push(name);
    return new Promise<string>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { task, finish: (v = name) => finish(v), fail: (e: Error) => fail(e) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

for (const [label, make] of [
  ['Gate', () => new Gate(2)],
  ['AdaptiveGate at its maximum', () => new AdaptiveGate(2)],
] as const) {
  test(`${label}: at most two at once, the rest start in order, each as a place frees`, async () => {
    const gate = make();
    const started: string[] = [];
    const tasks = ['a', 'b', 'c', 'd'].map((n) => manualTask(started, n));
    const results = tasks.map((t) => gate.run(t.task));
    const firstFails = assert.rejects(results[0], /a failed/);
    assert.deepEqual(started, ['a', 'b']);
    tasks[1].finish();
    await tick();
    assert.deepEqual(started, ['a', 'b', 'c']);
    tasks[0].fail(new Error('a failed'));
    await tick();
    assert.deepEqual(started, ['a', 'b', 'c', 'd']);
    tasks[2].finish();
    tasks[3].finish();
    await firstFails;
    assert.deepEqual(await Promise.all(results.slice(1)), ['b', 'c', 'd']);
  });

  test(`${label}: a task arriving as another finishes waits behind those already waiting`, async () => {
    const gate = make();
    const started: string[] = [];
    const a = manualTask(started, 'a');
    const b = manualTask(started, 'b');
    const c = manualTask(started, 'c');
    const late = manualTask(started, 'late');
    void gate.run(a.task);
    void gate.run(b.task);
    void gate.run(c.task);
    // a finishes and a new task arrives before a's place is handed on: c, waiting longer, gets the place.
    a.finish();
    void gate.run(late.task);
    await tick();
    assert.deepEqual(started, ['a', 'b', 'c']);
    b.finish();
    c.finish();
    await tick();
    await tick();
    assert.deepEqual(started, ['a', 'b', 'c', 'late']);
    late.finish();
  });

  test(`${label}: a task that throws before returning a promise frees its place`, async () => {
    const gate = make();
    await assert.rejects(gate.run(() => { throw new Error('sync throw'); }), /sync throw/);
    await assert.rejects(gate.run(() => { throw new Error('again'); }), /again/);
    assert.equal(await gate.run(async () => 'still runs'), 'still runs');
  });
}

test('Gate: a limit below one still lets one task run', async () => {
  assert.equal(new Gate(0).limit, 1);
  assert.equal(await new Gate(0).run(async () => 'ran'), 'ran');
});
