// `polysync fmt`: formats files with the language server's formatter (whitespace between tokens only,
// so comments and values stay as written). --check changes nothing and lists the files it would change.
import { detectIndentOptions, format as formatEdits, parseDocument } from '../service';
import { applyEdits } from './edits';
import { type Input, readInputs, writeInput } from './inputs';
import { type CliIO, lastString, parseOptions, UsageError } from './io';
import { CliConfigs, describeConfigProblem } from './config';
import { paletteFor } from './colors';
import { unifiedDiff } from './unifiedDiff';

export const FMT_USAGE = `Usage: polysync fmt [options] [files, folders or globs...]

Formats *.polysync.json files as the editor's Format Document does: indentation and spacing change,
comments, values and line ends are kept. Only files that change are written, each named on standard
error. Files, folders and globs are found as by "polysync check"; "-" formats standard input to
standard output.

Options:
  --check                  change nothing; list the files that are not formatted on standard output
                           and exit 1 if there are any
  --diff                   change nothing; print what formatting would change as a unified diff on
                           standard output and exit 1 if anything would change
  --indent N|tab           indent with N spaces or a tab (default: what the file already uses, else
                           2 spaces)
  --ignore-pattern GLOB    skip files that match GLOB when searching; may be repeated
  --stdin-filename NAME    the name to show for "-" (standard input)
  --color, --no-color      colour the diff (default: only on a terminal; FORCE_COLOR, NO_COLOR)
  -h, --help               show this help

Files matched by "ignorePatterns" in a polysync.config.json (this folder or one above it) are skipped.

Exit status: 0 formatted (or, with --check or --diff, nothing to format), 1 with --check or --diff
when a file is not formatted, 2 bad usage, unreadable files or files with syntax errors (left as they are).
`;

/** `text` formatted, or why it cannot be. */
export function formatText(file: string, text: string, indent?: { tabSize: number; insertSpaces: boolean }): { text: string } | { error: string } {
  const doc = parseDocument(file, 0, text);
  const syntax = doc.syntaxErrors[0];
  if (syntax) {
    const at = doc.positionAt(syntax.offset);
    return { error: `has a syntax error at ${at.line + 1}:${at.character + 1}; fix it (polysync check shows it) before formatting` };
  }
  return { text: applyEdits(doc, formatEdits(doc, undefined, indent ?? detectIndentOptions(text))) };
}

function indentOption(value: string | undefined): { tabSize: number; insertSpaces: boolean } | undefined {
  if (value === undefined) return undefined;
  if (value.toLowerCase() === 'tab') return { tabSize: 4, insertSpaces: false };
  if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 16) return { tabSize: Number(value), insertSpaces: true };
  throw new UsageError(`--indent takes a number of spaces from 1 to 16, or "tab" (got "${value}")`);
}

export async function runFmt(args: string[], io: CliIO): Promise<number> {
  const { options, positionals } = parseOptions(args, {
    check: { type: 'boolean' },
    diff: { type: 'boolean' },
    indent: { type: 'string' },
    'ignore-pattern': { type: 'string', multiple: true },
    'stdin-filename': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (options.help) {
    io.stdout(FMT_USAGE);
    return 0;
  }
  const diff = options.diff === true;
  // --diff is a preview too: it writes nothing, as --check.
  const check = options.check === true || diff;
  const indent = indentOption(lastString(options.indent));
  const configs = new CliConfigs(io.cwd);
  const inputs = readInputs(positionals, { ignorePatterns: (options['ignore-pattern'] as string[] | undefined) ?? [], stdinFilename: lastString(options['stdin-filename']), configs }, io);
  const palette = paletteFor(io);

  let failed = false;
  const unformatted: string[] = [];
  const fail = (input: Input, reason: string) => {
    io.stderr(`${input.file}: error: ${reason}\n`);
    failed = true;
  };
  for (const input of inputs) {
    if (input.text === undefined) {
      fail(input, input.error ?? 'cannot read file');
      continue;
    }
    const formatted = formatText(input.file, input.text, indent);
    if ('error' in formatted) {
      fail(input, formatted.error);
      if (input.stdin && !check) io.stdout(input.text); // a filter passes on what it cannot format
      continue;
    }
    const changed = formatted.text !== input.text;
    if (check) {
      if (changed) unformatted.push(input.file);
      if (changed && diff) io.stdout(unifiedDiff(input.file, input.text, formatted.text, palette));
    } else if (input.stdin) {
      io.stdout(formatted.text);
    } else if (changed) {
      try {
        writeInput(input, formatted.text, io);
        io.stderr(`formatted ${input.file}\n`);
      } catch (error) {
        fail(input, `cannot write the formatted file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
  }
  if (check && unformatted.length > 0) {
    if (!diff) io.stdout(unformatted.map((f) => `${f}\n`).join(''));
    const n = unformatted.length;
    io.stderr(`polysync fmt: ${n} file${n === 1 ? ' is' : 's are'} not formatted; run polysync fmt to format ${n === 1 ? 'it' : 'them'}\n`);
  }
  for (const p of configs.problems()) {
    io.stderr(`${describeConfigProblem(p)}\n`);
    failed = true;
  }
  if (failed) return 2;
  return unformatted.length > 0 ? 1 : 0;
}
