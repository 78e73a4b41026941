// `node:assert/strict` for the web variant of the extension-host suite, which runs in the browser's web
// worker extension host, where Node's assert does not exist. Only what the suites it runs call, with
// strict semantics: equal is Object.is, deepEqual compares structure and prototypes (fast-deep-equal,
// plus a prototype check, as strict deep equality requires).
import deepEqualLoose from 'fast-deep-equal';

export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

const show = (value: unknown) => {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
};

function fail(message: string | Error | undefined, fallback: string): never {
  if (message instanceof Error) throw message;
  throw new AssertionError(message ?? fallback);
}

function sameShape(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return true;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  return Object.keys(a).every((k) => sameShape((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function ok(value: unknown, message?: string | Error): asserts value {
  if (!value) fail(message, `The expression evaluated to a falsy value: ${show(value)}`);
}

/** The part of node:assert/strict the suites use, typed explicitly so its assertion signatures narrow. */
export interface StrictAssert {
  (value: unknown, message?: string | Error): asserts value;
  ok(value: unknown, message?: string | Error): asserts value;
  AssertionError: typeof AssertionError;
  equal<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T;
  notEqual(actual: unknown, expected: unknown, message?: string | Error): void;
  deepEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T;
  match(value: string, pattern: RegExp, message?: string | Error): void;
  doesNotMatch(value: string, pattern: RegExp, message?: string | Error): void;
  fail(message?: string | Error): never;
}

const assert: StrictAssert = Object.assign(ok, {
  ok,
  AssertionError,
  equal<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
    if (!Object.is(actual, expected)) fail(message, `Expected values to be strictly equal:\n${show(actual)} !== ${show(expected)}`);
  },
  notEqual(actual: unknown, expected: unknown, message?: string | Error): void {
    if (Object.is(actual, expected)) fail(message, `Expected "actual" to be strictly unequal to: ${show(expected)}`);
  },
  deepEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
    if (!deepEqualLoose(actual, expected) || !sameShape(actual, expected)) fail(message, `Expected values to be strictly deep-equal:\n${show(actual)}\n!==\n${show(expected)}`);
  },
  match(value: string, pattern: RegExp, message?: string | Error): void {
    if (typeof value !== 'string' || !pattern.test(value)) fail(message, `The input did not match the regular expression ${pattern}. Input: ${show(value)}`);
  },
  doesNotMatch(value: string, pattern: RegExp, message?: string | Error): void {
    if (typeof value !== 'string' || pattern.test(value)) fail(message, `The input was expected to not match the regular expression ${pattern}. Input: ${show(value)}`);
  },
  fail(message?: string | Error): never {
    return fail(message, 'Failed');
  },
});

export default assert;
