// SHA-256 over a UTF-8 string, in lower-case hex, with node:crypto. The web builds put sha256.web.ts (the
// same digests in plain TypeScript) in this module's place (esbuild.mjs), as a browser has no node:crypto.
import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
