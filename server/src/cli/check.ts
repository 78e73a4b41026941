// `polysync check`: validates files offline with the same engine as the language server; with
// --online also against the Polytomic account (the PS3xx checks).
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { checkOnlineSettings, loadOnlineAccount, onlineCredentials } from '../account/cli';
import { type AccountSnapshot, detectIndentOptions, fixAll, parseDocument, type RuleSettings, validateDocument } from '../service';
import { applyEdits } from './edits';
import { type Input, readInputs, repositoryPathFor, writeInput } from './inputs';
import { type FileResult, format, FORMATS, type OutputFormat } from './report';
import { type CliIO, lastString, parseOptions, redactingIO, UsageError } from './io';
import { CliConfigs, describeConfigProblem } from './config';
import { paletteFor } from './colors';
import { unifiedDiff } from './unifiedDiff';

export const CHECK_USAGE = `Usage: polysync check [options] [files, folders or globs...]

Checks *.polysync.json files against the create-bulk-sync request (syntax, schema and semantic rules).
Folders are searched for *.polysync.json files; with no argument the current folder is searched.
Globs (quote them) take *, **, ?, [abc], {a,b}, and may be absolute or start with ../. Searching skips
node_modules, .git and, inside a git work tree, the files git ignores; a file named as such is always
checked. "-" reads one file from standard input.

Options:
  --format FORMAT             text (default), json, github (workflow annotations) or sarif (SARIF
                              2.1.0, for code scanning); any case
  -q, --quiet                 report errors only (warnings still count for --max-warnings)
  --max-warnings N            exit 1 when there are more than N warnings (default: "maxWarnings"
                              in polysync.config.json)
  --ignore-pattern GLOB       skip files that match GLOB when searching (relative to the current
                              folder; a pattern without "/" matches a file or folder name anywhere);
                              may be repeated
  --stdin-filename NAME       the name to show for "-" (standard input)
  --online                    also check against the Polytomic account: connections, their roles,
                              modes, destination settings, schemas, fields and policies (PS3xx).
                              Reads POLYTOMIC_API_KEY, POLYTOMIC_API_URL, POLYTOMIC_ORGANIZATION_ID
                              and POLYTOMIC_API_VERSION from the environment
  --api-url URL               with --online: the API base URL (default: POLYTOMIC_API_URL or
                              https://app.polytomic.com)
  --fix                       first apply the fixes that need no choice (suggested spellings,
                              numbers written as strings, trailing commas, the 2024-02-08 and
                              draft-schedules migrations, which keep every schedule's scope)
                              to the files, then check what is left; comments and
                              layout are kept, and only files that change are written
  --fix-dry-run               print what --fix would change as a unified diff, write nothing, then
                              report what would be left; exit 1 when something would change
  --color, --no-color         colour the report (default: only on a terminal; FORCE_COLOR, NO_COLOR)
  -h, --help                  show this help

Configuration: polysync.config.json, in the checked file's folder or one above it (up to the
repository root), sets "rules" (a code's severity, or "off"), "ignorePatterns" and "maxWarnings".
Comments "// polysync-disable-next-line PS214" and "// polysync-disable-line PS214" silence codes on
one line; one that silences nothing is reported (PS007).

Exit status: 0 no errors (warnings allowed), 1 errors found or more warnings than --max-warnings,
2 bad usage, unreadable files, or --online when the key is missing or the account could not be read
(the reason is printed on standard error).
`;

/**
 * `text` with every fix that needs no choice applied (the editor's "Fix all"), and how many problems that
 * fixed. `rules` are polysync.config.json's: a rule turned off is not fixed.
 */
export function fixText(file: string, text: string, rules?: RuleSettings): { text: string; fixed: number } {
  const doc = parseDocument(file, 0, text);
  const { edits, fixed } = fixAll(doc, { ...detectIndentOptions(text), rules });
  if (edits.length === 0) return { text, fixed: 0 };
  return { text: applyEdits(doc, edits), fixed: fixed.length };
}

export function checkText(file: string, text: string, account?: AccountSnapshot, rules?: RuleSettings): FileResult {
  const parsed = parseDocument(file, 0, text);
  return { file, diagnostics: validateDocument(parsed, { account, rules }) ?? [] };
}

function readCheckOptions(args: string[]) {
  const { options, positionals } = parseOptions(args, {
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    online: { type: 'boolean' },
    'api-url': { type: 'string' },
    fix: { type: 'boolean' },
    'fix-dry-run': { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
    'max-warnings': { type: 'string' },
    'ignore-pattern': { type: 'string', multiple: true },
    'stdin-filename': { type: 'string' },
  });
  const kind = (lastString(options.format) ?? 'text').toLowerCase() as OutputFormat;
  if (!FORMATS.includes(kind)) throw new UsageError(`unknown format "${lastString(options.format)}": use ${FORMATS.join(', ')}`);
  const maxText = lastString(options['max-warnings']);
  if (maxText !== undefined && !/^\d+$/.test(maxText)) throw new UsageError(`--max-warnings takes a whole number of 0 or more (got "${maxText}")`);
  const online = options.online === true;
  const apiUrl = lastString(options['api-url']);
  if (!online && apiUrl !== undefined) throw new UsageError('--api-url only applies with --online');
  if (options.fix === true && positionals.includes('-')) throw new UsageError('--fix cannot write to standard input; use --fix-dry-run to see the fixes, or check a file');
  const dryRun = options['fix-dry-run'] === true;
  if (dryRun && options.fix === true) throw new UsageError('--fix writes the fixes and --fix-dry-run only shows them: give one of them');
  if (dryRun && kind !== 'text') throw new UsageError(`--fix-dry-run prints a diff, which only the text format can hold (got --format ${kind})`);
  return {
    help: options.help === true,
    kind,
    online,
    apiUrl,
    fix: options.fix === true,
    dryRun,
    quiet: options.quiet === true,
    maxWarnings: maxText === undefined ? undefined : Number(maxText),
    ignorePatterns: (options['ignore-pattern'] as string[] | undefined) ?? [],
    stdinFilename: lastString(options['stdin-filename']),
    positionals,
  };
}

export async function runCheck(args: string[], rawIO: CliIO): Promise<number> {
  const options = readCheckOptions(args);
  if (options.help) {
    rawIO.stdout(CHECK_USAGE);
    return 0;
  }
  const credentials = options.online ? onlineCredentials({ env: rawIO.env, apiUrl: options.apiUrl }) : undefined;
  // Whatever the API echoes back goes through this, so no form of the key reaches the output.
  const io = redactingIO(rawIO, credentials?.apiKey, credentials?.organizationId);
  if (credentials) {
    const problem = checkOnlineSettings(credentials);
    if (problem) {
      io.stderr(`polysync check: ${problem}\n`);
      return 2;
    }
  }

  const configs = new CliConfigs(io.cwd);
  const inputs = readInputs(options.positionals, { ...options, configs }, io);
  // Standard input's configuration is the one of the folder its --stdin-filename names.
  const configFor = (input: Input) => (input.stdin ? configs.forFile(options.stdinFilename ?? '<stdin>') : configs.forFile(input.file));
  const notes: string[] = [];
  if (options.fix) for (const input of inputs) applyFixes(input, io, notes, configFor(input).rules);
  let wouldChange = 0;
  if (options.dryRun) {
    const palette = paletteFor(io);
    for (const input of inputs) {
      if (input.text === undefined) continue;
      const { text } = fixText(input.file, input.text, configFor(input).rules);
      if (text === input.text) continue;
      io.stdout(unifiedDiff(input.file, input.text, text, palette));
      input.text = text; // the report below is what would be left
      wouldChange++;
    }
    if (wouldChange) notes.push(`--fix would change ${wouldChange} file${wouldChange === 1 ? '' : 's'} (nothing was written)`);
  }
  const texts = inputs.filter((r): r is Input & { text: string } => r.text !== undefined);

  let account: AccountSnapshot | undefined;
  const skipped: string[] = [];
  if (credentials) {
    const loaded = await loadOnlineAccount(credentials, texts.map(({ file, text }) => parseDocument(file, 0, text)));
    if (loaded.ok) {
      account = loaded.snapshot;
      skipped.push(...loaded.skipped.map((s) => `some online checks were skipped: ${s}`));
    } else skipped.push(`the online checks were skipped: ${loaded.reason}`);
  }
  const results: FileResult[] = inputs.map((input) => {
    const { file, text, error } = input;
    if (text === undefined) return { file, diagnostics: [], error };
    const rules = configFor(input).rules;
    const result = checkText(file, text, account, rules);
    if (options.kind === 'json') result.fixable = fixText(file, text, rules).fixed;
    return result;
  });

  const isError = (d: { severity?: DiagnosticSeverity }) => d.severity === DiagnosticSeverity.Error;
  const warnings = results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning).length, 0);
  const errors = results.some((r) => r.diagnostics.some(isError));
  const shown = options.quiet ? results.map((r) => ({ ...r, diagnostics: r.diagnostics.filter(isError) })) : results;
  const repositoryPath = options.kind === 'github' || options.kind === 'sarif' ? repositoryPathFor(io) : undefined;
  io.stdout(format(shown, options.kind, { repositoryPath, palette: paletteFor(io) }));

  for (const r of results) if (r.error) io.stderr(`${r.file}: error: ${r.error}\n`);
  // A configuration that says something Polysync cannot follow fails the run, naming the place.
  const configProblems = configs.problems();
  for (const p of configProblems) io.stderr(`${describeConfigProblem(p)}\n`);
  for (const note of [...notes, ...skipped]) io.stderr(`polysync check: ${note}\n`);
  // The flag wins; else the configuration of the current folder.
  const maxWarnings = options.maxWarnings ?? configs.forDir(io.cwd).maxWarnings;
  const limitName = options.maxWarnings !== undefined ? '--max-warnings' : '"maxWarnings" in polysync.config.json';
  const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
  if (tooManyWarnings) io.stderr(`polysync check: ${warnings} warning${warnings === 1 ? '' : 's'}, more than ${limitName} ${maxWarnings} allows\n`);
  // --online was asked for: checks it could not run are a failure of the run, not a pass.
  if (results.some((r) => r.error) || skipped.length > 0 || configProblems.length > 0) return 2;
  return errors || tooManyWarnings || wouldChange > 0 ? 1 : 0;
}

function applyFixes(input: Input, io: CliIO, notes: string[], rules: RuleSettings): void {
  if (input.text === undefined) return;
  const { text, fixed } = fixText(input.file, input.text, rules);
  if (text === input.text) return;
  try {
    writeInput(input, text, io);
    input.text = text;
    notes.push(`fixed ${fixed || 'some'} problem${fixed === 1 ? '' : 's'} in ${input.file}`);
  } catch (error) {
    input.error = `cannot write the fixes (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    input.text = undefined;
  }
}

