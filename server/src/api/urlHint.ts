// A base URL that already ends in /api makes every path /api/api/..., and every request 404s ("sync
// not found" for a sync that exists). The CLI and the account status name that as the likely cause.

/** The base URL's last segment is /api (with or without a trailing slash). */
export function endsInApi(baseUrl: string): boolean {
  return /\/api\/?$/i.test(baseUrl);
}

/** The sentence naming the URL, or undefined when the URL does not end in /api. */
export function apiSuffixHint(baseUrl: string): string | undefined {
  if (!endsInApi(baseUrl)) return undefined;
  const root = baseUrl.replace(/\/api\/?$/i, '');
  return `every request answered 404 Not Found, and the API URL ${baseUrl} ends in /api: Polysync adds the /api/... paths itself, so that is the likely cause. Set --api-url (or POLYTOMIC_API_URL) to ${root || 'the URL without /api'}.`;
}
