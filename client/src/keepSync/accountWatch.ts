// Which account this workspace's requests go with, decided again whenever what it depends on changes (an
// answer recorded, a key stored or removed, the settings, the workspace trusted), and what follows it: the
// account data the language server reads (polysync/setWorkspaceAccount), the lens's states, the terminals'
// environment. The decision is Create's (create/workspaceAccount.ts), read without asking. Free of VS
// Code: the extension wires the editor's events to `check()`, tests call it themselves.
import type { SetWorkspaceAccountParams } from '../../../protocol/messages';
import type { AccountDecision } from '../create/workspaceAccount';
import type { FlowDocument } from '../ui';
import { type SyncAccount, syncAccount, type SyncAccountSources } from './account';
import type { SyncStates } from './states';

export interface AccountChange {
  decision: AccountDecision;
  /** The first decision made: nothing was decided before it, so nothing read before it is out of date. */
  first: boolean;
}

export class AccountWatch {
  /** The decision as things stand now, for one request. */
  readonly decide: SyncAccount;
  private last: string | undefined;
  private checking: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(change: AccountChange) => void>();
  private readonly subscription: { dispose(): void };

  /** `onError`: a decision that could not be made (secret storage unreadable, say); the last one stands. */
  constructor(
    sources: SyncAccountSources,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.decide = syncAccount(sources);
    this.subscription = sources.urlDecisions.onDidChange(() => void this.check());
  }

  /** Calls `listener` each time the decision differs from the last one (and at the first). */
  onDidChange(listener: (change: AccountChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Decides again, one check after the other; listeners hear of it only when the decision changed. The
   * decision holds the key: it is compared here, in memory, and kept nowhere else.
   */
  check(): Promise<void> {
    this.checking = this.checking.then(async () => {
      const decision = await this.decide();
      const signature = JSON.stringify(decision);
      if (signature === this.last) return;
      const first = this.last === undefined;
      this.last = signature;
      for (const listener of [...this.listeners]) listener({ decision, first });
    }).catch((error) => this.onError(error));
    return this.checking;
  }

  dispose(): void {
    this.subscription.dispose();
    this.listeners.clear();
  }
}

/**
 * The account the server's account data is read from, for a decision: the workspace URL with its key; that
 * URL without a key when nothing may be sent there (no key stored for it, an untrusted workspace), so the
 * checks that need the account are skipped rather than answered by the user URL's account; else the
 * server's own (null).
 */
export function dataAccount(decision: AccountDecision): SetWorkspaceAccountParams {
  if (decision.ok) return { account: decision.account ?? null };
  if (decision.reason === 'no-key' || decision.reason === 'untrusted') return { account: decision.keyless };
  return { account: null };
}

/**
 * Reads the states of `documents()` again each time the decision changes after the first (a key stored for
 * the workspace URL, the answer recorded): the lens shows where the syncs are now, without waiting for a save.
 */
export function refreshStatesOnAccountChange(watch: AccountWatch, states: SyncStates, documents: () => FlowDocument[]): { dispose(): void } {
  return watch.onDidChange(({ first }) => {
    if (first) return;
    for (const doc of documents()) void states.refresh(doc);
  });
}
