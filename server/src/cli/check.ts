// `polysync check`: validates files offline with the same engine as the language server; with
// --online also against the Polytomic account (the PS3xx checks).
import { readFileSync, writeFileSync } from 'node:fs';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { checkOnlineSettings, loadOnlineAccount, onlineCredentials } from '../account/cli';
import { redact } from '../api/redact';
import { secretForms } from '../api/config';
import type { AccountSnapshot } from '../service/account/snapshot';
import { fixAll } from '../service/actions/codeActions';
import { detectIndentOptions } from '../service/actions/textEdits';
import { parseDocument } from '../service/document/document';
import { validateDocument } from '../service/diagnostics/validate';
import { resolveFileArguments } from './files';
import { type FileResult, format, FORMATS, type OutputFormat } from './report';
import { type CliIO, parseOptions, UsageError } from './io';

export const CHECK_USAGE = `Usage: polysync check [options] [files, folders or globs...]

Checks *.polysync.json files against the create-bulk-sync request (syntax, schema and semantic rules).
Folders are searched for *.polysync.json files; with no argument the current folder is searched.

Options:
  --format text|json|github   output format (default: text; github prints workflow annotations)
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
  -h, --help                  show this help

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad usage or unreadable files, or
--online when the key is missing or the account could not be read (the reason is printed).
`;

/** `text` with every fix that needs no choice applied (the editor's "Fix all"), and how many problems that fixed. */
export function fixText(file: string, text: string): { text: string; fixed: number } {
  const doc = parseDocument(file, 0, text);
  const { edits, fixed } = fixAll(doc, detectIndentOptions(text));
  if (edits.length === 0) return { text, fixed: 0 };
  // Apply from the end, so earlier offsets stay valid.
  const spans = edits.map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const span of spans) out = out.slice(0, span.start) + span.text + out.slice(span.end);
  return { text: out, fixed: fixed.length };
}

export function checkText(file: string, text: string, account?: AccountSnapshot): FileResult {
  const parsed = parseDocument(file, 0, text);
  return { file, diagnostics: validateDocument(parsed, { account }) ?? [] };
}

export async function runCheck(args: string[], rawIO: CliIO): Promise<number> {
  const { options, positionals } = parseOptions(args, { format: 'string', help: 'boolean', online: 'boolean', 'api-url': 'string', fix: 'boolean' }, { h: 'help' });
  if (options.help) {
    rawIO.stdout(CHECK_USAGE);
    return 0;
  }
  const kind = (options.format ?? 'text') as OutputFormat;
  if (!FORMATS.includes(kind)) throw new UsageError(`unknown format "${kind}": use ${FORMATS.join(', ')}`);
  const online = options.online === true;
  if (!online && options['api-url'] !== undefined) throw new UsageError('--api-url only applies with --online');
  const credentials = online ? onlineCredentials({ env: rawIO.env, apiUrl: options['api-url'] as string | undefined }) : undefined;
  // Whatever the API echoes back goes through this, so no form of the key reaches the output.
  const io = credentials?.apiKey ? redactingIO(rawIO, secretForms({ apiKey: credentials.apiKey, organizationId: credentials.organizationId })) : rawIO;
  if (credentials) {
    const problem = checkOnlineSettings(credentials);
    if (problem) {
      io.stderr(`polysync check: ${problem}\n`);
      return 2;
    }
  }

  const { files, problems } = resolveFileArguments(positionals.length ? positionals : ['.'], io.cwd);
  const results: FileResult[] = problems.map((p) => ({ file: p.argument, diagnostics: [], error: p.reason }));
  const read = files.map((file): { file: string; text?: string; error?: string } => {
    try {
      return { file, text: readFileSync(io.resolve(file), 'utf8') };
    } catch (error) {
      return { file, error: `cannot read file (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    }
  });
  const notes: string[] = [];
  if (options.fix === true) {
    for (const entry of read) {
      if (entry.text === undefined) continue;
      const { text, fixed } = fixText(entry.file, entry.text);
      if (text === entry.text) continue;
      try {
        writeFileSync(io.resolve(entry.file), text, 'utf8');
        entry.text = text;
        notes.push(`fixed ${fixed || 'some'} problem${fixed === 1 ? '' : 's'} in ${entry.file}`);
      } catch (error) {
        entry.error = `cannot write the fixes (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
        entry.text = undefined;
      }
    }
  }
  const texts = read.filter((r): r is { file: string; text: string } => r.text !== undefined);

  let account: AccountSnapshot | undefined;
  const skipped: string[] = [];
  if (credentials) {
    const loaded = await loadOnlineAccount(credentials, texts.map(({ file, text }) => parseDocument(file, 0, text)));
    if (loaded.ok) {
      account = loaded.snapshot;
      skipped.push(...loaded.skipped.map((s) => `some online checks were skipped: ${s}`));
    } else skipped.push(`the online checks were skipped: ${loaded.reason}`);
  }
  for (const { file, text, error } of read) results.push(text !== undefined ? checkText(file, text, account) : { file, diagnostics: [], error });

  io.stdout(format(results, kind));
  for (const note of [...notes, ...skipped]) io.stderr(`polysync check: ${note}\n`);
  // --online was asked for: checks it could not run are a failure of the run, not a pass.
  if (results.some((r) => r.error) || skipped.length > 0) return 2;
  return results.some((r) => r.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)) ? 1 : 0;
}

function redactingIO(io: CliIO, secrets: string[]): CliIO {
  return { ...io, stdout: (text) => io.stdout(redact(text, secrets)), stderr: (text) => io.stderr(redact(text, secrets)) };
}
