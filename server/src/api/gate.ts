// At most `limit` tasks at once; the rest wait in order. A finished task hands its place straight to the
// next waiting one, so a task arriving at that moment cannot slip in and exceed the limit.
export class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** How many tasks may run at once now; only a subclass changes it. */
  protected current: number;

  constructor(limit: number) {
    this.current = Math.max(1, Math.floor(limit));
  }

  /** How many tasks may run at once now. */
  get limit(): number {
    return this.current;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.active += 1;
        let settled: Promise<T>;
        try {
          settled = task();
        } catch (error) {
          settled = Promise.reject(error);
        }
        settled.then(resolve, reject).finally(() => {
          this.active -= 1;
          this.admit();
        });
      };
      this.waiting.push(start);
      this.admit();
    });
  }

  /** Starts waiting tasks, in order, while there is room. */
  protected admit(): void {
    while (this.active < this.current && this.waiting.length > 0) this.waiting.shift()!();
  }
}

/**
 * A gate whose limit follows the API's answers: halved (down to 1) when the API says it is rate
 * limiting, grown back by one after `growAfter` answers in a row that were not, up to `max`. Tasks
 * waiting keep their order; a lowered limit only holds back tasks that have not started.
 */
export class AdaptiveGate extends Gate {
  private calm = 0;

  constructor(
    private readonly max: number,
    private readonly growAfter = 8,
    private readonly onChange?: (limit: number) => void,
  ) {
    super(max);
  }

  /** The API answered 429: half as many at once from now on. */
  rateLimited(): void {
    this.calm = 0;
    const next = Math.max(1, Math.floor(this.current / 2));
    if (next === this.current) return;
    this.current = next;
    this.onChange?.(next);
  }

  /** The API answered without limiting: after enough of those in a row, one more at once. */
  answered(): void {
    if (this.current >= this.max) return;
    this.calm += 1;
    if (this.calm < this.growAfter) return;
    this.calm = 0;
    this.current += 1;
    this.onChange?.(this.current);
    this.admit();
  }
}

/**
 * One AdaptiveGate per API URL, for the clients of one process (the language server builds one per
 * request, and one per account): a 429 to any of them slows all of them, since the API limits them
 * together. The first client at a URL sets the gate's largest limit.
 */
export class GatesByUrl {
  private readonly gates = new Map<string, AdaptiveGate>();

  constructor(private readonly onChange?: (url: string, limit: number) => void) {}

  gateFor(baseUrl: string, maxInFlight: number): AdaptiveGate {
    let gate = this.gates.get(baseUrl);
    if (!gate) {
      gate = new AdaptiveGate(maxInFlight, 8, this.onChange && ((limit) => this.onChange!(baseUrl, limit)));
      this.gates.set(baseUrl, gate);
    }
    return gate;
  }
}
