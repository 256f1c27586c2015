// Frequency caps (呼叫频次限制): how often one phone may be called by a team, across all its tasks, counted from
// call_records at dial time. Configured in teams.settings.dial_frequency (compat-notes "Dialer: frequency caps").

/** One cap: at most `max` (≥ 1) calls to the same phone within the last `hours`. */
export interface FrequencyCap {
  readonly hours: number;
  readonly max: number;
}

/**
 * Reads `teams.settings.dial_frequency`: `[{"hours":24,"max":2},{"hours":720,"max":5}]`. Malformed entries are
 * ignored (a typo must not stop a campaign, nor silently lift a valid cap next to it).
 * @example readFrequencyCaps({ dial_frequency: [{ hours: 24, max: 1 }] }) // [{ hours: 24, max: 1 }]
 */
export function readFrequencyCaps(settings: Record<string, unknown> | null | undefined): FrequencyCap[] {
  const raw = settings?.dial_frequency;
  if (!Array.isArray(raw)) return [];
  const caps: FrequencyCap[] = [];
  for (const item of raw as unknown[]) {
    if (item === null || typeof item !== 'object') continue;
    const { hours, max } = item as { hours?: unknown; max?: unknown };
    const h = Number(hours);
    const m = Number(max);
    if (Number.isFinite(h) && h > 0 && Number.isInteger(m) && m >= 1) caps.push({ hours: h, max: m });
  }
  return caps;
}

/** The longest window of the caps, in ms (how far back call history must be read). */
export function longestWindowMs(caps: readonly FrequencyCap[]): number {
  return caps.reduce((ms, c) => Math.max(ms, c.hours * 3_600_000), 0);
}

/**
 * When a phone may be called again given the start times of its earlier calls: undefined if it may be called
 * now, else the first instant every cap allows it (the moment enough old calls leave their window).
 */
export function frequencyReleaseAt(
  caps: readonly FrequencyCap[],
  callTimes: readonly Date[],
  now: Date,
): Date | undefined {
  let release: number | undefined;
  const sorted = callTimes.map((d) => d.getTime()).sort((a, b) => b - a); // newest first
  for (const cap of caps) {
    const windowMs = cap.hours * 3_600_000;
    const inWindow = sorted.filter((t) => t > now.getTime() - windowMs);
    if (inWindow.length < cap.max) continue;
    // The call that must leave the window is the max-th newest: then only max-1 remain.
    const leaving = inWindow[cap.max - 1] as number;
    release = Math.max(release ?? 0, leaving + windowMs);
  }
  return release === undefined ? undefined : new Date(release);
}
