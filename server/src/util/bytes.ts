// Text and bytes with the web platform's own globals (TextEncoder, TextDecoder, btoa), which Node 20 and
// a browser worker both have, so the server's shared code needs no Buffer.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Base64 of the UTF-8 bytes of `text` (for Basic authorization headers). */
export function base64Utf8(text: string): string {
  const bytes = utf8Encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
