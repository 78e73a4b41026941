// What the workspace remembers between Creates: the user's answer about a workspace-provided API URL.
// Stored in workspaceState, which is per workspace and never synced or committed. Which sync a file
// created is not remembered here: it is the file's own "polysync" link, written by Create.

/** The part of vscode.Memento used here. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const URL_DECISION_KEY = 'polysync.workspaceApiUrlDecision';

/** Which URL the user chose when the workspace settings named a different API URL. */
export type UrlChoice = 'workspace' | 'user';

export class UrlDecisions {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly store: KeyValueStore) {}

  /** Calls `listener` after each answer is recorded (the requests that follow it may now go elsewhere). */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The remembered choice, only if it was made for this exact workspace URL. */
  get(workspaceUrl: string): UrlChoice | undefined {
    const saved = this.store.get<{ url: string; choice: UrlChoice }>(URL_DECISION_KEY);
    return saved && saved.url === workspaceUrl && (saved.choice === 'workspace' || saved.choice === 'user') ? saved.choice : undefined;
  }

  async set(workspaceUrl: string, choice: UrlChoice): Promise<void> {
    await this.store.update(URL_DECISION_KEY, { url: workspaceUrl, choice });
    this.listeners.forEach((listener) => listener());
  }
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
