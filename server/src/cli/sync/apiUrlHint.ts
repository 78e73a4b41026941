// A base URL that already ends in /api makes every path /api/api/..., and every request 404s: "sync
// not found" for a sync that exists. Counting the answers lets a command name the likely cause.
import { ApiError } from '../../api';
import type { SyncApi } from '../../operations';

/** The base URL's last segment is /api (with or without a trailing slash). */
export function endsInApi(baseUrl: string): boolean {
  return /\/api\/?$/i.test(baseUrl);
}

/** The hint for a base URL ending in /api, once some request got 404 and none got an answer. */
export function apiUrlHint(baseUrl: string, notFound: number, answered: number): string | undefined {
  if (notFound === 0 || answered > 0 || !endsInApi(baseUrl)) return undefined;
  const root = baseUrl.replace(/\/api\/?$/i, '');
  return `every request answered 404 Not Found, and the API URL ${baseUrl} ends in /api: Polysync adds the /api/... paths itself, so that is the likely cause. Set --api-url (or POLYTOMIC_API_URL) to ${root || 'the URL without /api'}.`;
}

/** `api` with its answers counted: requests that answered, and those that answered 404. */
export function countingAnswers(api: SyncApi): { api: SyncApi; counts: { notFound: number; answered: number } } {
  const counts = { notFound: 0, answered: 0 };
  const wrapped = {} as Record<string, unknown>;
  for (const [name, fn] of Object.entries(api) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        const value = await fn(...args);
        counts.answered += 1;
        return value;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) counts.notFound += 1;
        else if (error instanceof ApiError && error.status !== undefined) counts.answered += 1;
        throw error;
      }
    };
  }
  return { api: wrapped as unknown as SyncApi, counts };
}
