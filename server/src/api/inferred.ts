// Assumptions about the Polytomic API that no published source states. Each lives here, under a name
// that says so, so that changing one when the truth is known is a one-line edit.

/**
 * The Polytomic app's page for a bulk sync. Not documented; the app's own links have this shape.
 * A self-hosted deployment serves the app on the API's host, so the page is built from the base URL.
 */
export function inferredSyncAppUrl(apiBaseUrl: string, syncId: string): string {
  return `${apiBaseUrl.replace(/\/+$/, '')}/bulk/syncs/${encodeURIComponent(syncId)}`;
}

/**
 * No rate limit is documented for the REST API, but a client that updates many syncs must still
 * expect 429 with Retry-After. When true, 429 is retried (honouring Retry-After) on every request;
 * a 429 means the request was not processed, so even a non-repeatable request may be sent again.
 */
export const INFERRED_REST_MAY_ANSWER_429 = true;

/**
 * Whether a change to one of a sync's schemas (its fields, filters or selection, made in the app or
 * through the schema endpoints) moves the sync's own `updated_at`. The API reference does not say.
 * When true, the language server keeps its reads of a sync's schemas while the sync's `updated_at`
 * and its schema list are unchanged (and re-reads them all at least every FULL_SCHEMA_READ_EVERY_MS,
 * so a change is seen even if this is wrong); when false, every state read re-reads every schema.
 */
export const INFERRED_SCHEMA_CHANGES_MOVE_SYNC_UPDATED_AT = true;

/** The longest a kept schema read is used before it is read again, whatever the stamps say. */
export const FULL_SCHEMA_READ_EVERY_MS = 30 * 60_000;
