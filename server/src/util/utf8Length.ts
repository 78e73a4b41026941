// The UTF-8 size of a text, with Node's native count (a 50 MB document in milliseconds). The web builds put
// utf8Length.web.ts in this module's place (esbuild.mjs), as a browser has no Buffer.

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
