import type { Kind, Sample } from './scenario';

// Percentiles and the per-activity-type summaries the bench prints and stores.

export interface Latency {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface RunFigures {
  /** Wall time of the run, first activity sent to last answer (ms). */
  wallMs: number;
  /** Activities answered per second over the run. */
  perSecond: number;
  byKind: Record<string, Latency & { perSecond: number }>;
  byLabel: Record<string, Latency>;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function latency(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / (sorted.length || 1);
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? NaN),
    mean: round(mean),
  };
}

/** Report rows: "card action" is every Action.Execute invoke, approvals included; "approval" is that subset. */
export const groups: Record<string, (kind: Kind) => boolean> = {
  message: (k) => k === 'message',
  'card action': (k) => k !== 'message',
  approval: (k) => k === 'approval',
  all: () => true,
};

export function figures(samples: Sample[], wallMs: number): RunFigures {
  const byKind: RunFigures['byKind'] = {};
  for (const [name, test] of Object.entries(groups)) {
    const picked = samples.filter((s) => test(s.kind));
    byKind[name] = { ...latency(picked.map((s) => s.ms)), perSecond: round((picked.length * 1000) / wallMs) };
  }
  const byLabel: RunFigures['byLabel'] = {};
  for (const label of [...new Set(samples.map((s) => s.label))].sort()) byLabel[label] = latency(samples.filter((s) => s.label === label).map((s) => s.ms));
  return { wallMs: round(wallMs), perSecond: round((samples.length * 1000) / wallMs), byKind, byLabel };
}

/** A plain text table: first column left-aligned, the rest right-aligned. */
export function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: (string | number)[]) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return '-';
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);
}

export const kb = (bytes: number) => (Math.abs(bytes) >= 10 * 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`);
