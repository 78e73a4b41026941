// What the launcher (dist/server.js) answered before it ran the language server bundle, passed to the
// bundle on `globalThis` as the code cache report is (report.ts): the two are separate bundles.

export interface EarlyInitializeAnswer {
  /** The id of the `initialize` request that was answered. */
  id: number | string;
  /** The answer's JSON as written, to compare with the one the server computes for the same request. */
  json: string;
}

const KEY = Symbol.for('polysync.earlyInitialize');

export function publishEarlyInitializeAnswer(answer: EarlyInitializeAnswer): void {
  (globalThis as Record<symbol, unknown>)[KEY] = answer;
}

/** The answer the launcher wrote, or undefined when it wrote none (another transport, or started without it). */
export function earlyInitializeAnswer(): EarlyInitializeAnswer | undefined {
  return (globalThis as Record<symbol, unknown>)[KEY] as EarlyInitializeAnswer | undefined;
}
