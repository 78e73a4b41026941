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
