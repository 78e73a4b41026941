// `polysync check`: validates files offline with the same engine as the language server.
import { readFileSync } from 'node:fs';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { parseDocument } from '../service/document';
import { validateDocument } from '../service/validate';
import { resolveFileArguments } from './files';
import { type FileResult, format, FORMATS, type OutputFormat } from './report';
import { type CliIO, parseOptions, UsageError } from './io';

export const CHECK_USAGE = `Usage: polysync check [options] [files, folders or globs...]

Checks *.polysync.json files against the create-bulk-sync request (syntax, schema and semantic rules).
Folders are searched for *.polysync.json files; with no argument the current folder is searched.

Options:
  --format text|json|github   output format (default: text; github prints workflow annotations)
  -h, --help                  show this help

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad usage or unreadable files.
`;

export function checkText(file: string, text: string): FileResult {
  const parsed = parseDocument(file, 0, text);
  return { file, diagnostics: validateDocument(parsed) ?? [] };
}

export async function runCheck(args: string[], io: CliIO): Promise<number> {
  const { options, positionals } = parseOptions(args, { format: 'string', help: 'boolean' }, { h: 'help' });
  if (options.help) {
    io.stdout(CHECK_USAGE);
    return 0;
  }
  const kind = (options.format ?? 'text') as OutputFormat;
  if (!FORMATS.includes(kind)) throw new UsageError(`unknown format "${kind}": use ${FORMATS.join(', ')}`);
  const { files, problems } = resolveFileArguments(positionals.length ? positionals : ['.'], io.cwd);
  const results: FileResult[] = problems.map((p) => ({ file: p.argument, diagnostics: [], error: p.reason }));
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(io.resolve(file), 'utf8');
    } catch (error) {
      results.push({ file, diagnostics: [], error: `cannot read file (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    results.push(checkText(file, text));
  }
  io.stdout(format(results, kind));
  if (results.some((r) => r.error)) return 2;
  return results.some((r) => r.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)) ? 1 : 0;
}
