// Public surface of the API client.
export * from './types';
export * from './config';
export * from './errors';
export { redact, REDACTED } from './redact';
export { extractFieldProblems, type FieldProblem } from './fieldProblems';
export { parseFieldPath, formatFieldPath, type FieldPath } from '../service/document/fieldPaths';
export { proxyFor, bypassesProxy, ProxyConfigError, type ProxyEnv, type ProxyRoute } from './proxy';
export { parseRetryAfter, parseRateLimitReset, backoffDelay } from './retry';
export { AdaptiveGate, Gate, GatesByUrl } from './gate';
export { PolytomicClient, newIdempotencyKey, isValidIdempotencyKey, USER_AGENT } from './client';
export type { ClientDeps, RequestOptions, CreateOptions, ListBulkSyncsOptions, ListExecutionsOptions } from './client';
export { inferredSyncAppUrl, INFERRED_REST_MAY_ANSWER_429 } from './inferred';
