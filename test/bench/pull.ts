// Full diagnostics after a one-character edit, pulled: each server with the document open, one edit and
// one textDocument/diagnostic request per round, our rounds paired with the engine alone in a process
// of its own (floors.ts) so that the difference is the wire's cost.
import { performance } from 'node:perf_hooks';
import { type BenchDocument, findPlanted, oneCharEdit } from './documents';
import { startEngineFloor, startJsonParseFloor } from './floors';
import type { LspClient, ServerCommand } from './lspClient';
import { languageIdFor, NODE_SERVER, OURS, startServer, THEIRS } from './servers';

export interface PullResult {
  samples: number[];
  firstMs: number;
  plantedMessage: string;
  /** RSS once the document is open and checked, and after the edit loop (which leaves garbage behind). */
  memoryOpen?: { rssMiB: number; peakMiB: number };
  memory?: { rssMiB: number; peakMiB: number };
}

/** One server with the document open, measured one edit at a time. */
export class PullSession {
  private version = 1;
  private edits = 0;
  readonly samples: number[] = [];
  firstMs = NaN;
  plantedMessage = '';
  /** The first full report (the echo answers with it). */
  firstReport: unknown;
  memoryOpen: PullResult['memoryOpen'];

  private constructor(
    private readonly server: ServerCommand,
    private readonly client: LspClient,
    private readonly doc: BenchDocument,
  ) {}

  static async open(server: ServerCommand, doc: BenchDocument): Promise<PullSession> {
    const session = new PullSession(server, await startServer(server, true), doc);
    const started = performance.now();
    session.client.open(doc.uri, languageIdFor(server), 1, doc.text);
    const first = await session.client.request('textDocument/diagnostic', { textDocument: { uri: doc.uri } });
    session.firstMs = performance.now() - started;
    session.firstReport = first;
    session.memoryOpen = session.client.memory();
    const planted = findPlanted(doc, first.items ?? []);
    if (!planted) {
      await session.close();
      throw new Error(
        `${server.label} did not report the planted schema error at ${JSON.stringify(doc.planted)} in ${doc.label}; ` +
          `it reported: ${JSON.stringify((first.items ?? []).slice(0, 5))}`,
      );
    }
    session.plantedMessage = planted.message;
    return session;
  }

  /** One edit and one pull; the time is recorded unless it is a warm-up round. */
  async round(record: boolean): Promise<number> {
    const version = ++this.version;
    const t0 = performance.now();
    this.client.change(this.doc.uri, version, [oneCharEdit(this.doc, this.edits++)]);
    const report = await this.client.request('textDocument/diagnostic', { textDocument: { uri: this.doc.uri } });
    const elapsed = performance.now() - t0;
    // Every answer must be a full, real report, or the timing measured nothing.
    if (report.kind !== 'full' || !findPlanted(this.doc, report.items ?? [])) {
      throw new Error(`${this.server.label} answered version ${version} of ${this.doc.label} without the planted error: ${JSON.stringify(report).slice(0, 300)}`);
    }
    if (record) this.samples.push(elapsed);
    return elapsed;
  }

  result(): PullResult {
    return { samples: this.samples, firstMs: this.firstMs, plantedMessage: this.plantedMessage, memoryOpen: this.memoryOpen, memory: this.client.memory() };
  }

  /** The server's CPU time so far (ms). */
  cpuMs(): number {
    return this.client.cpuMs();
  }

  close(): Promise<void> {
    return this.client.stop();
  }
}

/** How many rounds to time and to give as warm-up, and over how many processes of each kind. */
export interface PullPlan {
  /** Timed rounds of ours (spread over `processes` servers) and of the reference (one server). */
  oursRuns: number;
  theirsRuns: number;
  /** Untimed rounds each process answers first, the reference and the engine alone included. */
  warmup: number;
  /** Our servers and engine-alone processes, used in turn, round k by the k-th pair. */
  processes: number;
}

export interface PullMeasurement {
  /** Our rounds, from all our servers in the order they ran; memory and first answer from the first server. */
  ours: PullResult;
  theirs: PullResult;
  /** JSON.parse of the text, sampled as many times as we have rounds, before them (not paired). */
  parse: number[];
  /** The engine alone, one sample right after each of our rounds, by the process paired with that round's server. */
  engine: number[];
  /**
   * The same round against a framed echo (node-server.js answering with our first report), one after
   * each of our rounds: what two processes exchanging these messages cost with no server work at all.
   */
  echo: number[];
  engineCpu: number[];
  serverCpuPerRound: number;
  engineProcessCpuPerRound: number;
}

/**
 * Both servers on the same document, their rounds interleaved so that a busy moment on the machine
 * weighs on both alike: the reference's fewer rounds are spread evenly among ours. Two processes of
 * the same build can differ by several milliseconds per round on a large document (where their heaps
 * happen to lie), so ours run in several server processes and the engine alone in as many processes
 * of its own, and each round trip is paired with the engine sampled right after it in its partner.
 * Every timed round, ours and the reference's, follows light work only (settleAfterHeavyRound), and the
 * JSON.parse floor is sampled in a phase of its own before the rounds.
 */
export async function measurePull(doc: BenchDocument, plan: PullPlan): Promise<PullMeasurement> {
  const { oursRuns, theirsRuns, warmup, processes } = plan;
  const ours: PullSession[] = [];
  const engines: Awaited<ReturnType<typeof startEngineFloor>>[] = [];
  let theirs: PullSession | undefined;
  let echo: PullSession | undefined;
  const echoSamples: number[] = [];
  const floor = await startJsonParseFloor(doc.text);
  const samples: number[] = [];
  const parse: number[] = [];
  const engine: number[] = [];
  const engineCpu: number[] = [];
  try {
    for (let p = 0; p < processes; p++) {
      ours.push(await PullSession.open(OURS, doc));
      engines.push(await startEngineFloor(doc.text, doc.editAt, warmup));
    }
    theirs = await PullSession.open(THEIRS, doc);
    echo = await PullSession.open({ ...NODE_SERVER, label: 'framed echo', env: { POLYSYNC_BENCH_REPORT: JSON.stringify(ours[0].firstReport) } }, doc);
    for (let i = 0; i < warmup; i++) {
      for (const session of ours) await session.round(false);
      await theirs.round(false);
      await echo.round(false);
    }
    // JSON.parse of the document, in a phase of its own: each sample ends with a full collection of the
    // parsed value (so none of it is collected later, during a round), and that collection takes over
    // the core's caches: sampled between rounds, it made the next round trip of ours slower by 0.2-0.7 ms
    // at 70 KB. The figure is a floor to compare with, not paired with a round.
    for (let i = 0; i < oursRuns; i++) parse.push(await floor.sample());
    floor.close();
    let theirsDone = 0;
    let serverCpu = 0;
    let engineProcessCpu = 0;
    for (let i = 0; i < oursRuns; i++) {
      const session = ours[i % processes];
      const partner = engines[i % processes];
      const cpu0 = session.cpuMs();
      samples.push(await session.round(true));
      serverCpu += session.cpuMs() - cpu0;
      // The in-process engine's CPU is read the same way as the server's: the whole process over its round.
      const engineCpu0 = partner.cpuMs();
      const sample = await partner.sample();
      engineProcessCpu += partner.cpuMs() - engineCpu0;
      engine.push(sample.ms);
      engineCpu.push(sample.cpuMs);
      echoSamples.push(await echo.round(true));
      while (theirsDone < Math.round(((i + 1) * theirsRuns) / oursRuns)) {
        await theirs.round(true);
        theirsDone++;
        await settleAfterHeavyRound(ours, engines, echo);
      }
    }
    return {
      ours: { ...ours[0].result(), samples },
      theirs: theirs.result(),
      parse,
      engine,
      echo: echoSamples,
      engineCpu,
      serverCpuPerRound: serverCpu / oursRuns,
      engineProcessCpuPerRound: engineProcessCpu / oursRuns,
    };
  } finally {
    floor.close();
    for (const partner of engines) partner.close();
    for (const session of ours) await session.close();
    await theirs?.close();
    await echo?.close();
  }
}

/**
 * After a round of the reference, one untimed round of every other process: each timed round, ours and
 * the reference's alike, then follows light work only. The reference's round on a large document
 * allocates hundreds of megabytes and leaves the caches to it, so whichever round came next paid for
 * that: always one of ours (and its engine-alone partner), never the reference's own, whose rounds
 * follow ours. At 5 MB the median of our round trips was 2.6 ms without this and 1.2-1.4 ms with it
 * (docs/performance.md, Method).
 */
async function settleAfterHeavyRound(ours: PullSession[], engines: { sample(): Promise<unknown> }[], echo: PullSession): Promise<void> {
  for (const session of ours) await session.round(false);
  for (const partner of engines) await partner.sample();
  await echo.round(false);
}
