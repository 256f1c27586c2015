/**
 * A small Prometheus text-format registry (counters, gauges, histograms with labels), enough for /metrics
 * without another dependency.
 * @example const m = new Metrics(); m.counter('aicall_calls_total', 'Calls', { result: 'answered' }).inc();
 */
export class Metrics {
  readonly #series = new Map<
    string,
    { help: string; type: 'counter' | 'gauge' | 'histogram'; values: Map<string, number[]> }
  >();

  counter(name: string, help: string, labels: Record<string, string> = {}) {
    const values = this.#family(name, help, 'counter');
    const key = labelKey(labels);
    return { inc: (n = 1) => values.set(key, [(values.get(key)?.[0] ?? 0) + n]) };
  }

  gauge(name: string, help: string, labels: Record<string, string> = {}) {
    const values = this.#family(name, help, 'gauge');
    const key = labelKey(labels);
    return { set: (n: number) => values.set(key, [n]) };
  }

  /** Buckets in seconds. Stored as [count per bucket…, +Inf count, sum]. */
  histogram(name: string, help: string, labels: Record<string, string> = {}, buckets = DEFAULT_BUCKETS) {
    const values = this.#family(name, help, 'histogram');
    const key = labelKey(labels);
    return {
      observe: (seconds: number) => {
        const row = values.get(key) ?? new Array<number>(buckets.length + 2).fill(0);
        buckets.forEach((b, i) => {
          if (seconds <= b) row[i]! += 1;
        });
        row[buckets.length]! += 1;
        row[buckets.length + 1]! += seconds;
        values.set(key, row);
      },
      buckets,
    };
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, fam] of this.#series) {
      lines.push(`# HELP ${name} ${fam.help}`, `# TYPE ${name} ${fam.type}`);
      for (const [key, row] of fam.values) {
        if (fam.type !== 'histogram') {
          lines.push(`${name}${key ? `{${key}}` : ''} ${row[0]}`);
          continue;
        }
        const sep = key ? `${key},` : '';
        DEFAULT_BUCKETS.forEach((b, i) => lines.push(`${name}_bucket{${sep}le="${b}"} ${row[i]}`));
        lines.push(`${name}_bucket{${sep}le="+Inf"} ${row[DEFAULT_BUCKETS.length]}`);
        lines.push(`${name}_sum${key ? `{${key}}` : ''} ${row[DEFAULT_BUCKETS.length + 1]}`);
        lines.push(`${name}_count${key ? `{${key}}` : ''} ${row[DEFAULT_BUCKETS.length]}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }

  #family(name: string, help: string, type: 'counter' | 'gauge' | 'histogram') {
    let fam = this.#series.get(name);
    if (!fam) {
      fam = { help, type, values: new Map() };
      this.#series.set(name, fam);
    }
    return fam.values;
  }
}

const DEFAULT_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

function labelKey(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
    .join(',');
}
