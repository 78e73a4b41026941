// Runs headless Neovim as the LSP client of the bundled language server (`node dist/server.js
// --stdio`) on one file, through lib/nvim-driver.lua, and returns what Neovim received.
import * as path from 'node:path';
import { runEditorDriver } from './editorDriver';
import { NVIM } from './paths';

export const DRIVER = path.join(__dirname, 'nvim-driver.lua');

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export interface LspDiagnostic {
  range: Range;
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
  data?: unknown;
}

export type NvimCheck =
  | { name: string; kind: 'request'; method: string; position?: Position; range?: Range; params?: Record<string, unknown> }
  | { name: string; kind: 'edit'; range: Range; text: string }
  | { name: string; kind: 'applyCodeAction'; range: Range; title: string };

export interface CheckRecord {
  result?: unknown;
  error?: unknown;
  diagnostics?: LspDiagnostic[];
  text?: string;
  title?: string;
  titles?: string[];
}

export interface NvimRun {
  diagnostics: LspDiagnostic[];
  checks: Record<string, CheckRecord>;
  serverInfo?: { name: string; version?: string };
  capabilities?: Record<string, unknown>;
  serverExit?: { code: number; signal: number };
  error?: string;
  /** Neovim's own stdout/stderr, for failure messages. */
  output: string;
}

export interface NvimOptions {
  file: string;
  checks?: NvimCheck[];
  /** The language server command; the bundled server over stdio by default. */
  cmd?: string[];
  /** Bound for each wait inside Neovim. */
  timeoutMs?: number;
}

/** Runs Neovim once; rejects only when Neovim itself cannot run or wrote no result. */
export async function runNeovim(options: NvimOptions): Promise<NvimRun> {
  const { result, output } = await runEditorDriver<Omit<NvimRun, 'output'>>('Neovim', options, 2, ({ job, dir, resultFile, env }) => ({
    command: NVIM,
    args: ['--headless', '--noplugin', '-i', 'NONE', '-n', '-u', DRIVER],
    cwd: dir,
    env: {
      ...env,
      POLYSYNC_NVIM_JOB: JSON.stringify(job),
      POLYSYNC_NVIM_OUT: resultFile,
      // Keep Neovim's state, LSP log and config out of the user's home.
      XDG_CONFIG_HOME: path.join(dir, 'config'),
      XDG_DATA_HOME: path.join(dir, 'data'),
      XDG_STATE_HOME: path.join(dir, 'state'),
      XDG_CACHE_HOME: path.join(dir, 'cache'),
    },
  }));
  // Lua encodes an empty table as [], whatever it stood for.
  const checks = Array.isArray(result.checks) ? {} : result.checks;
  return { ...result, diagnostics: result.diagnostics ?? [], checks, output };
}

/** The 0-based LSP position of `needle` in `text` (plus `offset` characters into it). */
export function positionOf(text: string, needle: string, offset = 0): Position {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`"${needle}" is not in the text`);
  const before = text.slice(0, index + offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** The range covering `needle` in `text`. */
export function rangeOf(text: string, needle: string): Range {
  const start = positionOf(text, needle);
  return { start, end: positionOf(text, needle, needle.length) };
}
