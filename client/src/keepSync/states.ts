// The last state of each open Polysync document (its sync, differences, drift, last and next run), read
// from the language server (polysync/bulkSyncState) on open, on save and at most every REFRESH_MS. While a
// linked document's sync runs, its execution alone is followed (polysync/bulkSyncExecution) until it ends,
// so the lens goes from "running" to how the run ended without a save. Both go with the account the
// workspace's syncs are at (./account.ts). Free of VS Code: the flows and their tests use it as the
// extension does.
import { BulkSyncExecutionState, BulkSyncState, type BulkSyncStateResult } from '../../../protocol/messages';
import type { AccountAt } from '../../../protocol/settings';
import { notSentMessage } from '../create/workspaceAccount';
import type { SendRequest } from '../request';
import type { FlowDocument } from '../ui';
import type { SyncAccount } from './account';

/** The state of linked documents is read again at most this often while they stay open and unedited. */
export const REFRESH_MS = 5 * 60_000;
/** While an execution runs, its status alone is read after this long, then less and less often. */
const FOLLOW_FIRST_MS = 3_000;
const FOLLOW_MAX_MS = 30_000;

export type LinkedState = Extract<BulkSyncStateResult, { kind: 'linked' }>;

export interface SyncStatesDeps {
  request: SendRequest;
  isRunning(): boolean;
  /** Why a state could not be read, for the output. */
  warn(message: string): void;
  /** The account each read goes with (the workspace's URL where the user agreed to it). */
  account: SyncAccount;
}

export class SyncStates {
  private readonly states = new Map<string, { result: BulkSyncStateResult; at: number }>();
  private readonly following = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly listeners = new Set<(uri: string) => void>();

  constructor(private readonly deps: SyncStatesDeps) {}

  /** Calls `listener` with the URI whose state changed; returns the way to stop. */
  onDidChange(listener: (uri: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get(uri: string): BulkSyncStateResult | undefined {
    return this.states.get(uri)?.result;
  }

  linked(uri: string): LinkedState | undefined {
    const result = this.get(uri);
    return result?.kind === 'linked' ? result : undefined;
  }

  /**
   * Asks the server for the document's state now; the caller has checked it is a Polysync document.
   * Failures of the server's own are kept as the state (the lens says why); undefined when it could not be asked.
   */
  async refresh(doc: FlowDocument): Promise<BulkSyncStateResult | undefined> {
    if (!this.deps.isRunning()) return undefined;
    const uri = doc.uri;
    let result: BulkSyncStateResult;
    try {
      const decision = await this.deps.account();
      // Without a key for the workspace's URL (or trust), the URL goes alone: the server answers what needs
      // no API (an unlinked file keeps its Create lens) and refuses the rest; nothing is sent anywhere.
      const account: AccountAt | undefined = decision.ok ? decision.account : 'keyless' in decision ? decision.keyless : undefined;
      result = await this.deps.request(BulkSyncState, { textDocument: { uri, version: doc.version }, ...(account ? { account } : {}) });
      if (!decision.ok && 'keyless' in decision && result.kind === 'blocked' && result.reason === 'signed-out') {
        result = { ...result, message: notSentMessage(decision) };
      }
    } catch (error) {
      this.deps.warn(`Sync state of ${uri}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    this.states.set(uri, { result, at: Date.now() });
    this.fire(uri);
    if (result.kind === 'linked' && result.running) this.follow(uri, FOLLOW_FIRST_MS);
    return result;
  }

  /** Whether the state of `uri` is missing or older than REFRESH_MS. */
  isStale(uri: string): boolean {
    const entry = this.states.get(uri);
    return !entry || Date.now() - entry.at >= REFRESH_MS;
  }

  forget(uri: string): void {
    this.states.delete(uri);
    clearTimeout(this.following.get(uri));
    this.following.delete(uri);
  }

  dispose(): void {
    this.following.forEach((timer) => clearTimeout(timer));
    this.following.clear();
    this.listeners.clear();
  }

  private fire(uri: string): void {
    this.listeners.forEach((listener) => listener(uri));
  }

  /** Reads the running execution of `uri`'s sync after `delay`, and again until it has ended. */
  private follow(uri: string, delay: number): void {
    if (this.following.has(uri)) return;
    const timer = setTimeout(() => void this.followOnce(uri, delay), delay);
    this.following.set(uri, timer);
  }

  private async followOnce(uri: string, delay: number): Promise<void> {
    const state = this.linked(uri);
    if (!state?.running || !this.deps.isRunning()) return void this.following.delete(uri);
    // Followed only while the state's own account can be read (it was, to know the run).
    const decision = await this.deps.account().catch(() => undefined);
    const answer = decision?.ok
      ? await this.deps.request(BulkSyncExecutionState, { syncId: state.syncId, ...(decision.account ? { account: decision.account } : {}) }).catch(() => undefined)
      : undefined;
    // Forgotten (closed) meanwhile: nothing to follow. Read again meanwhile: the newer state decides.
    if (!this.following.has(uri)) return;
    this.following.delete(uri);
    const entry = this.states.get(uri);
    if (!entry) return;
    if (entry.result !== state) {
      if (entry.result.kind === 'linked' && entry.result.running) this.follow(uri, FOLLOW_FIRST_MS);
      return;
    }
    if (answer?.kind === 'ok') {
      const { execution: _e, nextRun: _n, ...rest } = state;
      const next: LinkedState = { ...rest, running: answer.running, ...(answer.execution ? { execution: answer.execution } : {}), ...(answer.nextRun ? { nextRun: answer.nextRun } : {}) };
      this.states.set(uri, { result: next, at: entry.at });
      this.fire(uri);
      if (!answer.running) return;
    }
    this.follow(uri, Math.min(Math.round(delay * 1.5), FOLLOW_MAX_MS));
  }
}
