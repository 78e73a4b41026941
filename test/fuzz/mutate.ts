// Documents as an editor sees them between keystrokes: a real document with a few random edits
// (insertions of punctuation, garbage, unicode, huge numbers, deep nesting, comments and line
// breaks; deletions; truncations; copied slices), or a generated bulk sync in random layout.
import fc from 'fast-check';
import { CORPUS } from './corpus';

const PUNCTUATION = ['{', '}', '[', ']', ',', ':', '"', '""', '{}', '[]', ',,', '":', '"x": ', ': ,', '}{', '][', '\\', '\\"', '\\u', '\\u12'];
const KEYWORDS = ['true', 'false', 'null', 'tru', 'nul', 'undefined', 'NaN', 'Infinity', '-Infinity'];
const GARBAGE = ['@', '#', '$', '%', '\u0000', '\u0001', '\u001f', '\u007f', '\t', '\v', '\f', ';', "'", "'single'", '`', '=>', '<html>'];
const UNICODE = [
  '\u{1F600}', // outside the BMP: a surrogate pair
  '\ud83d', // lone high surrogate
  '\ude00', // lone low surrogate
  '\ufeff', // byte order mark
  '\u2028',
  '\u2029',
  '\u0085',
  'e\u0301', // combining accent
  '\u202e', // right-to-left override
  '\u200b', // zero width space
  '\u00a0', // no-break space
  '日本語',
  '"\u{1F4A9}\u{1F4A9}"',
  '"\ud800"',
];
const NUMBERS = [
  '1e309',
  '-1e309',
  '1e-400',
  '123456789012345678901234567890',
  '-0',
  '0.0000000000000000000001',
  '01',
  '.5',
  '1.',
  '-',
  '1e',
  '1e+',
  '0x1F',
  '9007199254740993',
  '2.5e+',
];
const COMMENTS = ['//', '/*', '*/', '// c\n', '/* c */', '/**/', '// #region\n', '// #endregion\n', '/* unterminated'];
const BREAKS = ['\n', '\r\n', '\r', '\n\n', '  ', '\t'];
/** Bits of real bulk syncs, so the quick fixes and rules get exercised and not only the parser. */
const FRAGMENTS = [
  '"frequency": "daily"',
  '"frequency": "dialy"',
  '"frequency": "multi"',
  '"hour": 2',
  '"minute": "75"',
  '"day_of_week": "mon"',
  '"mode": "replica"',
  '"name": 5',
  '"nmae": "x"',
  '"schedule": {"frequency": "hourly", "minute": "5"}',
  '"discover": false',
  '"default_schedule": {}',
  '"schemas": ["A", "A", {"id": "A"}]',
  '"fields": ["Id", "Id"]',
  '"user_output_name": "x"',
  '"additional_schedules": [{"frequency": "weekly"}]',
  '"filters": [{"field_id": "x", "function": "Equals"}]',
  '"automatically_add_new_fields": "al"',
  '"source_connection_id": "0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10"',
  '"destination_connection_id": "0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10"',
  '"policies": ["x"]',
  '"$schema": 1',
  '"organization_id": ""',
  '"data_cutoff_timestamp": "yesterday"',
];

/** Deep nesting: a parser or validator that recurses per level must not run out of stack. */
const nesting = fc
  .tuple(
    fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 990, max: 1010 }), fc.integer({ min: 1, max: 3000 })),
    fc.constantFrom('[', '{"a":', '[{"b":['),
    fc.boolean(),
  )
  .map(([depth, open, closed]) => {
    const close = open === '[' ? ']' : open === '{"a":' ? '}' : ']}';
    return open.repeat(depth) + (closed ? `1${close.repeat(depth)}` : '');
  });

const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PUNCTUATION) },
  { weight: 1, arbitrary: fc.constantFrom(...KEYWORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...GARBAGE) },
  { weight: 2, arbitrary: fc.constantFrom(...UNICODE) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(...COMMENTS) },
  { weight: 2, arbitrary: fc.constantFrom(...BREAKS) },
  { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS).chain((f) => fc.constantFrom(f, `${f},`, `,${f}`, `{${f}}`)) },
  { weight: 1, arbitrary: nesting },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);

export type Mutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'replace'; at: number; length: number; text: string }
  | { op: 'truncate'; at: number }
  | { op: 'copy'; from: number; length: number; to: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: piece }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }), text: piece }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('copy' as const), from: fc.nat(), length: fc.integer({ min: 1, max: 200 }), to: fc.nat() }) },
);

/** Applies a mutation; positions wrap around the current length so any number is meaningful. */
export function applyMutation(text: string, m: Mutation): string {
  const at = (n: number) => n % (text.length + 1);
  switch (m.op) {
    case 'insert':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at));
    case 'delete':
      return text.slice(0, at(m.at)) + text.slice(at(m.at) + m.length);
    case 'replace':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at) + m.length);
    case 'truncate':
      return text.slice(0, at(m.at));
    case 'copy': {
      const slice = text.slice(at(m.from), at(m.from) + m.length);
      return text.slice(0, at(m.to)) + slice + text.slice(at(m.to));
    }
  }
}

// ---- generated documents -------------------------------------------------------------------------

const ROOT_KEYS = [
  'name', 'mode', 'source_connection_id', 'destination_connection_id', 'destination_configuration', 'default_schedule',
  'additional_schedules', 'active', 'automatically_add_new_fields', 'automatically_add_new_objects', 'normalize_names',
  'concurrency_limit', 'resync_concurrency_limit', 'data_cutoff_timestamp', 'disable_record_timestamps', 'organization_id',
  'policies', 'schemas', 'source_configuration', 'schedule', 'discover', '$schema',
];
const INNER_KEYS = [
  'frequency', 'minute', 'hour', 'day_of_week', 'day_of_month', 'month', 'id', 'resync_mode', 'selective_mode', 'schemas',
  'enabled', 'fields', 'filters', 'field_id', 'function', 'value', 'obfuscate', 'partition_key', 'tracking_field',
  'disable_data_cutoff', 'user_output_name', 'output_name', 'schema', 'advanced', 'hard_deletes', 'format',
];
const STRINGS = [
  'snapshot', 'replicate', 'daily', 'weekly', 'hourly', 'custom', 'manual', 'continuous', 'multi', 'runafter', 'all', 'none',
  'onlyIncremental', 'enabled', 'legacy', 'monday', '1', '0', '59', '60', '*', '*/15', 'Account', 'Contact', 'public.orders',
  'Equality', 'Between', 'refetch', 'incrementalFields', '2024-01-01T00:00:00Z', '0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10',
  'a2b4c6d8-1e3f-4a5b-8c7d-9e0f1a2b3c80', '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c01', '', ' ', 'x'.repeat(300),
];

const { value: generatedValue } = fc.letrec<{ value: unknown; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...STRINGS),
    fc.string({ maxLength: 6 }),
    fc.constantFrom(true, false, null, 0, 1, -1, 2.5, 1e21, 23),
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc.dictionary(fc.constantFrom(...INNER_KEYS, ...ROOT_KEYS.slice(0, 4)), tie('value'), { maxKeys: 5 }) as fc.Arbitrary<Record<string, unknown>>,
}));

/** A bulk-sync-shaped object in a random layout, with comments between tokens. */
const generatedDocument: fc.Arbitrary<string> = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...ROOT_KEYS), generatedValue, { minKeys: 1, maxKeys: 12 }),
    fc.constantFrom(0, 1, 2, 4, '\t'),
    fc.constantFrom('\n', '\r\n'),
    fc.array(fc.constantFrom('', '', '', ' /* c */', ' // line\n'), { minLength: 1, maxLength: 8 }),
  )
  .map(([object, indent, eol, comments]) => {
    let text = JSON.stringify(object, null, indent === 0 ? undefined : indent);
    if (eol !== '\n') text = text.replace(/\n/g, eol);
    let i = 0;
    // Comments after commas keep the document valid whatever the layout.
    return text.replace(/,(?=\s*")/g, () => `,${comments[i++ % comments.length]}`);
  });

/** What the service is fed: a corpus document or a generated one, with zero to six edits. */
export const documentText: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...CORPUS) }, { weight: 1, arbitrary: generatedDocument }),
    fc.array(mutation, { maxLength: 6 }),
  )
  .map(([seed, mutations]) => mutations.reduce(applyMutation, seed));

/** Offsets to ask about (completion, hover, selection); wrapped into the text by the checks. */
export const probeOffsets = fc.array(fc.nat(), { minLength: 1, maxLength: 4 });
