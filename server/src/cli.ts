// The polysync command line: the language service and API client for scripts and CI pipelines.
import { CHECK_USAGE, runCheck } from './cli/check';
import { CREATE_USAGE, runCreate } from './cli/create';
import { type CliIO, processIO, UsageError } from './cli/io';
import { VERSION } from './version';

const USAGE = `polysync ${VERSION}: author and check Polytomic bulk sync files (*.polysync.json).

Usage:
  polysync check [options] [files, folders or globs...]   check files offline
  polysync create FILE [options]                          check a file, then create its bulk sync
  polysync --version | --help

Run "polysync <command> --help" for a command's options.
`;

type Command = (args: string[], io: CliIO) => Promise<number>;

const commands: Record<string, { run: Command; usage: string }> = {
  check: { run: runCheck, usage: CHECK_USAGE },
  create: { run: runCreate, usage: CREATE_USAGE },
};

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`polysync: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`polysync ${name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
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
