// Connects live account data to an LSP connection: credentials in (environment, then the client's
// `polysync/setCredentials`), status out (`polysync/accountStatus`), `polysync/refreshAccount`, and
// telling the editor to ask again for diagnostics and inlay hints when data arrives. The status is the
// protocol's shape, built here from what the manager knows (accountStatus).
import type { ClientCapabilities, Connection } from 'vscode-languageserver';
import { AccountStatus, type AccountStatusParams, RefreshAccount, SetCredentials } from '../../../protocol/messages';
import { accountNeeds, type AccountSnapshot, type ParsedDocument } from '../service';
import { credentialsFrom, credentialsFromEnv, type Credentials } from '../account/credentials';
import { AccountManager } from '../account/manager';
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

const positive = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

export class AccountBridge {
  private manager: AccountManager | undefined;
  private diagnosticRefresh = false;
  private inlayHintRefresh = false;
  private pullDiagnostics = false;
  private initialized = false;
  /** One gate per API URL for every API client of this server (account reads, states, Create, Update): a 429 slows them all. */
  readonly gates = new GatesByUrl((url, limit) => this.connection.console.info(`rate limiting at ${url}: at most ${limit} request${limit === 1 ? '' : 's'} in flight from now on`));

  constructor(
    private readonly connection: Connection,
    private readonly env: Record<string, string | undefined>,
    private readonly hooks: AccountBridgeHooks,
  ) {
    connection.onNotification(SetCredentials, (params: unknown) => {
      // Whatever the client sends replaces the environment's account (an empty key signs out).
      this.account.setAutomatic((params as { automaticLookups?: unknown } | null)?.automaticLookups !== false);
      this.account.setCredentials(credentialsFrom(params));
    });
    connection.onRequest(RefreshAccount, async () => {
      await this.account.refresh();
      return accountStatus(this.account);
    });
  }

  /** Call from onInitialize. */
  initialize(capabilities: ClientCapabilities, options: AccountInitOptions | undefined, pullDiagnostics: boolean): void {
    this.pullDiagnostics = pullDiagnostics;
    this.diagnosticRefresh = capabilities.workspace?.diagnostics?.refreshSupport === true;
    this.inlayHintRefresh = capabilities.workspace?.inlayHint?.refreshSupport === true;
    this.manager = new AccountManager({
      gates: this.gates,
      timeoutMs: positive(options?.accountTimeoutMs),
      ttlMs: positive(options?.accountCacheTtlMs),
      failurePauseMs: positive(options?.accountFailurePauseMs),
      log: (line) => this.connection.console.info(line),
    });
    watchAccountStatus(this.manager, (status) => this.sendStatus(status));
    this.manager.onDidChange(() => this.refreshEditor());
    this.manager.setCredentials(credentialsFromEnv(this.env));
  }

  /** Call from onInitialized: the client can now receive the first status. */
  started(): void {
    this.initialized = true;
    this.sendStatus(accountStatus(this.account));
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

  /** What is known once everything `doc` names has been answered (or failed). Waits at most the request timeout. */
  async settledSnapshotFor(doc: ParsedDocument): Promise<AccountSnapshot> {
    await this.account.load(accountNeeds(doc));
    return this.account.snapshot();
  }

  /** What is known now, after asking in the background for what `doc` names. Never waits. */
  snapshotFor(doc: ParsedDocument | undefined): AccountSnapshot {
    // Signed out (every keystroke's check then), the document's ids are not even read.
    if (doc && this.account.wantsNeeds()) this.account.want(accountNeeds(doc));
    return this.account.snapshot();
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
