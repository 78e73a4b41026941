// Connects live account data to an LSP connection: credentials in (environment, then the client's
// `polysync/setCredentials`), status out (`polysync/accountStatus`), `polysync/refreshAccount`, and
// telling the editor to ask again for diagnostics and inlay hints when data arrives. The status is the
// protocol's shape, built here from what the manager knows (accountStatus).
//
// The data the account checks, completions, hovers and inlay hints read is the server's own account's,
// unless the client names another (`polysync/setWorkspaceAccount`: the API URL a workspace's syncs are at,
// with its own key) or a request carries one (Create, Update). Each such account has a manager of its own,
// so no cached answer of one is ever read as another's; a changed key is another account. The status sent
// is that of the account the data is read from: the workspace's once the client names one.
import type { ClientCapabilities, Connection } from 'vscode-languageserver';
import { AccountStatus, type AccountStatusParams, RefreshAccount, SetCredentials, SetWorkspaceAccount } from '../../../protocol/messages';
import { accountNeeds, type AccountSnapshot, type ParsedDocument } from '../service';
import { accountIdentity, credentialsFrom, credentialsFromEnv, type Credentials, hasKey } from '../account/credentials';
import { AccountManager, type AccountManagerOptions } from '../account/manager';
import { GatesByUrl } from '../api/gate';

/** Settings a client (or a test) may pass in `initializationOptions`. */
export interface AccountInitOptions {
  accountTimeoutMs?: number;
  accountCacheTtlMs?: number;
  accountFailurePauseMs?: number;
}

export interface AccountBridgeHooks {
  /** Push clients: validate every open document again. */
  republishDiagnostics(): void;
}

/** At most this many accounts other than the server's own keep their data at once. */
const MAX_OTHER_ACCOUNTS = 4;

const positive = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

export class AccountBridge {
  private manager: AccountManager | undefined;
  private diagnosticRefresh = false;
  private inlayHintRefresh = false;
  private pullDiagnostics = false;
  private initialized = false;
  private managerOptions: AccountManagerOptions = {};
  private automatic = true;
  /** Accounts other than the server's own, by identity (URL, version, organization, key hash), oldest first. */
  private readonly others = new Map<string, AccountManager>();
  /** The account the data of documents comes from when it is not the server's own. */
  private workspace: AccountManager | undefined;
  /** The workspace's URL when the client named it without a key: nothing is read, and the status says so. */
  private keylessUrl: string | undefined;
  /** One gate per API URL for every API client of this server (account reads, states, Create, Update): a 429 slows them all. */
  readonly gates = new GatesByUrl((url, limit) => this.connection.console.info(`rate limiting at ${url}: at most ${limit} request${limit === 1 ? '' : 's'} in flight from now on`));

  constructor(
    private readonly connection: Connection,
    private readonly env: Record<string, string | undefined>,
    private readonly hooks: AccountBridgeHooks,
  ) {
    connection.onNotification(SetCredentials, (params: unknown) => {
      // Whatever the client sends replaces the environment's account (an empty key signs out).
      this.automatic = (params as { automaticLookups?: unknown } | null)?.automaticLookups !== false;
      this.account.setAutomatic(this.automatic);
      for (const other of this.others.values()) other.setAutomatic(this.automatic);
      this.account.setCredentials(credentialsFrom(params));
    });
    connection.onNotification(SetWorkspaceAccount, (params: unknown) => this.setWorkspaceAccount((params as { account?: unknown } | null)?.account));
    connection.onRequest(RefreshAccount, async () => {
      await Promise.all([this.account.refresh(), this.workspace?.refresh()]);
      return this.status();
    });
  }

  /** Call from onInitialize. */
  initialize(capabilities: ClientCapabilities, options: AccountInitOptions | undefined, pullDiagnostics: boolean): void {
    this.pullDiagnostics = pullDiagnostics;
    this.diagnosticRefresh = capabilities.workspace?.diagnostics?.refreshSupport === true;
    this.inlayHintRefresh = capabilities.workspace?.inlayHint?.refreshSupport === true;
    this.managerOptions = {
      gates: this.gates,
      timeoutMs: positive(options?.accountTimeoutMs),
      ttlMs: positive(options?.accountCacheTtlMs),
      failurePauseMs: positive(options?.accountFailurePauseMs),
      log: (line) => this.connection.console.info(line),
    };
    this.manager = new AccountManager(this.managerOptions);
    watchAccountStatus(this.manager, (status) => {
      if (!this.workspace) this.sendStatus(status);
    });
    this.manager.onDidChange(() => {
      if (!this.workspace) this.refreshEditor();
    });
    this.manager.setCredentials(credentialsFromEnv(this.env));
  }

  /** Call from onInitialized: the client can now receive the first status. */
  started(): void {
    this.initialized = true;
    this.sendStatus(this.status());
  }

  /** The status of the account the data of documents comes from. */
  private status(): AccountStatusParams {
    if (!this.workspace) return accountStatus(this.account);
    if (this.keylessUrl === undefined) return { ...accountStatus(this.workspace), workspace: true };
    const status: AccountStatusParams = {
      workspace: true,
      state: 'signed-out',
      message: `No API key is in use for ${this.keylessUrl || "the API URL this workspace names"}, where this workspace's syncs are (none is stored for it, or the workspace is not trusted): live account data is off.`,
    };
    if (this.keylessUrl) status.apiUrl = this.keylessUrl;
    return status;
  }

  private get account(): AccountManager {
    // Requests before initialize are refused by the protocol library; this only guards misuse.
    this.manager ??= new AccountManager({ gates: this.gates });
    return this.manager;
  }

  /** The account in use (key included), or undefined when signed out. */
  credentials(): Credentials | undefined {
    return this.account.credentials();
  }

  /**
   * What is known once everything `doc` names has been answered (or failed). Waits at most the request
   * timeout. `carried`: the account a request goes with (Create, Update), whose data its checks read.
   */
  async settledSnapshotFor(doc: ParsedDocument, carried?: Credentials): Promise<AccountSnapshot> {
    const manager = carried ? this.other(carried) : this.reading;
    await manager.load(accountNeeds(doc));
    return manager.snapshot();
  }

  /** What is known now, after asking in the background for what `doc` names. Never waits. */
  snapshotFor(doc: ParsedDocument | undefined): AccountSnapshot {
    const manager = this.reading;
    // Signed out (every keystroke's check then), the document's ids are not even read.
    if (doc && manager.wantsNeeds()) manager.want(accountNeeds(doc));
    return manager.snapshot();
  }

  /** The account documents' data comes from: the workspace's when the client named one, else the server's own. */
  private get reading(): AccountManager {
    return this.workspace ?? this.account;
  }

  /**
   * `polysync/setWorkspaceAccount`: the account named (a URL with its key), one at that URL without a key
   * (nothing is read: checks that need the account are skipped), or null (the server's own again). An
   * account without a URL of its own is taken without its key, which would otherwise go to the default URL.
   */
  private setWorkspaceAccount(given: unknown): void {
    let next: AccountManager | undefined;
    let keylessUrl: string | undefined;
    if (given !== undefined && given !== null) {
      const credentials = credentialsFrom(given);
      const taken = credentials.apiUrl ? credentials : { ...credentials, apiKey: undefined };
      next = this.other(taken);
      if (!hasKey(taken)) keylessUrl = taken.apiUrl ?? '';
    }
    if (next === this.workspace && keylessUrl === this.keylessUrl) return;
    this.workspace = next;
    this.keylessUrl = keylessUrl;
    this.sendStatus(this.status());
    this.refreshEditor();
  }

  /** The manager of an account other than the server's own: one per account, created on first use. */
  private other(credentials: Credentials): AccountManager {
    const identity = hasKey(credentials) ? accountIdentity(credentials) : 'no key';
    const known = this.others.get(identity);
    if (known) {
      this.others.delete(identity);
      this.others.set(identity, known);
      return known;
    }
    const manager = new AccountManager(this.managerOptions);
    manager.setAutomatic(this.automatic);
    manager.setCredentials(credentials);
    manager.onDidChange(() => {
      if (this.workspace === manager) this.refreshEditor();
    });
    watchAccountStatus(manager, (status) => {
      if (this.workspace === manager && this.keylessUrl === undefined) this.sendStatus({ ...status, workspace: true });
    });
    this.others.set(identity, manager);
    for (const [oldest, old] of this.others) {
      if (this.others.size <= MAX_OTHER_ACCOUNTS) break;
      if (old === this.workspace || old === manager) continue;
      this.others.delete(oldest);
      old.dispose();
    }
    return manager;
  }

  private sendStatus(status: AccountStatusParams): void {
    if (!this.initialized) return;
    void this.connection.sendNotification(AccountStatus, status);
  }

  private refreshEditor(): void {
    if (!this.initialized) return;
    if (this.pullDiagnostics) {
      if (this.diagnosticRefresh) void this.connection.languages.diagnostics.refresh().catch(() => undefined);
    } else {
      this.hooks.republishDiagnostics();
    }
    if (this.inlayHintRefresh) void this.connection.languages.inlayHint.refresh().catch(() => undefined);
  }

  dispose(): void {
    this.manager?.dispose();
    for (const other of this.others.values()) other.dispose();
  }
}

/** The account's status as `polysync/accountStatus` carries it, from what the manager knows now. */
export function accountStatus(manager: AccountManager): AccountStatusParams {
  const { organizationName, ...snapshot } = manager.snapshot();
  let { state, message } = snapshot;
  const endpoint = manager.endpoint();
  // The status bar names the organization: while /api/me is still on its way, keep saying "loading"
  // rather than show the host for a moment and then the name. Features use the data meanwhile.
  if (state === 'online' && organizationName === undefined && endpoint?.organizationLoading) {
    state = 'loading';
    message = `Loading account data from ${endpoint.host}...`;
  }
  const status: AccountStatusParams = { state, message };
  if (organizationName) status.organizationName = organizationName;
  if (endpoint?.apiUrl) status.apiUrl = endpoint.apiUrl;
  return status;
}

/** Calls `listener` with the status whenever its state, message, organization or URL changes. */
export function watchAccountStatus(manager: AccountManager, listener: (status: AccountStatusParams) => void): { dispose(): void } {
  let last = '';
  return manager.onDidUpdate(() => {
    const status = accountStatus(manager);
    const signature = JSON.stringify(status);
    if (signature === last) return;
    last = signature;
    listener(status);
  });
}
