import { type FaultKind, isSuccessQuirk, type SuccessQuirk } from './faultKinds';
import { createRateWindow, type RateLimitOptions } from './rateWindow';
import { createResultStore, type ResultStore } from './resultStore';
import { seededRandom } from './seededRandom';

export interface FaultOptions {
  /** Probability (0..1) that a call fails with one of `kinds`. */
  rate: number;
  kinds: FaultKind[];
  /** Seed of the draw, so a run fails the same calls every time. Default 1. */
  seed?: number;
}

/** The contract state shared by the node server and the MSW handlers. */
export interface CodiaStateOptions {
  /** Credits left; each success costs one; at 0 calls get HTTP 402. Default Infinity. */
  credits?: number;
  rateLimit?: RateLimitOptions;
  /** How long a result URL stays downloadable. Default 60 000 ms. */
  resultTtlMs?: number;
  faults?: FaultOptions;
  /**
   * A fault every call gets (after any script), e.g. 'credits' for an "out of credits" story.
   * Default 'success': calls behave normally.
   */
  scenario?: Scenario;
  /** Clock, for tests that fake time; default Date.now (which vitest's fake timers mock). */
  now?: () => number;
}

export type CallMode = 'json' | 'multipart' | 'unknown';

/** What every call does unless a script says otherwise. */
export type Scenario = 'success' | FaultKind;

/** One call of `POST /v1/open/remove_bg`, recorded when it ends. */
export interface FakeCodiaRequest {
  /** 1-based order of arrival. */
  seq: number;
  mode: CallMode;
  /** HTTP status sent; undefined when the connection was dropped or never answered. */
  status: number | undefined;
  /** Body code sent; undefined when the answer had no contract JSON. */
  code: number | undefined;
  /** The fault injected into this call, if any. */
  fault: FaultKind | undefined;
  /** Request body bytes the fake actually read. */
  bytes: number;
  /** From arrival to the end of the answer (or the connection). */
  ms: number;
}

/** Live counters (the same object is updated in place). */
export interface FakeCodiaStats {
  /** Calls of the remove_bg endpoint. */
  requests: number;
  /** Calls answered with code 0. */
  successes: number;
  /** Calls in progress now. */
  inFlight: number;
  /** Most calls ever in progress at the same time. */
  maxConcurrent: number;
  /** Request body bytes actually read (uploads and JSON bodies). */
  bytesReceived: number;
  /** Result PNGs downloaded. */
  resultsServed: number;
  /**
   * Calls by outcome: the body code as a string ('0', '40001', '42900', '40200' for 402,
   * '40100' for 401, …) or, for answers without contract JSON, the fault
   * ('reset', 'network-error', 'stall', 'bad-json', 'html-5xx').
   */
  byCode: Record<string, number>;
}

export type Admission =
  | {
      ok: false;
      fault: FaultKind;
      /** True for a scripted or random fault; false when the limiter or credits refused. */
      injected: boolean;
      /** For rate-limit answers: the limiter's advice (undefined: the default). */
      retryAfterS?: number | undefined;
    }
  | {
      ok: true;
      /** A fault that lets the call succeed but alters its answer. */
      quirk: SuccessQuirk | undefined;
      /** Call once when the call ends: a success spends the reserved credit, else it is given back. */
      settle(success: boolean): void;
    };

export interface CallHandle {
  readonly seq: number;
  mode: CallMode;
  fault: FaultKind | undefined;
  /** Counts request body bytes read. */
  received(bytes: number): void;
  /** Records the end of the call; later calls are ignored. */
  finish(outcome: { status?: number; code?: number; label?: string }): void;
}

export interface CodiaState {
  readonly stats: FakeCodiaStats;
  readonly requests: readonly FakeCodiaRequest[];
  readonly results: ResultStore;
  readonly credits: number;
  readonly resultTtlMs: number;
  now(): number;
  /** The next calls fail with these kinds, in this order (appended to any script left). */
  script(...kinds: FaultKind[]): void;
  setCredits(credits: number): void;
  /** Changes the standing scenario (see `CodiaStateOptions.scenario`). */
  setScenario(scenario: Scenario): void;
  /** Starts tracking a call (counts it, in flight until `finish`). */
  open(mode?: CallMode): CallHandle;
  /**
   * Decides what happens to an authorised call, in the upstream's order: a scripted fault,
   * then the scenario, then a random one, then the rate limit, then credits (reserved now, so concurrent calls
   * never overspend; the 402 comes before any upload is read).
   */
  admit(): Admission;
  /** Back to the initial options: credits, script, limiter, results, counters, seed. */
  reset(): void;
}

/** Recorded calls kept; a long soak test must not grow without bound. */
const MAX_RECORDED = 10_000;

export function createCodiaState(options: CodiaStateOptions = {}): CodiaState {
  const initialCredits = options.credits ?? Number.POSITIVE_INFINITY;
  const now = options.now ?? (() => Date.now());
  const limiter = options.rateLimit ? createRateWindow(options.rateLimit) : undefined;
  const faults = options.faults;
  if (faults && (!(faults.rate >= 0 && faults.rate <= 1) || faults.kinds.length === 0)) {
    throw new RangeError('faults needs a rate within 0..1 and at least one kind');
  }
  const results = createResultStore();
  const stats: FakeCodiaStats = emptyStats();
  const requests: FakeCodiaRequest[] = [];
  let credits = initialCredits;
  let scripted: FaultKind[] = [];
  let random = seededRandom(faults?.seed ?? 1);
  let seq = 0;
  let scenario: Scenario = options.scenario ?? 'success';

  function drawFault(): FaultKind | undefined {
    const next = scripted.shift();
    if (next) return next;
    if (scenario !== 'success') return scenario;
    if (!faults || faults.rate === 0) return undefined;
    if (random() >= faults.rate) return undefined;
    return faults.kinds[Math.floor(random() * faults.kinds.length)];
  }

  return {
    stats,
    requests,
    results,
    get credits() {
      return credits;
    },
    resultTtlMs: options.resultTtlMs ?? 60_000,
    now,
    script(...kinds) {
      scripted.push(...kinds);
    },
    setCredits(n) {
      credits = n;
    },
    setScenario(next) {
      scenario = next;
    },
    open(mode = 'unknown') {
      const started = now();
      seq++;
      stats.requests++;
      stats.inFlight++;
      stats.maxConcurrent = Math.max(stats.maxConcurrent, stats.inFlight);
      let bytes = 0;
      let done = false;
      const handle: CallHandle = {
        seq,
        mode,
        fault: undefined,
        received(n) {
          bytes += n;
          stats.bytesReceived += n;
        },
        finish({ status, code, label }) {
          if (done) return;
          done = true;
          stats.inFlight--;
          if (code === 0) stats.successes++;
          const key = label ?? (code !== undefined ? String(code) : `http-${status ?? 'none'}`);
          stats.byCode[key] = (stats.byCode[key] ?? 0) + 1;
          if (requests.length >= MAX_RECORDED) requests.shift();
          requests.push({
            seq: handle.seq,
            mode: handle.mode,
            status,
            code,
            fault: handle.fault,
            bytes,
            ms: now() - started,
          });
        },
      };
      return handle;
    },
    admit() {
      const fault = drawFault();
      if (fault && !isSuccessQuirk(fault)) {
        return fault === 'rate-limit'
          ? { ok: false, fault, injected: true, retryAfterS: options.rateLimit?.retryAfterS }
          : { ok: false, fault, injected: true };
      }
      const wait = limiter?.take(now());
      if (wait !== undefined) {
        return { ok: false, fault: 'rate-limit', injected: false, retryAfterS: wait };
      }
      if (!(credits >= 1)) return { ok: false, fault: 'credits', injected: false };
      credits--;
      let settled = false;
      return {
        ok: true,
        quirk: fault,
        settle(success) {
          if (settled) return;
          settled = true;
          if (!success) credits++;
        },
      };
    },
    reset() {
      credits = initialCredits;
      scripted = [];
      scenario = options.scenario ?? 'success';
      random = seededRandom(faults?.seed ?? 1);
      limiter?.reset();
      results.clear();
      requests.length = 0;
      // Calls still in flight keep their count, so inFlight stays truthful after a reset.
      const inFlight = stats.inFlight;
      Object.assign(stats, emptyStats(), { inFlight, maxConcurrent: inFlight });
    },
  };
}

function emptyStats(): FakeCodiaStats {
  return {
    requests: 0,
    successes: 0,
    inFlight: 0,
    maxConcurrent: 0,
    bytesReceived: 0,
    resultsServed: 0,
    byCode: {},
  };
}
