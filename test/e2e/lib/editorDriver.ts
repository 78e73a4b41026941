// What lib/emacs.ts and lib/neovim.ts share: run an editor in batch mode with a driver script that
// writes its findings as JSON, bound it as a whole, and turn "no result" into an error with the
// editor's own output.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SERVER_JS } from './paths';
import { startProcess, tail } from './processes';

export interface DriverJob {
  /** The language server command; the bundled server over stdio by default. */
  cmd?: string[];
  file: string;
  /** Bound for each wait inside the editor. */
  timeoutMs?: number;
  checks?: unknown[];
}

export interface DriverRun<T> {
  result: T;
  /** The editor's own output (the last 60 lines), for failure messages. */
  output: string;
}

/**
 * Runs `editor` once in a temporary folder. `launch` gets the job (with the defaults filled in), the
 * folder, the result file and an environment without NODE_OPTIONS or POLYTOMIC_* variables (the
 * server must not pick up a developer's key), and returns the command line and the extra environment.
 * `waits` is how many of the driver's bounded waits come before the checks.
 */
export async function runEditorDriver<T>(
  editor: string,
  job: DriverJob,
  waits: number,
  launch: (context: { job: Required<DriverJob>; dir: string; resultFile: string; env: NodeJS.ProcessEnv }) => { command: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv },
): Promise<DriverRun<T>> {
  if (!job.cmd && !existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run \`npm run build\` first`);
  const full: Required<DriverJob> = {
    cmd: job.cmd ?? [process.execPath, SERVER_JS, '--stdio'],
    file: path.resolve(job.file),
    timeoutMs: job.timeoutMs ?? 10_000,
    checks: job.checks ?? [],
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), `polysync-${editor.toLowerCase()}-`));
  try {
    const resultFile = path.join(dir, 'result.json');
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_OPTIONS;
    for (const key of Object.keys(env)) if (key.startsWith('POLYTOMIC_')) delete env[key];
    const { command, args, cwd, env: editorEnv } = launch({ job: full, dir, resultFile, env });
    const proc = startProcess(command, args, { cwd, logFile: path.join(dir, 'editor.log'), env: editorEnv });
    // Every wait inside the driver is bounded; this bounds the driver as a whole.
    const overall = full.timeoutMs * (waits + full.checks.length) + 5_000;
    const timer = setTimeout(() => void proc.stop(0), overall);
    const exit = await proc.exited;
    clearTimeout(timer);
    await proc.stop();
    const output = tail(proc.logFile, 60);
    try {
      return { result: JSON.parse(readFileSync(resultFile, 'utf8')) as T, output };
    } catch {
      throw new Error(`${editor} (exit ${exit}) wrote no result${exit === 'SIGTERM' ? ` within ${overall} ms` : ''}. Its output:\n${output}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
