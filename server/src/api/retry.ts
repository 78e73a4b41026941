// Retry timing: exponential backoff and the Retry-After header (seconds or an HTTP date).

/** Milliseconds to wait, or undefined when the header is absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  if (/^\d+\.\d+$/.test(raw)) return Math.ceil(Number(raw) * 1000);
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * Milliseconds until the moment an `X-RateLimit-Reset` header names, or undefined when it is absent
 * or unreadable. The SDKs read it as Unix time in seconds; a small number is read as seconds from now.
 */
export function parseRateLimitReset(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw || !/^\d+(\.\d+)?$/.test(raw)) return undefined;
  const seconds = Number(raw);
  // Unix time of today is above 10^9 seconds; anything far below is a delay, not a moment.
  if (seconds < 1e9) return Math.ceil(seconds * 1000);
  return Math.max(0, Math.ceil(seconds * 1000 - nowMs));
}

/** base * 2^attempt, scaled by a factor in [0.5, 1) so clients that failed together spread out. */
export function backoffDelay(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const factor = 0.5 + Math.min(Math.max(random(), 0), 0.999) / 2;
  return Math.round(baseMs * 2 ** attempt * factor);
}

/** Resolves after `ms`, or rejects with the signal's reason when it is aborted first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('aborted'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
