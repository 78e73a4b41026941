// Removes secrets from any text that may echo request input (server messages, Location headers,
// low-level error messages) before it reaches an error, a log line or the screen.

export const REDACTED = '[redacted]';

/** Replaces every occurrence of each secret (case-sensitive) with [redacted]. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret that contains another is removed whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length < 4) continue; // too short to be a key; replacing it would mangle text
    out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** redact() applied to every string inside a JSON-like value (keys included). */
export function redactDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, redact(k, secrets), { value: redactDeep(v, secrets), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}
