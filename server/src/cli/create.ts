// `polysync create`: checks a file, then sends it to POST /api/bulk/syncs. The API key comes only
// from the environment and is scrubbed from everything this command prints.
import { apiConfigFor, type Credentials, credentialsFromEnv } from '../account/credentials';
import { ApiConfigError, ApiError, DEFAULT_BASE_URL, isValidIdempotencyKey, PolytomicClient, resolveConfig, SUPPORTED_API_VERSIONS, USER_AGENT } from '../api';
import { type ApiFieldProblem, bareLink, checkForCreate, findTwins, keepVersionProblem, sendCreate, twinsMessage } from '../operations';
import { type CliIO, parseOptions, redactingIO, UsageError } from './io';
import { formatText } from './report';
import { connectionOverrides, linkCreatedFile, MISSING_KEY, notTakenLine, saveLink } from './sync/common';
import { loadInput } from './inputs';
import { CliConfigs } from './config';
import { showTime } from './sync/times';

export const CREATE_USAGE = `Usage: polysync create FILE [options]

Checks FILE ("-": standard input, which is not linked) like "polysync check", then creates the bulk sync it describes (POST /api/bulk/syncs).
Comments, "$schema" and the "polysync" link are removed from the body; everything else is sent as
written. Prints the new bulk sync's id on standard output, and links the file to the new sync: a
"polysync" key with its id is added at the end of the file (comments and layout are kept). The new
sync is read back and compared with the file: a field the API did not keep is named. A file
already linked is refused and nothing is created: "polysync apply" updates its sync. Before
sending, the account's bulk syncs are listed: when one already has this file's name, source and
destination, nothing is created and it is named ("polysync link FILE SYNC_ID" links the file to it).

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

Exit status: 0 created, 1 errors in the file, a file already linked, a sync that already is this
file's, the API refused, the file could not be linked, or the sync read back lacks a field the file
set (named), 2 bad usage, unreadable file, missing key or invalid settings.
`;

const CREATE_PATH = '/api/bulk/syncs';

interface CreateArgs {
  file: string;
  json: boolean;
  dryRun: boolean;
  idempotencyKey?: string;
  credentials: Credentials;
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
  return {
    file: positionals[0],
    json: options.json === true,
    dryRun: options['dry-run'] === true,
    idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
    credentials: credentialsFromEnv(env, connectionOverrides(options)),
  };
}

export async function runCreate(args: string[], rawIO: CliIO): Promise<number> {
  const parsed = readArgs(args, rawIO.env);
  if (parsed === 'help') {
    rawIO.stdout(CREATE_USAGE);
    return 0;
  }
  const { credentials } = parsed;
  const io = redactingIO(rawIO, credentials.apiKey, credentials.organizationId);
  const file = parsed.file === '-' ? '<stdin>' : parsed.file;
  const fail = (code: number, message: string) => {
    io.stderr(`polysync create: ${message}\n`);
    return code;
  };

  // Read as the editor does: UTF-8, a leading byte order mark dropped.
  const loaded = loadInput(io, parsed.file);
  if ('error' in loaded) return fail(2, loaded.error);
  if (loaded.link.linked === true) {
    return fail(1, `${file} is already linked to bulk sync ${loaded.link.link.sync_id}; nothing was created. Use "polysync apply ${file}" to update that sync, or delete the "polysync" key to create another one.`);
  }

  // The pipeline the language server runs for Create: errors stop here, before anything is sent.
  const doc = loaded.doc;
  // polysync.config.json as `check` reads it (standard input: the current folder's).
  const configs = new CliConfigs(io.cwd);
  const check = checkForCreate(doc, undefined, parsed.file === '-' ? configs.forDir(io.cwd) : configs.forFile(parsed.file));
  if (!check.ok && check.reason === 'document') {
    io.stderr(formatText([{ file, diagnostics: [...check.errors, ...check.warnings] }]));
    return fail(1, `${file} has ${check.errors.length} error${check.errors.length === 1 ? '' : 's'}; nothing was sent.`);
  }
  if (!check.ok) {
    const at = check.range ? `${file}:${check.range.start.line + 1}:${check.range.start.character + 1}: error` : `${file}: error`;
    io.stderr(`${at} ${check.message}\n`);
    return fail(1, 'nothing was sent.');
  }
  if (check.warnings.length > 0) io.stderr(formatText([{ file, diagnostics: check.warnings }]));
  const prepared = { body: check.body };

  // Settings are checked the same way whether or not a key is present, so a dry run shows the
  // URL a real run would use (the placeholder key is never printed).
  let config;
  try {
    config = resolveConfig(apiConfigFor({ ...credentials, apiKey: credentials.apiKey || 'dry-run-placeholder' }));
  } catch (error) {
    if (error instanceof ApiConfigError) return fail(2, error.message);
    throw error;
  }

  if (parsed.dryRun) {
    printDryRun(io, parsed, config.baseUrl, config.version, prepared.body);
    if (!credentials.apiKey) io.stderr('polysync create: note: POLYTOMIC_API_KEY is not set; a real run would stop before sending.\n');
    return 0;
  }
  if (!credentials.apiKey) return fail(2, MISSING_KEY);

  let client: PolytomicClient;
  try {
    client = new PolytomicClient(apiConfigFor(credentials));
  } catch (error) {
    if (error instanceof ApiConfigError) return fail(2, error.message);
    throw error;
  }

  // One sync per file: a live sync with this name, source and destination is this file's already.
  let twins;
  try {
    twins = await findTwins(client, prepared.body);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return fail(1, `${error.message} (The bulk syncs are listed before a create, to look for one this file would duplicate.) No bulk sync was created.`);
  }
  if (twins.length > 0) return fail(1, twinsMessage(file, twins, (iso) => showTime(io, iso)));

  const outcome = await sendCreate(doc, prepared.body, client, { idempotencyKey: parsed.idempotencyKey });
  if (outcome.kind === 'failed') {
    reportApiError(io, file, outcome.error, outcome.fields, parsed.json);
    return 1;
  }
  const { sync } = outcome;
  if (parsed.json) io.stdout(`${JSON.stringify(sync, null, 2)}\n`);
  else {
    io.stdout(`${sync.id}\n`);
    io.stderr(`polysync create: created bulk sync "${sync.name}".\n`);
  }
  if (loaded.stdin) {
    io.stderr(`polysync create: standard input is not a file to link; add "polysync": {"sync_id": "${sync.id}"} to the file it came from so it is not created twice.\n`);
    return 0;
  }
  // Read back and verified when this API version answers in the shape keep-as-code compares; linked
  // by id alone otherwise (compared two ways until an apply or pull writes a base).
  const { problem, notTaken } = keepVersionProblem(client.config.version) ? { problem: saveLink(io, loaded, bareLink(sync)), notTaken: [] } : await linkCreatedFile(io, client, loaded, sync, prepared.body);
  if (problem) {
    io.stderr(`polysync create: the bulk sync was created, but ${problem}; add "polysync": {"sync_id": "${sync.id}"} to the file by hand so it is not created twice.\n`);
    return 1;
  }
  io.stderr(`polysync create: linked ${file} to bulk sync ${sync.id}.\n`);
  if (notTaken.length > 0) {
    io.stderr(notTakenLine('create', file, sync.id, notTaken));
    return 1;
  }
  return 0;
}

function printDryRun(io: CliIO, args: CreateArgs, baseUrl: string, version: string, body: Record<string, unknown>): void {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Authorization: apiConfigFor(args.credentials).organizationId ? 'Basic ****' : 'Bearer ****',
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

function reportApiError(io: CliIO, file: string, error: ApiError, problems: ApiFieldProblem[], json: boolean): void {
  const fields = problems.map((p) => ({ path: p.path, message: p.message, line: p.range.start.line + 1, column: p.range.start.character + 1, exact: p.exact }));
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
