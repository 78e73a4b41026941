// Field paths: where in a bulk sync body a value is, as keys and array indexes (`schemas[0].id`). The
// document's paths and the API's field errors share this shape; this module parses and prints it.
// Accepted spellings: schemas[0].id, schemas.0.id, default_schedule.frequency,
// /default_schedule/frequency (JSON Pointer), $.schemas[0].id, schemas['odd.key'].

export type FieldPath = (string | number)[];

/** Parses one path spelling into segments; numeric segments become numbers. */
export function parseFieldPath(raw: string): FieldPath {
  const text = raw.trim();
  if (text === '' || text === '/' || text === '$') return [];
  if (text.startsWith('/')) {
    return text
      .slice(1)
      .split('/')
      .map((seg) => toSegment(seg.replace(/~1/g, '/').replace(/~0/g, '~')));
  }
  const segments: FieldPath = [];
  let rest = text.replace(/^\$\.?/, '');
  const token = /^(?:\.?([^.[\]]+)|\[(\d+)\]|\[(['"])(.*?)\3\])/;
  while (rest.length > 0) {
    const m = token.exec(rest);
    if (!m) {
      // Unparseable tail: keep it as one key rather than losing the whole path.
      segments.push(rest.replace(/^\./, ''));
      break;
    }
    if (m[1] !== undefined) segments.push(toSegment(m[1]));
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else segments.push(m[4]);
    rest = rest.slice(m[0].length);
  }
  return segments;
}

export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

function toSegment(seg: string): string | number {
  return /^(0|[1-9]\d*)$/.test(seg) ? Number(seg) : seg;
}
