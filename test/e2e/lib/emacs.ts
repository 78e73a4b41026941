// Runs Emacs in --batch with eglot as the LSP client of the bundled language server
// (`node dist/server.js --stdio`) on one file, through lib/emacs-driver.el, and returns what Emacs
// showed (Flymake's diagnostics, eldoc's hover text, completion-at-point's candidates).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { runEditorDriver } from './editorDriver';
import type { Position, Range } from './neovim';
import { EMACS } from './paths';

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
  const { result, output } = await runEditorDriver<Omit<EmacsRun, 'output'>>('Emacs', options, 3, ({ job, dir, resultFile, env }) => ({
    command: EMACS,
    args: ['--batch', '-l', EMACS_DRIVER],
    cwd: path.dirname(job.file),
    env: {
      ...env,
      POLYSYNC_EMACS_JOB: JSON.stringify(job),
      POLYSYNC_EMACS_OUT: resultFile,
      // Keep Emacs's state (eglot's, package's, auto-saves) out of the user's home.
      HOME: path.join(dir, 'home'),
    },
  }));
  const checks = result.checks && !Array.isArray(result.checks) ? result.checks : {};
  return { ...result, diagnostics: result.diagnostics ?? [], checks, output };
}
