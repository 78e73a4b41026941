// Runs one property suite inside a node:test test; on failure the message carries the shrunk
// document and the command that replays it.
import fc from 'fast-check';
import { prepare, SUITES } from './suites';

export function assertSuite(name: string, options: { runs: number; seed: number }): void {
  const suite = SUITES.find((s) => s.name === name);
  if (!suite) throw new Error(`no property suite named ${name}`);
  prepare();
  const details = fc.check(suite.property(), { numRuns: options.runs, seed: options.seed });
  if (!details.failed) return;
  const [text, ...rest] = (details.counterexample ?? []) as unknown[];
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    [
      `${suite.name}: ${suite.description}`,
      `failed after ${details.numRuns} cases (${details.numShrinks} shrinks): ${error}`,
      `document: ${JSON.stringify(text)}`,
      rest.length ? `other inputs: ${JSON.stringify(rest)}` : '',
      `replay: npm run fuzz -- --suite ${suite.name} --seed ${options.seed} --path ${JSON.stringify(details.counterexamplePath)}`,
    ]
      .filter(Boolean)
      .join('\n'),
  );
}
