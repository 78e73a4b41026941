// What the commands that keep a sync share: the API client from the environment, a bound on requests
// in flight, a pool of files, progress on a terminal, reading a linked file, and messages for API errors.
import { readFileSync, writeFileSync } from 'node:fs';
import { apiConfigFor, credentialsFromEnv } from '../../account/credentials';
import { ApiConfigError, ApiError, DEFAULT_BASE_URL, PolytomicClient, SUPPORTED_API_VERSIONS } from '../../api';
import { type ParsedDocument, parseDocument } from '../../service';
import { Gate } from '../../api/gate';
import { DEFAULT_CONCURRENCY, gatedSyncApi, keepVersionProblem, type LinkRead, linkCreated, readLink, type SyncApi, type SyncLink, writeLink } from '../../operations';
import { type CliIO, type ParsedOptions, redactingIO, UsageError } from '../io';
import { decodeSource, encodeSource } from '../source';

export { DEFAULT_CONCURRENCY };
export const MAX_CONCURRENCY = 8;

export const CONNECTION_OPTIONS = {
  'api-url': { type: 'string' },
  'api-version': { type: 'string' },
  concurrency: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const CONNECTION_HELP = `  --api-url URL           API base URL (default: $POLYTOMIC_API_URL or ${DEFAULT_BASE_URL})
  --api-version V         X-Polytomic-Version (default: $POLYTOMIC_API_VERSION or ${SUPPORTED_API_VERSIONS[0]})
  --concurrency N         requests in flight at once, 1 to ${MAX_CONCURRENCY} (default ${DEFAULT_CONCURRENCY})
  -h, --help              show this help

Environment:
  POLYTOMIC_API_KEY          the API key (required)
  POLYTOMIC_ORGANIZATION_ID  set for an organization-scoped key (sent as Basic auth)
  POLYTOMIC_API_URL, POLYTOMIC_API_VERSION   as --api-url and --api-version
`;

export const MISSING_KEY = 'POLYTOMIC_API_KEY is not set. Export your Polytomic API key (and POLYTOMIC_ORGANIZATION_ID for an organization key).';

/** `--api-url` and `--api-version`, which win over the environment. */
export function connectionOverrides(options: ParsedOptions): { apiUrl?: string; apiVersion?: string } {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { apiUrl: text(options['api-url']), apiVersion: text(options['api-version']) };
}

export function concurrencyOf(options: ParsedOptions): number {
  const raw = options.concurrency;
  if (raw === undefined) return DEFAULT_CONCURRENCY;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) {
    throw new UsageError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY} (got ${String(raw)})`);
  }
  return n;
}

export interface Session {
  io: CliIO;
  api: SyncApi;
  /** Requests sent so far (each attempt of a retried request counts once). */
  requests(): number;
  baseUrl: string;
}

/**
 * The API client from the environment and options, wrapped so that at most `concurrency` requests
 * are in flight whatever the commands do in parallel; a missing key or unusable settings is answered
 * as `{ error }` (the command prints it and exits with status 2).
 */
export function openSession(rawIO: CliIO, options: ParsedOptions, concurrency: number): Session | { error: string } {
  const credentials = credentialsFromEnv(rawIO.env, connectionOverrides(options));
  const io = redactingIO(rawIO, credentials.apiKey ?? '', credentials.organizationId);
  if (!credentials.apiKey) return { error: MISSING_KEY };
  let client: PolytomicClient;
  try {
    // The client's own bound starts at --concurrency and is halved when the API answers 429.
    client = new PolytomicClient({ ...apiConfigFor(credentials), maxInFlight: concurrency });
  } catch (error) {
    if (error instanceof ApiConfigError) return { error: error.message };
    throw error;
  }
  const versionProblem = keepVersionProblem(client.config.version);
  if (versionProblem) return { error: versionProblem };
  let count = 0;
  const api = gatedSyncApi(client, new Gate(concurrency), () => (count += 1));
  return { io, api, requests: () => count, baseUrl: client.config.baseUrl };
}

/** Runs `work` over every item, `limit` at a time, answering results in the items' order. */
export async function eachLimited<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>, onDone?: (done: number) => void): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
      onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A progress line on a terminal (standard error), rewritten in place; nothing otherwise. */
export function progress(io: CliIO, verb: string, total: number): { update(done: number): void; end(): void } {
  if (!io.isTTY || total < 2) return { update() {}, end() {} };
  return {
    update: (done) => io.stderr(`\r${verb} ${done}/${total}`),
    end: () => io.stderr('\r\x1b[K'),
  };
}

/** Asks a yes/no question on the terminal; undefined when it cannot ask (no terminal). */
export async function confirm(io: CliIO, question: string): Promise<boolean | undefined> {
  if (!io.ask) return undefined;
  const answer = await io.ask(`${question} [y/N] `);
  if (answer === undefined) return undefined;
  return /^y(es)?$/i.test(answer.trim());
}

export interface LoadedFile {
  file: string;
  text: string;
  bom: boolean;
  doc: ParsedDocument;
  link: LinkRead;
}

/** Reads and parses a file; a message when it cannot be read. */
export function loadFile(io: CliIO, file: string): LoadedFile | { file: string; error: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(io.resolve(file));
  } catch (error) {
    return { file, error: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const source = decodeSource(bytes);
  if ('error' in source) return { file, error: `cannot read ${file}: ${source.error}` };
  const doc = parseDocument(file, 0, source.text);
  return { file, text: source.text, bom: source.bom, doc, link: readLink(doc) };
}

/** Writes the link into a loaded file; a message when it could not. */
export function saveLink(io: CliIO, loaded: LoadedFile, link: SyncLink): string | undefined {
  const text = writeLink(loaded.text, link);
  if (text === undefined) return `could not write the link into ${loaded.file}`;
  try {
    writeFileSync(io.resolve(loaded.file), encodeSource(text, loaded.bom));
    loaded.text = text;
    return undefined;
  } catch (error) {
    return `could not write ${loaded.file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
}

/** What an API failure on a linked sync means, in one sentence a person can act on. */
export function describeSyncError(error: unknown, syncId: string): string {
  if (!(error instanceof ApiError)) throw error;
  if (error.status === 404) {
    return `bulk sync ${syncId} was not found: it does not exist, was deleted, or belongs to another organization than this API key's (${error.message})`;
  }
  if (error.status === 403) return `this API key may not do that on bulk sync ${syncId} (${error.message})`;
  return error.message;
}

/**
 * Links a file to the sync it just created, read back and verified (see linkCreated): `problem` when
 * the link could not be written, `notTaken` the fields the API did not keep.
 */
export async function linkCreatedFile(io: CliIO, api: Pick<SyncApi, 'getBulkSync' | 'listBulkSyncSchemas' | 'getBulkSyncSchema'>, loaded: LoadedFile, sync: { id: string; updated_at?: string }, body: Record<string, unknown>): Promise<{ problem?: string; notTaken: string[] }> {
  const created = await linkCreated(api, sync, body);
  const problem = saveLink(io, loaded, created.link);
  return { ...(problem ? { problem } : {}), notTaken: created.notTaken };
}

/** The line naming fields an API did not take, for standard error. */
export function notTakenLine(command: string, file: string, syncId: string, notTaken: readonly string[]): string {
  return `polysync ${command}: ${file}: bulk sync ${syncId} did not take ${notTaken.join(', ')} (read back after the change, the live value is not the file's); "polysync diff ${file}" shows ${notTaken.length === 1 ? 'it' : 'them'}.\n`;
}
