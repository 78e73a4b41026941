// The stand-ins the extension-host suite's web variant runs on (test/exthost/web): its strict assert must
// fail where Node's strict assert fails, or the web variant's checks could pass vacuously; its printf-style
// format gives mocha's reporter lines as console.log would.
import nodeAssert from 'node:assert/strict';
import { describe, test } from 'node:test';
import assert from '../exthost/web/assert';
import { format } from '../exthost/web/format';

const fails = (what: string, run: () => void) => nodeAssert.throws(run, (e: unknown) => e instanceof Error && e.name === 'AssertionError', what);

describe('the web variant of the extension-host suite: its assert and format stand-ins', () => {
  test('equal, ok, match and doesNotMatch fail and pass as node:assert/strict does', () => {
    fails('1 vs "1"', () => assert.equal(1, '1'));
    fails('NaN is itself, but 0 is not -0', () => assert.equal(0, -0));
    assert.equal(Number.NaN, Number.NaN);
    fails('falsy', () => assert.ok(''));
    fails('the plain call is ok', () => assert(0));
    assert.ok('x');
    fails('no match', () => assert.match('abc', /d/));
    fails('a match', () => assert.doesNotMatch('abc', /b/));
    assert.match('abc', /b/);
    fails('fail', () => assert.fail('stop'));
  });

  test('deepEqual compares structure, order and prototypes strictly', () => {
    fails('order', () => assert.deepEqual([1, 2], [2, 1]));
    fails('a missing key', () => assert.deepEqual({ a: 1 }, { a: 1, b: 2 }));
    fails('types', () => assert.deepEqual({ a: 1 }, { a: '1' }));
    fails('an array is not an object with the same keys', () => assert.deepEqual([1], { 0: 1 }));
    fails('prototypes', () => assert.deepEqual(Object.create(null) as object, {}));
    assert.deepEqual({ a: [1, { b: 'c' }] }, { a: [1, { b: 'c' }] });
  });

  test('a given message replaces the default one', () => {
    nodeAssert.throws(() => assert.equal(1, 2, 'one is not two'), /^AssertionError: one is not two$/);
  });

  test("format fills %s and %d as console.log does and appends what is left", () => {
    assert.equal(format(['%s passing (%s)', 16, '19s']), '16 passing (19s)');
    assert.equal(format(['%d%%', '42.7']), '42%');
    assert.equal(format(['plain', 'and', 3]), 'plain and 3');
    assert.equal(format([7]), '7');
  });
});
