// `polysync create`: checks a file, then sends it to POST /api/bulk/syncs. The API key comes only
// from the environment and is scrubbed from everything this command prints.
import { readFileSync } from 'node:fs';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import {
  ApiConfigError,
  type ApiConfigInput,
  ApiError,
  DEFAULT_BASE_URL,
  formatFieldPath,
  isValidIdempotencyKey,
  PolytomicClient,
  redact,
  resolveConfig,
  secretForms,
  SUPPORTED_API_VERSIONS,
  USER_AGENT,
} from '../api';
import { parseDocument } from '../service/document';
import { locateFields, prepareRequestBody } from '../service/submission';
import { validateDocument } from '../service/validate';
import { type CliIO, parseOptions, UsageError } from './io';
import { formatText } from './report';
import { decodeSource } from './source';

export const CREATE_USAGE = `Usage: polysync create FILE [options]

Checks FILE like "polysync check", then creates the bulk sync it describes (POST /api/bulk/syncs).
Comments and "$schema" are removed from the body; everything else is sent as written.
Prints the new bulk sync's id on standard output.

Options:
  --json                  print the created bulk sync (the response "data") as JSON
  --dry-run               print the request that would be sent (key masked) and send nothing
  --api-url URL           API base URL (default: $POLYTOMIC_API_URL or ${DEFAULT_BASE_URL})
  --api-version V         X-Polytomic-Version (default: $POLYTOMIC_API_VERSION or ${SUPPORTED_API_VERSIONS[0]})
  --idempotency-key KEY   reuse the key of an earlier attempt whose outcome was unknown
  -h, --help              show this help

Environment:
  POLYTOMIC_API_KEY          the API key (required unless --dry-run)
  POLYTOMIC_ORGANIZATION_ID  set for an organization-scoped key (sent as Basic auth)
  POLYTOMIC_API_URL, POLYTOMIC_API_VERSION   as --api-url and --api-version

Exit status: 0 created, 1 errors in the file or the API refused, 2 bad usage, unreadable file,
missing key or invalid settings.
`;

const CREATE_PATH = '/api/bulk/syncs';

interface CreateArgs {
  file: string;
  json: boolean;
  dryRun: boolean;
  idempotencyKey?: string;
  settings: Omit<ApiConfigInput, 'apiKey'>;
  apiKey: string;
}

function readArgs(args: string[], env: NodeJS.ProcessEnv): CreateArgs | 'help' {
  const { options, positionals } = parseOptions(
    args,
    {
      json: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      'api-url': { type: 'string' },
      'api-version': { type: 'string' },
      'idempotency-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  );
  if (options.help) return 'help';
  if (positionals.length === 0) throw new UsageError('name the file to create, e.g. polysync create my-sync.polysync.json');
  if (positionals.length > 1) throw new UsageError(`create takes one file (got ${positionals.length})`);
  const idempotencyKey = options['idempotency-key'];
  if (typeof idempotencyKey === 'string' && !isValidIdempotencyKey(idempotencyKey)) {
    throw new UsageError('--idempotency-key must be 8 to 255 letters, digits, "-" or "_"');
  }
  const setting = (flag: unknown, name: string) => (typeof flag === 'string' ? flag : env[name])?.trim() || undefined;
  return {
    file: positionals[0],
    json: options.json === true,
    dryRun: options['dry-run'] === true,
    idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
    settings: {
      baseUrl: setting(options['api-url'], 'POLYTOMIC_API_URL'),
      version: setting(options['api-version'], 'POLYTOMIC_API_VERSION'),
      organizationId: env.POLYTOMIC_ORGANIZATION_ID?.trim() || undefined,
    },
    apiKey: env.POLYTOMIC_API_KEY?.trim() ?? '',
  };
}

/** Every line printed goes through this, so no form of the key can reach the terminal or a log. */
function redactingIO(io: CliIO, apiKey: string, organizationId: string | undefined): CliIO {
  if (!apiKey) return io;
  const secrets = secretForms({ apiKey, organizationId });
  return { ...io, stdout: (text) => io.stdout(redact(text, secrets)), stderr: (text) => io.stderr(redact(text, secrets)) };
}

export async function runCreate(args: string[], rawIO: CliIO): Promise<number> {
  const parsed = readArgs(args, rawIO.env);
  if (parsed === 'help') {
    rawIO.stdout(CREATE_USAGE);
    return 0;
  }
  const io = redactingIO(rawIO, parsed.apiKey, parsed.settings.organizationId);
  const { file } = parsed;
  const fail = (code: number, message: string) => {
    io.stderr(`polysync create: ${message}\n`);
    return code;
  };

  let text: string;
  try {
    // Read as the editor does: UTF-8, a leading byte order mark dropped.
    const source = decodeSource(readFileSync(io.resolve(file)));
    if ('error' in source) return fail(2, `cannot read ${file}: ${source.error}`);
    text = source.text;
  } catch (error) {
    return fail(2, `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }

  // The same checks as `polysync check`: errors stop here, before anything is sent.
  const diagnostics = (validateDocument(parseDocument(file, 0, text)) ?? []).filter(
    (d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning,
  );
  const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
  if (errors.length > 0) {
    io.stderr(formatText([{ file, diagnostics }]));
    return fail(1, `${file} has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was sent.`);
  }
  if (diagnostics.length > 0) io.stderr(formatText([{ file, diagnostics }]));

  // Trailing commas are only a warning (PS004 says they are dropped when sending), so allow them here.
  const prepared = prepareRequestBody(text, { allowTrailingComma: true });
  if ('error' in prepared) {
    const at = prepared.range ? `${file}:${prepared.range.start.line + 1}:${prepared.range.start.character + 1}: error` : `${file}: error`;
    io.stderr(`${at} ${prepared.error}\n`);
    return fail(1, 'nothing was sent.');
  }

  // Settings are checked the same way whether or not a key is present, so a dry run shows the
  // URL a real run would use (the placeholder key is never printed).
  let config;
  try {
    config = resolveConfig({ ...parsed.settings, apiKey: parsed.apiKey || 'dry-run-placeholder' });
  } catch (error) {
    if (error instanceof ApiConfigError) return fail(2, error.message);
    throw error;
  }

  if (parsed.dryRun) {
    printDryRun(io, parsed, config.baseUrl, config.version, prepared.body);
    if (!parsed.apiKey) io.stderr('polysync create: note: POLYTOMIC_API_KEY is not set; a real run would stop before sending.\n');
    return 0;
  }
  if (!parsed.apiKey) {
    return fail(2, 'POLYTOMIC_API_KEY is not set. Export your Polytomic API key (and POLYTOMIC_ORGANIZATION_ID for an organization key).');
  }

  let client: PolytomicClient;
  try {
    client = new PolytomicClient({ ...parsed.settings, apiKey: parsed.apiKey });
  } catch (error) {
    if (error instanceof ApiConfigError) return fail(2, error.message);
    throw error;
  }

  try {
    const sync = await client.createBulkSync(prepared.body, { idempotencyKey: parsed.idempotencyKey });
    if (parsed.json) io.stdout(`${JSON.stringify(sync, null, 2)}\n`);
    else {
      io.stdout(`${sync.id}\n`);
      io.stderr(`polysync create: created bulk sync "${sync.name}".\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    reportApiError(io, file, text, error, parsed.json);
    return 1;
  }
}

function printDryRun(io: CliIO, args: CreateArgs, baseUrl: string, version: string, body: Record<string, unknown>): void {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Authorization: args.settings.organizationId ? 'Basic ****' : 'Bearer ****',
    'Content-Type': 'application/json',
    'Idempotency-Key': args.idempotencyKey ?? '(a new key is generated for each run)',
    'User-Agent': USER_AGENT,
    'X-Polytomic-Version': version,
  };
  const url = `${baseUrl}${CREATE_PATH}`;
  if (args.json) {
    io.stdout(`${JSON.stringify({ method: 'POST', url, headers, body }, null, 2)}\n`);
    return;
  }
  const lines = [`POST ${url}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), '', JSON.stringify(body, null, 2)];
  io.stdout(`${lines.join('\n')}\n`);
  io.stderr('polysync create: dry run; nothing was sent.\n');
}

function reportApiError(io: CliIO, file: string, text: string, error: ApiError, json: boolean): void {
  const located = error.fields.length > 0 ? locateFields(text, error.fields.map((f) => f.path)) : [];
  const fields = error.fields.map((field, i) => {
    const at = located[i].range.start;
    return { path: formatFieldPath(field.path), message: field.message ?? error.apiMessage ?? '', line: at.line + 1, column: at.character + 1, exact: located[i].exact };
  });
  for (const f of fields) {
    const where = f.exact ? '' : ` (${f.path} is not in the file; shown at its nearest parent)`;
    io.stderr(`${file}:${f.line}:${f.column}: error ${f.path}: ${f.message}${where}\n`);
  }
  io.stderr(`polysync create: ${error.message}\n`);
  if (error.sent === 'unknown' && error.idempotencyKey) {
    io.stderr(`polysync create: to retry safely, run again with --idempotency-key ${error.idempotencyKey}\n`);
  }
  if (json) {
    const out = { error: { kind: error.kind, status: error.status, message: error.message, sent: error.sent, idempotencyKey: error.idempotencyKey, fields } };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  }
}
