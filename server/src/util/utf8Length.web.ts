// The UTF-8 size of a text for the web builds (in place of utf8Length.ts, by esbuild.mjs), counted without
// encoding it: 1 to 3 bytes a UTF-16 unit, 4 for a surrogate pair, 3 for a lone surrogate (written as U+FFFD).

export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
