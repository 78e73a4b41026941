// SHA-256 over a UTF-8 string, in lower-case hex, with node:crypto. The web builds put sha256.web.ts (the
// same digests in plain TypeScript) in this module's place (esbuild.mjs), as a browser has no node:crypto.
// node:crypto is loaded on the first digest, not with the module: the language server's start does not
// need it (loading it costs a few milliseconds), and most sessions hash nothing before the first request.
import type * as Crypto from 'node:crypto';

let nodeCrypto: typeof Crypto | undefined;

export function sha256Hex(text: string): string {
  nodeCrypto ??= require('node:crypto') as typeof Crypto;
  return nodeCrypto.createHash('sha256').update(text).digest('hex');
}
