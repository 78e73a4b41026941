// What the workspace remembers between Creates: the bulk syncs each document created (for the
// duplicate guard and the code lens) and the user's answer about a workspace-provided API URL.
// Stored in workspaceState, which is per workspace and never synced or committed.

/** The part of vscode.Memento used here. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface CreatedSync {
  id: string;
  name: string;
  /** ISO time of the create. */
  createdAt: string;
  /** The API base URL it was created at. */
  apiUrl: string;
}

const CREATED_KEY = 'polysync.createdSyncs';
const URL_DECISION_KEY = 'polysync.workspaceApiUrlDecision';
/** Older entries are dropped so the stored map cannot grow without bound. */
const MAX_PER_DOCUMENT = 20;

export class CreatedSyncs {
  private readonly listeners = new Set<(uri: string) => void>();

  constructor(private readonly store: KeyValueStore) {}

  /** Newest last. */
  all(uri: string): CreatedSync[] {
    const map = this.store.get<Record<string, CreatedSync[]>>(CREATED_KEY) ?? {};
    const list = Object.prototype.hasOwnProperty.call(map, uri) ? map[uri] : undefined;
    return Array.isArray(list) ? list : [];
  }

  latest(uri: string): CreatedSync | undefined {
    return this.all(uri).at(-1);
  }

  async remember(uri: string, sync: CreatedSync): Promise<void> {
    const map = { ...(this.store.get<Record<string, CreatedSync[]>>(CREATED_KEY) ?? {}) };
    map[uri] = [...this.all(uri), sync].slice(-MAX_PER_DOCUMENT);
    await this.store.update(CREATED_KEY, map);
    for (const listener of this.listeners) listener(uri);
  }

  onDidChange(listener: (uri: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}

/** Which URL the user chose when the workspace settings named a different API URL. */
export type UrlChoice = 'workspace' | 'user';

export class UrlDecisions {
  constructor(private readonly store: KeyValueStore) {}

  /** The remembered choice, only if it was made for this exact workspace URL. */
  get(workspaceUrl: string): UrlChoice | undefined {
    const saved = this.store.get<{ url: string; choice: UrlChoice }>(URL_DECISION_KEY);
    return saved && saved.url === workspaceUrl && (saved.choice === 'workspace' || saved.choice === 'user') ? saved.choice : undefined;
  }

  async set(workspaceUrl: string, choice: UrlChoice): Promise<void> {
    await this.store.update(URL_DECISION_KEY, { url: workspaceUrl, choice });
  }
}

/** The code lens at the top of a polysync document. */
export function lensTitle(latest: CreatedSync | undefined): string {
  return latest ? `Created as ${latest.id} · Create again` : 'Create Bulk Sync';
}

/** A Map-backed store for tests and for running the flow outside the editor. */
export class MemoryStore implements KeyValueStore {
  private readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, structuredClone(value));
    return Promise.resolve();
  }
}
