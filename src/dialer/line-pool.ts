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
}
