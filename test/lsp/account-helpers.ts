// Shared by the account protocol tests: the bundled server pointed at the sandbox API, documents that
// name the sandbox's connections, and bounded waits for states (never fixed sleeps).
import { IDS, SANDBOX_KEYS } from '../sandbox/fixtures';
import { type Sandbox, type SandboxOptions, startSandbox } from '../sandbox/server';
import { type LspTestClient, type StartOptions, startServer } from './harness';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export { IDS, SANDBOX_KEYS };

/** A client that can pull diagnostics and be told to refresh them and inlay hints. */
export const REFRESHING_CAPABILITIES = {
  textDocument: {
    synchronization: { dynamicRegistration: false },
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    inlayHint: { dynamicRegistration: false },
  },
  workspace: { configuration: true, diagnostics: { refreshSupport: true }, inlayHint: { refreshSupport: true } },
};

export function sandboxEnv(sandbox: Sandbox, key: string = SANDBOX_KEYS.user): NodeJS.ProcessEnv {
  return { POLYTOMIC_API_URL: sandbox.url, POLYTOMIC_API_KEY: key, POLYTOMIC_ORGANIZATION_ID: '', POLYTOMIC_API_VERSION: '' };
}

/** The environment of a server with no account at all (whatever the test runner's environment holds). */
export const NO_ACCOUNT_ENV: NodeJS.ProcessEnv = { POLYTOMIC_API_URL: '', POLYTOMIC_API_KEY: '', POLYTOMIC_ORGANIZATION_ID: '', POLYTOMIC_API_VERSION: '' };

export function startAccountServer(env: NodeJS.ProcessEnv, options: Partial<StartOptions> = {}): Promise<LspTestClient> {
  return startServer({ capabilities: REFRESHING_CAPABILITIES, ...options, env: { ...env, ...options.env } });
}

/**
 * The first status in `state` that `accept` also likes. The server reports each step as it happens:
 * "online" is sent as soon as the connection list is in, and again once the organization's name
 * (a separate request that may answer later) is known, so wait for the status that has what you need.
 */
export function waitForStatus(client: LspTestClient, state: string, timeoutMs = 10_000, accept: (status: Json) => boolean = () => true): Promise<Json> {
  return client.waitForNotification('polysync/accountStatus', (p) => p.state === state && accept(p), timeoutMs);
}

/** The online status that names the organization. */
export function waitForOrganization(client: LspTestClient, name: string, timeoutMs = 10_000): Promise<Json> {
  return waitForStatus(client, 'online', timeoutMs, (p) => p.organizationName === name);
}

/** The last status the server sent. */
export function lastStatus(client: LspTestClient): Json {
  const all = client.notifications.filter((n) => n.method === 'polysync/accountStatus');
  return all[all.length - 1]?.params;
}

/** Calls `probe` until it returns something other than undefined, for at most `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface DocOptions {
  source?: string;
  destination?: string;
  mode?: string;
  configuration?: string;
  extra?: string;
}

/** A document that passes the offline checks; `extra` adds members after the schedule. */
export function syncDoc(options: DocOptions = {}): string {
  return `{
  "name": "Account test",
  "mode": "${options.mode ?? 'replicate'}",
  "source_connection_id": "${options.source ?? IDS.salesforce}",
  "destination_connection_id": "${options.destination ?? IDS.snowflake}",
  "destination_configuration": ${options.configuration ?? '{ "schema": "salesforce" }'},
  "default_schedule": { "frequency": "daily", "hour": "2", "minute": "30" }${options.extra ? `,\n  ${options.extra}` : ''}
}
`;
}

/** Line and character of the first occurrence of `marker` in `text`, plus `shift` characters. */
export function positionOf(text: string, marker: string, shift = 0): { line: number; character: number } {
  const offset = text.indexOf(marker);
  if (offset < 0) throw new Error(`marker ${marker} not in text`);
  const before = text.slice(0, offset + shift);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}

export const itemsOf = (result: Json): Json[] => (Array.isArray(result) ? result : (result?.items ?? []));

export async function completionAt(client: LspTestClient, uri: string, position: { line: number; character: number }): Promise<Json> {
  return client.request('textDocument/completion', { textDocument: { uri }, position });
}

export async function hoverText(client: LspTestClient, uri: string, position: { line: number; character: number }): Promise<string> {
  const result = await client.request('textDocument/hover', { textDocument: { uri }, position });
  return result?.contents?.value ?? '';
}

export const accountCodes = (diagnostics: Json[]): string[] => diagnostics.map((d) => String(d.code)).filter((c) => c.startsWith('PS3'));

/** Pulls diagnostics until `accept` likes them (account data arrives in the background). */
export function diagnosticsWhen(client: LspTestClient, uri: string, what: string, accept: (diagnostics: Json[]) => boolean, timeoutMs?: number): Promise<Json[]> {
  return eventually(what, async () => {
    const diagnostics = await client.diagnostics(uri);
    return accept(diagnostics) ? diagnostics : undefined;
  }, timeoutMs);
}

/** Removes the `|` that marks the cursor and returns the text and the cursor's position. */
export function withCursor(marked: string): { text: string; position: { line: number; character: number } } {
  const offset = marked.indexOf('|');
  if (offset < 0 || marked.indexOf('|', offset + 1) >= 0) throw new Error('mark exactly one cursor with |');
  const before = marked.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), position: { line, character: offset - (before.lastIndexOf('\n') + 1) } };
}

let counter = 0;
/** A fresh document URI per call, so tests sharing a server never see each other's documents. */
export function freshUri(name: string): string {
  counter += 1;
  return `file:///workspace/${name}-${counter}.polysync.json`;
}

/**
 * Two accounts, as a workspace that names another API URL sees them: the bundled server signed in to a
 * sandbox at the user URL (online), a second sandbox at the URL the workspace names (`named`, keys of its
 * own), and the account for it a client sends (that URL with its user key).
 */
export interface TwoAccounts {
  user: Sandbox;
  named: Sandbox;
  client: LspTestClient;
  account: Json;
  close(): Promise<void>;
}

export async function startTwoAccounts(named: SandboxOptions & { keys: { user: string } }): Promise<TwoAccounts> {
  const user = await startSandbox();
  let namedSandbox: Sandbox | undefined;
  let client: LspTestClient | undefined;
  try {
    namedSandbox = await startSandbox(named);
    client = await startAccountServer(sandboxEnv(user));
    await waitForStatus(client, 'online');
  } catch (error) {
    // What did start is stopped, so a failed set-up leaves no server or sandbox running.
    await client?.close();
    await namedSandbox?.close();
    await user.close();
    throw error;
  }
  return {
    user,
    named: namedSandbox,
    client,
    account: { apiUrl: namedSandbox.url, apiKey: named.keys.user, keyKind: 'user', apiVersion: '2025-09-18' },
    async close() {
      await client?.close();
      await user.close();
      await namedSandbox?.close();
    },
  };
}
