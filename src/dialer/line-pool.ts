import type { LineInfo } from '../services/dial/dial-types.js';
import type { Line } from '../telephony/call-channel.js';
import type { FailureCause } from '../telephony/call-result.js';
import { RateWindow } from './rate-window.js';

/** Builds the Line of a configured line row (app/ knows the implementations: simulator, SIP). */
export type LineFactory = (line: LineInfo) => Line;

/** A line as the dialer uses it: the implementation plus this process's pacing and health bookkeeping. */
export interface LineEntry {
  info: LineInfo;
  line: Line;
  /** This process's originations on the line (its CPS limit). */
  readonly rate: RateWindow;
  /** This process's calls in progress on the line. */
  active: number;
  /** Line faults (lineDown, lineError) in a row; any carrier verdict resets it. */
  faults: number;
  lastFault: FailureCause | undefined;
}

/**
 * The lines in use, built on first use and rebuilt when their row changes (calls already running keep the
 * old instance until they end; new calls get the new one).
 */
export class LinePool {
  readonly #entries = new Map<string, LineEntry>();
  /** Replaced instances still carrying calls: closed (sockets, keep-alives released) once idle. */
  readonly #retired = new Set<Line>();
  #sweep: NodeJS.Timeout | undefined;

  constructor(private readonly factory: LineFactory) {}

  /** The entry for a configured line, (re)building its implementation if the configuration changed. */
  entry(info: LineInfo): LineEntry {
    const current = this.#entries.get(info.id);
    if (current && current.info.version === info.version) {
      current.info = info;
      return current;
    }
    const line = this.factory(info);
    if (current) {
      this.#retire(current.line);
      current.info = info;
      current.line = line;
      current.rate.limit = info.cps;
      return current;
    }
    const entry: LineEntry = {
      info,
      line,
      rate: new RateWindow(info.cps),
      active: 0,
      faults: 0,
      lastFault: undefined,
    };
    this.#entries.set(info.id, entry);
    return entry;
  }

  get(lineId: string): LineEntry | undefined {
    return this.#entries.get(lineId);
  }

  all(): LineEntry[] {
    return [...this.#entries.values()];
  }

  /** Closes every line (their calls are ended by then or are hung up now); the pool starts empty again. */
  async close(): Promise<void> {
    clearInterval(this.#sweep);
    this.#sweep = undefined;
    const lines = [...this.#retired, ...[...this.#entries.values()].map((e) => e.line)];
    this.#retired.clear();
    this.#entries.clear();
    await Promise.all(lines.map((l) => l.close()));
  }

  #retire(line: Line): void {
    this.#retired.add(line);
    this.#sweep ??= setInterval(() => {
      for (const l of this.#retired) {
        if (l.active > 0) continue;
        this.#retired.delete(l);
        void l.close();
      }
      if (this.#retired.size === 0) {
        clearInterval(this.#sweep);
        this.#sweep = undefined;
      }
    }, 1_000).unref();
  }
}
