// The property suites, shared by the unit tests (fixed seed, a few thousand cases) and
// `npm run fuzz` (any seed, as many cases as asked for).
import fc from 'fast-check';
import { documentText, probeOffsets } from './mutate';
import { checkFormatting, checkQuickFixes, checkReading } from './properties';

export interface Suite {
  name: string;
  description: string;
  property: () => fc.IProperty<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const indent = fc.record({ tabSize: fc.integer({ min: 1, max: 8 }), insertSpaces: fc.boolean() });

export const SUITES: Suite[] = [
  {
    name: 'reading',
    description: 'diagnostics, completion, hover, outline, folding, selection and inlay hints are well-formed for any text',
    property: () => fc.property(documentText, probeOffsets, (text, offsets) => checkReading(text, offsets)),
  },
  {
    name: 'formatting',
    description: 'formatting keeps every token and comment, never changes the value, and is idempotent',
    property: () =>
      fc.property(documentText, indent, fc.tuple(fc.nat(), fc.nat()), (text, options, range) => checkFormatting(text, { ...options, range })),
  },
  {
    name: 'quick-fixes',
    description: 'every quick fix applies cleanly, removes its diagnostic and changes nothing outside its scope',
    property: () => fc.property(documentText, indent, (text, options) => checkQuickFixes(text, options)),
  },
];

/** Call before running suites. Features catch nothing themselves, so there is nothing to watch: every
 * exception reaches the adapter's guard, which the properties run through. */
export function prepare(): void {}
