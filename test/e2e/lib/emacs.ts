// Runs Emacs in --batch with eglot as the LSP client of the bundled language server
// (`node dist/server.js --stdio`) on one file, through lib/emacs-driver.el, and returns what Emacs
// showed (Flymake's diagnostics, eldoc's hover text, completion-at-point's candidates).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Position, Range } from './neovim';
import { EMACS, SERVER_JS } from './paths';
import { startProcess, tail } from './processes';

export const EMACS_DRIVER = path.join(__dirname, 'emacs-driver.el');

/** A Flymake diagnostic as Emacs holds it: 0-based start, eglot's type, "source [code]: message". */
export interface FlymakeDiagnostic {
  line: number;
  character: number;
  type: 'error' | 'warning' | 'note' | string;
  text: string;
}

export type EmacsCheck =
  | { name: string; kind: 'hover'; position: Position }
  | { name: string; kind: 'complete'; position: Position }
  | { name: string; kind: 'edit'; range: Range; text: string };

export interface EmacsCheckRecord {
  text?: string;
  prefix?: string;
  labels?: string[];
  diagnostics?: FlymakeDiagnostic[];
}

export interface EmacsRun {
  serverInfo?: { name: string; version?: string };
  diagnostics: FlymakeDiagnostic[];
  checks: Record<string, EmacsCheckRecord>;
  error?: string;
  /** Emacs's own output, for failure messages. */
  output: string;
}

/** Why the Emacs tests cannot run here, or undefined when they can. */
export function emacsUnavailable(): string | undefined {
  const version = spawnSync(EMACS, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (version.error || version.status !== 0) {
    return `${EMACS} is not installed (run \`bash test/e2e/setup.sh\`, which installs emacs-nox and elpa-eglot)`;
  }
  const eglot = spawnSync(EMACS, ['--batch', '--eval', "(princ (if (locate-library \"eglot\") \"yes\" \"no\"))"], { encoding: 'utf8', timeout: 10_000 });
  if (!/yes/.test(eglot.stdout ?? '')) return `eglot is not on Emacs's load path (apt-get install elpa-eglot)`;
  return undefined;
}

export async function runEmacs(options: { file: string; checks?: EmacsCheck[]; cmd?: string[]; timeoutMs?: number }): Promise<EmacsRun> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (!options.cmd && !existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run \`npm run build\` first`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'polysync-emacs-'));
  try {
    const out = path.join(dir, 'result.json');
    const job = {
      cmd: options.cmd ?? [process.execPath, SERVER_JS, '--stdio'],
      file: path.resolve(options.file),
      timeoutMs,
      checks: options.checks ?? [],
    };
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_OPTIONS;
    for (const key of Object.keys(env)) if (key.startsWith('POLYTOMIC_')) delete env[key];
    const proc = startProcess(EMACS, ['--batch', '-l', EMACS_DRIVER], {
      cwd: path.dirname(job.file),
      logFile: path.join(dir, 'emacs.log'),
      env: {
        ...env,
        POLYSYNC_EMACS_JOB: JSON.stringify(job),
        POLYSYNC_EMACS_OUT: out,
        // Keep Emacs's state (eglot's, package's, auto-saves) out of the user's home.
        HOME: path.join(dir, 'home'),
      },
    });
    // Every wait inside the driver is bounded; this bounds the driver as a whole.
    const overall = timeoutMs * (3 + (options.checks?.length ?? 0)) + 5_000;
    const timer = setTimeout(() => void proc.stop(0), overall);
    const exit = await proc.exited;
    clearTimeout(timer);
    await proc.stop();
    const output = tail(proc.logFile, 60);
    let parsed: Omit<EmacsRun, 'output'>;
    try {
      parsed = JSON.parse(readFileSync(out, 'utf8'));
    } catch {
      throw new Error(`Emacs (exit ${exit}) wrote no result${exit === 'SIGTERM' ? ` within ${overall} ms` : ''}. Its output:\n${output}`);
    }
    const checks = parsed.checks && !Array.isArray(parsed.checks) ? parsed.checks : {};
    return { ...parsed, diagnostics: parsed.diagnostics ?? [], checks, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
