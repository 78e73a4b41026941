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

/** The UTF-8 size of `text` without encoding it: 1 to 3 bytes a UTF-16 unit, 4 for a surrogate pair. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3; // including a lone surrogate, which UTF-8 writes as U+FFFD (3 bytes)
  }
  return bytes;
}

/** Base64 of the UTF-8 bytes of `text` (for Basic authorization headers). */
export function base64Utf8(text: string): string {
  const bytes = utf8Encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
