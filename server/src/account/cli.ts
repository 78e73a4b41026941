// Account data for `polysync check --online`: everything the checked files name is fetched once and
// waited for, then every file is checked against the same snapshot.
import { ApiConfigError, resolveConfig } from '../api/config';
import { accountNeeds, type AccountSnapshot, type Known, type ParsedDocument } from '../service';
import { apiConfigFor, type Credentials, credentialsFromEnv, credentialsProblem } from './credentials';
import { AccountManager } from './manager';

export type OnlineAccount =
  /** Usage or settings problem: nothing was asked. */
  | { ok: false; reason: string }
  /** The snapshot, plus what could not be read (checks needing it were skipped). */
  | { ok: true; snapshot: AccountSnapshot; skipped: string[] };

export interface OnlineOptions {
  env: NodeJS.ProcessEnv;
  /** `--api-url`, which wins over POLYTOMIC_API_URL. */
  apiUrl?: string;
  timeoutMs?: number;
}

export function onlineCredentials(options: OnlineOptions): Credentials {
  return credentialsFromEnv(options.env, { apiUrl: options.apiUrl });
}

/** Checks the settings before any file is read, so a missing key stops the run with a clear reason. */
export function checkOnlineSettings(credentials: Credentials): string | undefined {
  if (!credentials.apiKey) {
    return '--online needs POLYTOMIC_API_KEY (and POLYTOMIC_ORGANIZATION_ID for an organization key); the online checks were not run.';
  }
  const problem = credentialsProblem(credentials);
  if (problem) return `${problem.message} The online checks were not run.`;
  try {
    resolveConfig(apiConfigFor(credentials));
    return undefined;
  } catch (error) {
    if (error instanceof ApiConfigError) return `${error.message} The online checks were not run.`;
    throw error;
  }
}

export async function loadOnlineAccount(credentials: Credentials, documents: readonly ParsedDocument[], timeoutMs?: number): Promise<OnlineAccount> {
  const problem = checkOnlineSettings(credentials);
  if (problem) return { ok: false, reason: problem };
  const manager = new AccountManager({ probeRoles: false, timeoutMs, changeDelayMs: 0 });
  try {
    manager.setCredentials(credentials);
    const needs = { sources: new Set<string>(), targets: new Set<string>(), connections: new Set<string>() };
    for (const doc of documents) {
      const n = accountNeeds(doc);
      n.sources.forEach((id) => needs.sources.add(id));
      n.targets.forEach((id) => needs.targets.add(id));
      n.connections.forEach((id) => needs.connections.add(id));
    }
    await manager.load({ sources: [...needs.sources], targets: [...needs.targets], connections: [...needs.connections] });
    const snapshot = manager.snapshot();
    if (snapshot.state !== 'online') return { ok: false, reason: snapshot.message };
    const skipped: string[] = [];
    const note = (what: string, item: Known<unknown> | undefined) => {
      if (item?.status === 'failed') skipped.push(`${what}: ${item.message}`);
    };
    note('permission policies', snapshot.policies);
    for (const id of needs.sources) note(`source ${id}`, snapshot.sources.get(id.toLowerCase()));
    for (const id of needs.targets) note(`destination ${id}`, snapshot.targets.get(id.toLowerCase()));
    for (const id of needs.connections) note(`connection ${id}`, snapshot.connectionLookups.get(id.toLowerCase()));
    return { ok: true, snapshot, skipped };
  } finally {
    manager.dispose();
  }
}
