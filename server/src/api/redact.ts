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
