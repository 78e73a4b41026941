// Colour on the terminal, decided as Node and most command-line tools do: --color / --no-color first,
// then FORCE_COLOR (any value but 0 or false turns it on), then NO_COLOR (any non-empty value turns it
// off), else only when standard output is a terminal (and TERM is not "dumb").
import type { CliIO } from './io';
import type { DiffColors } from './unifiedDiff';

export function colorWanted(io: CliIO): boolean {
  if (io.color !== undefined) return io.color;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  if (io.env.NO_COLOR) return false;
  return io.stdoutIsTTY === true && io.env.TERM !== 'dumb';
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export interface Palette extends DiffColors {
  error(text: string): string;
  warning(text: string): string;
  info(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const plain = (text: string) => text;
const PLAIN: Palette = { error: plain, warning: plain, info: plain, dim: plain, bold: plain, header: plain, hunk: plain, removed: plain, added: plain };
const COLORED: Palette = {
  error: sgr(31, 39),
  warning: sgr(33, 39),
  info: sgr(34, 39),
  dim: sgr(2, 22),
  bold: sgr(1, 22),
  header: sgr(1, 22),
  hunk: sgr(36, 39),
  removed: sgr(31, 39),
  added: sgr(32, 39),
};

/** The colours to print with: none unless colour is wanted (see colorWanted). */
export function paletteFor(io: CliIO): Palette {
  return colorWanted(io) ? COLORED : PLAIN;
}
