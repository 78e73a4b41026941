// npm run fuzz -- [--runs N] [--seed S] [--suite reading|formatting|quick-fixes] [--path P]
// Runs the property suites over many random documents. Prints the seed first so any run can be
// repeated; on failure prints the shrunk counterexample and exits with status 1.
import fc from 'fast-check';
import { prepare, SUITES } from './suites';

function usage(problem?: string): never {
  if (problem) process.stderr.write(`fuzz: ${problem}\n`);
  process.stderr.write(
    'usage: npm run fuzz -- [--runs N] [--seed S] [--suite NAME]... [--path P]\n' +
      `  suites: ${SUITES.map((s) => s.name).join(', ')}\n` +
      '  --runs   cases per suite (default 5000)\n' +
      '  --seed   integer seed (default: a new one, printed)\n' +
      '  --path   replay one shrunk case (as printed by a failed run; needs --seed and one --suite)\n',
  );
  process.exit(problem ? 2 : 0);
}

function integer(value: string | undefined, name: string): number {
  if (value === undefined || !/^-?\d+$/.test(value)) usage(`${name} needs an integer`);
  return Number(value);
}

const args = process.argv.slice(2);
let runs = 5000;
let seed = (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
let path: string | undefined;
const chosen: string[] = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--help' || arg === '-h') usage();
  else if (arg === '--runs') runs = integer(args[++i], '--runs');
  else if (arg === '--seed') seed = integer(args[++i], '--seed');
  else if (arg === '--path') path = args[++i] ?? usage('--path needs a value');
  else if (arg === '--suite') chosen.push(args[++i] ?? usage('--suite needs a name'));
  else usage(`unknown argument ${arg}`);
}
if (runs < 1) usage('--runs must be at least 1');
const unknown = chosen.filter((name) => !SUITES.some((s) => s.name === name));
if (unknown.length) usage(`unknown suite ${unknown.join(', ')}`);
const suites = chosen.length ? SUITES.filter((s) => chosen.includes(s.name)) : SUITES;
if (path && suites.length !== 1) usage('--path replays one suite: add --suite NAME');

prepare();
process.stdout.write(`fuzz: seed ${seed}, ${path ? 'replaying one case' : `${runs} cases per suite`}\n`);
let failed = false;
for (const suite of suites) {
  const started = Date.now();
  const details = fc.check(suite.property(), { numRuns: path ? 1 : runs, seed, path, endOnFailure: false });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (!details.failed) {
    process.stdout.write(`  ok    ${suite.name}: ${details.numRuns} cases in ${seconds} s (${suite.description})\n`);
    continue;
  }
  failed = true;
  process.stdout.write(`  FAIL  ${suite.name} after ${details.numRuns} cases and ${details.numShrinks} shrinks (${seconds} s)\n`);
  const [text, ...rest] = (details.counterexample ?? []) as unknown[];
  process.stdout.write(`  document (as a JSON string): ${JSON.stringify(text)}\n`);
  if (rest.length) process.stdout.write(`  other inputs: ${JSON.stringify(rest)}\n`);
  const error = details.errorInstance;
  process.stdout.write(`  ${error instanceof Error ? error.message : String(error)}\n`);
  process.stdout.write(`  replay: npm run fuzz -- --suite ${suite.name} --seed ${seed} --path ${JSON.stringify(details.counterexamplePath)}\n`);
}
process.exit(failed ? 1 : 0);
