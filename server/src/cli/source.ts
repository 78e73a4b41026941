// Reading a file's bytes as the text the language service sees: UTF-8, with a leading byte order mark
// removed (as editors do) and remembered, so a file written back keeps it.
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export type Source = { text: string; bom: boolean } | { error: string };

/** Where `offset` falls in `bytes`, as 1-based line and byte column. */
function located(bytes: Buffer, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, byte ${offset - lineStart + 1} of the line`;
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let code = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (code < min || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

export function decodeSource(bytes: Buffer): Source {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { error: 'not UTF-8 text: it is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8' };
  }
  const bom = bytes.subarray(0, 3).equals(BOM);
  const body = bom ? bytes.subarray(3) : bytes;
  // A NUL byte is valid UTF-8 but never part of a text file: this is binary data.
  const nul = body.indexOf(0);
  if (nul >= 0) return { error: `not UTF-8 text: it looks binary (a NUL byte at ${located(body, nul)})` };
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    return { error: `not UTF-8 text: byte 0x${body[bad].toString(16).padStart(2, '0')} at ${located(body, bad)} is not valid UTF-8; save the file as UTF-8` };
  }
  return { text: body.toString('utf8'), bom };
}

/** The bytes to write for `text`, with the byte order mark the file was read with. */
export function encodeSource(text: string, bom: boolean): Buffer {
  const body = Buffer.from(text, 'utf8');
  return bom ? Buffer.concat([BOM, body]) : body;
}
