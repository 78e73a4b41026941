// Live account data: credentials, the per-kind fetch/normalize table, the per-account cache. The only
// network use of the editor features; the service reads the snapshots it produces.
export { AccountManager, ACCOUNT_TIMEOUT_MS, ACCOUNT_TTL_MS, FAILURE_PAUSE_MS } from './manager';
export type { AccountEndpoint, AccountManagerOptions, AccountNeeds } from './manager';
export { RESOURCES, type ResourceKey, type ResourceKind, type ResourceTable, type ResourceValues } from './resources';
export { accountIdentity, apiConfigFor, credentialsFrom, credentialsFromEnv, credentialsProblem, hasKey } from './credentials';
export type { Credentials } from './credentials';
export { readConfiguration, toSource, toTarget } from './normalize';
