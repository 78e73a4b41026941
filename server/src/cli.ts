// The polysync command line: the language service and API client for scripts and CI pipelines.
import { CHECK_USAGE, runCheck } from './cli/check';
import { CREATE_USAGE, runCreate } from './cli/create';
import { FMT_USAGE, runFmt } from './cli/fmt';
import { type CliIO, processIO, takeColorOptions, UsageError } from './cli/io';
import { withConfiguredConcurrency } from './cli/config';
import { APPLY_USAGE, runApply } from './cli/sync/apply';
import { DIFF_USAGE, runDiff } from './cli/sync/diff';
import { LINK_USAGE, runLink } from './cli/sync/link';
import { PLAN_USAGE, runPlan } from './cli/sync/plan';
import { PULL_USAGE, runPull } from './cli/sync/pull';
import { RUN_USAGE, runRun, runStatus, STATUS_USAGE } from './cli/sync/run';
import { VERSION } from './version';

const USAGE = `polysync ${VERSION}: author and check Polytomic bulk sync files (*.polysync.json).

Usage:
  polysync check [options] [files, folders or globs...]   check files offline
  polysync fmt [options] [files, folders or globs...]     format files (--check: only report)
  polysync create FILE [options]                          check a file, create its bulk sync, link the file
  polysync pull SYNC_ID [-o FILE] | --all [--dir DIR]     write live bulk syncs as linked files
  polysync link FILE SYNC_ID [--force]                    link a file to an existing sync (changes nothing live)
  polysync diff [FILES...]                                differences between linked files and their syncs
  polysync plan [FILES...] [--format json]                what apply would send, changing nothing
  polysync apply FILES... [--yes] [--force] [--no-create] update (or create) the syncs of files, after a plan
  polysync run FILE [--wait [--timeout SECONDS]]          start (or with --wait follow) an execution
  polysync status [FILES...] [--watch]                    current or last execution and the next run
  polysync help [COMMAND]                                 this help, or a command's
  polysync --version | --help

diff, plan and status with no file search the current folder, as check does.
Every command takes --color or --no-color (default: colour only on a terminal; FORCE_COLOR and
NO_COLOR are honoured).
Run "polysync help <command>" or "polysync <command> --help" for a command's options.
`;

type Command = (args: string[], io: CliIO) => Promise<number>;

const commands: Record<string, { run: Command; usage: string }> = {
  check: { run: runCheck, usage: CHECK_USAGE },
  fmt: { run: runFmt, usage: FMT_USAGE },
  create: { run: runCreate, usage: CREATE_USAGE },
  pull: { run: runPull, usage: PULL_USAGE },
  link: { run: runLink, usage: LINK_USAGE },
  diff: { run: runDiff, usage: DIFF_USAGE },
  plan: { run: runPlan, usage: PLAN_USAGE },
  apply: { run: runApply, usage: APPLY_USAGE },
  run: { run: runRun, usage: RUN_USAGE },
  status: { run: runStatus, usage: STATUS_USAGE },
};

/** A usage error: what is wrong and where to read more, on standard error; exit status 2. */
function usageError(io: CliIO, who: string, message: string, help: string): number {
  io.stderr(`${who}: ${message}\nRun "${help}" for more.\n`);
  return 2;
}

export async function main(argv: string[], rawIO: CliIO): Promise<number> {
  const colorOptions = takeColorOptions(argv);
  const io: CliIO = colorOptions.color === undefined ? rawIO : { ...rawIO, color: colorOptions.color };
  const [name, ...rest] = colorOptions.args;
  if (name === undefined) return usageError(io, 'polysync', `name a command: ${Object.keys(commands).join(', ')}`, 'polysync --help');
  if (name === '--help' || name === '-h') {
    io.stdout(USAGE);
    return 0;
  }
  if (name === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      io.stdout(USAGE);
      return 0;
    }
    const command = commands[topic];
    if (!command || rest.length > 1) return usageError(io, 'polysync help', rest.length > 1 ? 'takes one command name' : `unknown command "${topic}"`, 'polysync --help');
    io.stdout(command.usage);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    const what = name.startsWith('-') ? `unknown option ${name} (options follow the command)` : `unknown command "${name}"`;
    return usageError(io, 'polysync', `${what}; the commands are ${Object.keys(commands).join(', ')}`, 'polysync --help');
  }
  try {
    return await command.run(withConfiguredConcurrency(command.usage, rest, io.cwd, io.stderr), io);
  } catch (error) {
    if (error instanceof UsageError) return usageError(io, `polysync ${name}`, error.message, `polysync ${name} --help`);
    io.stderr(`polysync ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`polysync: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
