// Failures the sandbox can be told to produce, so clients can be tested against the ways real
// networks and gateways misbehave.

export type Fault =
  /** Delay: while the request is being processed (an Idempotency-Key is "in flight"), before the
   * response headers (the sync already exists), or in the middle of the response body. */
  | { type: 'latency'; phase: 'processing' | 'before-headers' | 'slow-body'; ms: number }
  /** Answer with this status without processing. `echo` puts the caller's Authorization header in
   * the message, to prove clients redact it; `echo-text` does the same in a plain-text body. */
  | { type: 'status'; status: number; body?: 'json' | 'html' | 'empty' | 'truncated' | 'echo' | 'echo-text' }
  /** 429 with this Retry-After value (seconds or an HTTP date; "" for none) and, when given, this X-RateLimit-Reset, without processing. */
  | { type: 'rate-limit'; retryAfter: string; reset?: string }
  /** Close the connection without an answer: before reading the request (nothing processed) or
   * after processing it (a create has happened). */
  | { type: 'drop'; when: 'before-read' | 'after-read' }
  /** Process normally, then send the JSON answer cut in half (with a matching Content-Length). */
  | { type: 'truncated-json' }
  /** Process normally, then answer 200 with a body that is not JSON. */
  | { type: 'invalid-json' }
  /** Answer with a redirect to `location` without processing. */
  | { type: 'redirect'; location: string; status?: number }
  /** Never read the request body and never answer (the client's send stalls once buffers fill). */
  | { type: 'stall' }
  /** Answer normally, then delete the bulk sync the path names (a sync deleted between two calls). */
  | { type: 'delete-after' };

export type FaultRule = Fault & {
  /** How many matching requests get the fault; default: every one. */
  times?: number;
  /** Only requests with this method. */
  method?: string;
  /** Only requests whose path starts with this. Default: every /api/ request. */
  path?: string;
};

export class FaultList {
  private rules: FaultRule[] = [];

  set(rules: FaultRule | FaultRule[] | null): void {
    this.rules = rules === null ? [] : (Array.isArray(rules) ? rules : [rules]).map((r) => ({ ...r }));
  }

  add(rule: FaultRule): void {
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
  }

  get active(): readonly FaultRule[] {
    return this.rules;
  }

  /** The first rule that matches, counting it as used. */
  take(method: string, path: string): Fault | undefined {
    for (const rule of this.rules) {
      if (rule.times !== undefined && rule.times <= 0) continue;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (!path.startsWith(rule.path ?? '/api/')) continue;
      if (rule.times !== undefined) rule.times -= 1;
      const { times: _times, method: _method, path: _path, ...fault } = rule;
      return fault as Fault;
    }
    return undefined;
  }
}

const FAULT_TYPES = new Set(['latency', 'status', 'rate-limit', 'drop', 'truncated-json', 'invalid-json', 'redirect', 'stall', 'delete-after']);

/** Checks a rule received over HTTP on the admin route; returns a problem or undefined. */
export function checkFaultRule(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a fault rule must be an object';
  const rule = value as Record<string, unknown>;
  if (typeof rule.type !== 'string' || !FAULT_TYPES.has(rule.type)) return `unknown fault type; use one of ${[...FAULT_TYPES].join(', ')}`;
  if (rule.type === 'latency' && (typeof rule.ms !== 'number' || !['processing', 'before-headers', 'slow-body'].includes(rule.phase as string))) {
    return 'latency needs "ms" and "phase" (processing, before-headers or slow-body)';
  }
  if (rule.type === 'status' && typeof rule.status !== 'number') return 'status needs a numeric "status"';
  if (rule.type === 'rate-limit' && typeof rule.retryAfter !== 'string') return 'rate-limit needs "retryAfter" as a string';
  if (rule.type === 'drop' && !['before-read', 'after-read'].includes(rule.when as string)) return 'drop needs "when": before-read or after-read';
  if (rule.type === 'redirect' && typeof rule.location !== 'string') return 'redirect needs "location"';
  return undefined;
}
