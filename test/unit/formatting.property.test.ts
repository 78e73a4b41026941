// The 'formatting' property suite (test/fuzz/suites.ts) at a fixed seed, so every run checks the same
// 1500 documents. `npm run fuzz` runs it with new seeds and more cases.
import { test } from 'node:test';
import { assertSuite } from '../fuzz/assertSuite';

test('formatting: 1500 random documents (seed 20250918)', () => assertSuite('formatting', { runs: 1500, seed: 20250918 }));
