// Counting the answers of a command's requests, so that when every one was 404 and the base URL ends
// in /api (api/urlHint.ts), the command names the URL as the likely cause.
import { ApiError } from '../../api';
import { apiSuffixHint } from '../../api/urlHint';
import type { SyncApi } from '../../operations';

/** The hint for a base URL ending in /api, once some request got 404 and none got an answer. */
export function apiUrlHint(baseUrl: string, notFound: number, answered: number): string | undefined {
  if (notFound === 0 || answered > 0) return undefined;
  return apiSuffixHint(baseUrl);
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
