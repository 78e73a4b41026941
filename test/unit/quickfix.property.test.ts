// The 'quick-fixes' property suite (test/fuzz/suites.ts) at a fixed seed, so every run checks the same
// 1200 documents. `npm run fuzz` runs it with new seeds and more cases.
import { test } from 'node:test';
import { assertSuite } from '../fuzz/assertSuite';

test('quick-fixes: 1200 random documents (seed 20250918)', () => assertSuite('quick-fixes', { runs: 1200, seed: 20250918 }));
