// Live account data: credentials, fetching and the per-account cache. The only network use of the
// editor features; the service reads the snapshots it produces.
export { AccountManager, ACCOUNT_TIMEOUT_MS, ACCOUNT_TTL_MS, FAILURE_PAUSE_MS } from './manager';
export type { AccountManagerOptions, AccountNeeds } from './manager';
export { accountIdentity, apiConfigFor, credentialsFrom, credentialsFromEnv, credentialsProblem, hasKey } from './credentials';
export type { Credentials } from './credentials';
export { readConfiguration, toSource, toTarget } from './normalize';
