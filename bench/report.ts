import type { LargestCard } from './connector';
import type { ProfileSummary } from './cpu-profile';
import type { FloorSizes } from './floor-bot';
import type { MemoryFigures } from './memory';
import type { Watched } from './processes';
import { fmt, groups, kb, type Latency, type RunFigures, table } from './stats';
import type { StoredBytes } from './storage';
import type { SweepReads } from './sweep-reads';
import type { NoteGrowth } from './note-growth';

// The results file's shape, the targets of the issue, and the printed report.

type Pair = {
  paced: RunFigures;
  saturated: RunFigures;
  cpuMsPerActivity: { paced: number; saturated: number };
  mainThread: { paced: Watched; saturated: Watched };
};

/** The floor bot's run, with the sizes it wrote and answered (bytes, measured from the runbook bot in the same run). */
export type FloorFigures = Pair & {
  sizes: FloorSizes;
  /** What the sizes are means of: document versions sampled during the file store's warm-ups (and the largest), cards the bot answered. */
  measured: { documentVersions: number; documentMax: number; actionCards: number; replyCards: number };
  /** Mean bytes of the cards the floor bot answered card actions with (the size check). */
  answeredActionCard: number;
};

export interface Target {
  name: string;
  value: number;
  limit: number;
  unit: string;
  /** true: the value must be at most the limit; false: at least. */
  atMost: boolean;
  pass: boolean;
}

export interface Results {
  at: string;
  machine: { cpus: number; model: string; node: string; platform: string };
  settings: Record<string, unknown>;
  seconds: number;
  /** An atomic 16 KB write with fsync on the temp directory's disk, as the file store does it (ms). */
  disk: Latency;
  file: Pair & { stored: StoredBytes };
  echo: Pair;
  /** Per activity: parse, one durable write of the bot's document size, a card of the bot's card size (bench/floor-bot.ts). */
  floor: FloorFigures;
  blob?: Pair & { stored: StoredBytes };
  memory: MemoryFigures;
  /** One reminder sweep in process on a temp-dir file store (bench/sweep-reads.ts). */
  sweep: SweepReads;
  /** One incident taking 1,010 typed notes in process on a file store, with the history log and with whole documents (bench/note-growth.ts). */
  noteGrowth: { log: NoteGrowth; wholeDocuments: NoteGrowth };
  largestCard: LargestCard;
  connector: Record<string, number>;
  /** Per run: "start" messages answered "Something went wrong" (concurrent opens racing for an incident id). */
  startFailures: Record<string, number>;
  /** Per run: share of the machine's CPU used by processes the bench did not start. */
  otherLoad: Record<string, number>;
  targets: Target[];
  profile: ({ run: string; file: string } & ProfileSummary)[];
}

const target = (name: string, value: number, limit: number, unit: string, atMost: boolean): Target => ({
  name,
  value: Math.round(value * 100) / 100,
  limit,
  unit,
  atMost,
  pass: atMost ? value <= limit : value >= limit,
});

export function targetsOf(r: Results): Target[] {
  return [
    target(`card action p99, file store, ${r.settings.incidents} concurrent incidents (paced)`, r.file.paced.byKind['card action'].p99, 25, 'ms', true),
    target('throughput vs echo bot (saturated, all activities)', r.file.saturated.perSecond / r.echo.saturated.perSecond, 0.7, 'x', false),
    target(`RSS per open incident at ${r.memory.open} open`, r.memory.rssPerIncident / 1024, 30, 'KB', true),
    target('largest card', r.largestCard.bytes / 1024, 16, 'KB', true),
    target('throughput vs floor bot (saturated, all activities)', r.file.saturated.perSecond / r.floor.saturated.perSecond, 0.8, 'x', false),
    target('card action p99 vs echo bot (file store, paced)', r.file.paced.byKind['card action'].p99 / r.echo.paced.byKind['card action'].p99, 3, 'x', true),
    target(`sweep reads: incident reads per sweep at ${r.sweep.open} open with ${r.sweep.due} due (file store)`, r.sweep.findReads, 20, 'reads', true),
    target('per-click growth: p50 of the 1,000th note over the 10th in one incident (file store, in process)', r.noteGrowth.log.ratio, 1.3, 'x', true),
  ];
}

const ratio = (a: number, b: number, digits = 1) => (b > 0 ? `${(a / b).toFixed(digits)}x` : '-');

/** The runbook bot (file store) beside the floor bot and the echo bot: the figures the floor and echo targets read. */
export function sideBySide(r: Results): string {
  const bots: [string, Pair][] = [
    ['bot', r.file],
    ['floor', r.floor],
    ['echo', r.echo],
  ];
  const rows: [string, (p: Pair) => number, number][] = [
    ['throughput, saturated (activities/s)', (p) => p.saturated.perSecond, 2],
    ['card action p50, paced (ms)', (p) => p.paced.byKind['card action'].p50, 1],
    ['card action p99, paced (ms)', (p) => p.paced.byKind['card action'].p99, 1],
    ['card action p50, saturated (ms)', (p) => p.saturated.byKind['card action'].p50, 1],
    ['card action p99, saturated (ms)', (p) => p.saturated.byKind['card action'].p99, 1],
    ['CPU per activity, saturated (ms)', (p) => p.cpuMsPerActivity.saturated, 1],
  ];
  const s = r.floor.sizes;
  const m = r.floor.measured;
  return [
    'Bot (file store), floor bot and echo bot side by side: the same activities, the same load',
    table(
      ['figure', 'bot', 'floor', 'echo', 'bot/floor', 'bot/echo'],
      rows.map(([name, of, digits]) => [name, ...bots.map(([, p]) => of(p)), ratio(of(r.file), of(r.floor), digits), ratio(of(r.file), of(r.echo), digits)]),
    ),
    `Floor bot, per activity: the bot's edge parse (zod), one durable write of ${s.documentBytes} B (temp + fsync + rename + directory fsync), ` +
      `a card of ${s.actionCardBytes} B for a click (it answered ${r.floor.answeredActionCard} B) or ${s.replyCardBytes} B as a message reply. ` +
      `Sizes from the bot in this run: mean of ${m.documentVersions} incident document versions sampled as written during its warm-ups (largest ${m.documentMax} B), ` +
      `mean of the ${m.actionCards} cards it answered clicks with and the ${m.replyCards} it replied to messages with.`,
  ].join('\n');
}

export function report(r: Results, baseline?: Results): string {
  const out: string[] = [];
  const stores: [string, Pair][] = [['file', r.file], ...(r.blob ? [['blob', r.blob] as [string, Pair]] : [])];
  const lat = (f: RunFigures, k: string) => [f.byKind[k].p50, f.byKind[k].p95, f.byKind[k].p99];

  out.push(
    '',
    `Disk: an atomic 16 KB write with fsync (as the file store writes) p50 ${fmt(r.disk.p50)} ms, p99 ${fmt(r.disk.p99)} ms, max ${fmt(r.disk.max)} ms`,
  );
  out.push(
    '',
    `Latency (ms), ${r.settings.incidents} concurrent incidents, paced (think ${(r.settings.thinkMs as number[]).join('-')} ms before every activity)`,
  );
  out.push(
    table(
      [
        'type',
        'n',
        ...stores.flatMap(([s]) => [`${s} p50`, 'p95', 'p99']),
        'floor p50',
        'p95',
        'p99',
        'echo p50',
        'p95',
        'p99',
        ...stores.map(([s]) => `${s}/echo p50`),
        ...stores.map(([s]) => `${s}/echo p99`),
      ],
      Object.keys(groups).map((k) => [
        k,
        r.file.paced.byKind[k].n,
        ...stores.flatMap(([, p]) => lat(p.paced, k)),
        ...lat(r.floor.paced, k),
        ...lat(r.echo.paced, k),
        ...stores.map(([, p]) => ratio(p.paced.byKind[k].p50, r.echo.paced.byKind[k].p50)),
        ...stores.map(([, p]) => ratio(p.paced.byKind[k].p99, r.echo.paced.byKind[k].p99)),
      ]),
    ),
  );

  out.push('', `Throughput (activities/s), saturated (${r.settings.incidents} at once, no think time), with latency (ms) under saturation`);
  out.push(
    table(
      [
        'type',
        ...stores.map(([s]) => `${s} /s`),
        'floor /s',
        'echo /s',
        ...stores.map(([s]) => `${s}/floor`),
        ...stores.map(([s]) => `${s}/echo`),
        ...stores.flatMap(([s]) => [`${s} p50`, 'p99']),
        'floor p50',
        'p99',
        'echo p50',
        'p99',
      ],
      Object.keys(groups).map((k) => [
        k,
        ...stores.map(([, p]) => p.saturated.byKind[k].perSecond),
        r.floor.saturated.byKind[k].perSecond,
        r.echo.saturated.byKind[k].perSecond,
        ...stores.map(([, p]) => (p.saturated.byKind[k].perSecond / r.floor.saturated.byKind[k].perSecond).toFixed(2)),
        ...stores.map(([, p]) => (p.saturated.byKind[k].perSecond / r.echo.saturated.byKind[k].perSecond).toFixed(2)),
        ...stores.flatMap(([, p]) => [p.saturated.byKind[k].p50, p.saturated.byKind[k].p99]),
        r.floor.saturated.byKind[k].p50,
        r.floor.saturated.byKind[k].p99,
        r.echo.saturated.byKind[k].p50,
        r.echo.saturated.byKind[k].p99,
      ]),
    ),
  );

  const cpu = (p: Pair) => `${fmt(p.cpuMsPerActivity.paced)} paced / ${fmt(p.cpuMsPerActivity.saturated)} saturated`;
  out.push(`CPU time of the bot process per activity (ms): ${stores.map(([s, p]) => `${s} ${cpu(p)}`).join('; ')}; floor ${cpu(r.floor)}; echo ${cpu(r.echo)}`);
  out.push(
    `Capacity from CPU time (echo ms / bot ms per activity, saturated): ${stores.map(([s, p]) => `${s} ${(r.echo.cpuMsPerActivity.saturated / p.cpuMsPerActivity.saturated).toFixed(2)}x`).join(', ')}`,
  );
  out.push(
    `Paced runs (offered load, not capacity): ${stores.map(([s, p]) => `${s} ${fmt(p.paced.perSecond)}/s`).join(', ')}, floor ${fmt(r.floor.paced.perSecond)}/s, echo ${fmt(r.echo.paced.perSecond)}/s`,
  );
  out.push('', sideBySide(r));

  out.push('', "The bot's main thread during the paced runs: event-loop delay (how late a 5 ms timer fired) and GC pauses (ms)");
  out.push(
    table(
      ['bot', 'delay p50', 'p99', 'max', 'GC pauses', 'GC total', 'longest GC'],
      [...stores, ['floor', r.floor] as [string, Pair], ['echo', r.echo] as [string, Pair]].map(([s, p]) => {
        const w = p.mainThread.paced;
        return [s, w.loopDelay.p50, w.loopDelay.p99, w.loopDelay.max, w.gc.count, w.gc.totalMs, w.gc.maxMs];
      }),
    ),
  );

  out.push('', 'Per activity, paced (ms)');
  out.push(
    table(
      ['activity', 'n', 'file p50', 'p95', 'p99', 'max', ...(r.blob ? ['blob p50', 'p99'] : []), 'floor p50', 'p99', 'echo p50', 'p99'],
      Object.entries(r.file.paced.byLabel).map(([label, l]) => [
        label,
        l.n,
        l.p50,
        l.p95,
        l.p99,
        l.max,
        ...(r.blob ? [r.blob.paced.byLabel[label]?.p50 ?? NaN, r.blob.paced.byLabel[label]?.p99 ?? NaN] : []),
        r.floor.paced.byLabel[label]?.p50 ?? NaN,
        r.floor.paced.byLabel[label]?.p99 ?? NaN,
        r.echo.paced.byLabel[label]?.p50 ?? NaN,
        r.echo.paced.byLabel[label]?.p99 ?? NaN,
      ]),
    ),
  );

  const w = r.sweep;
  out.push(
    '',
    `Sweep (in process, file store): ${w.open} open, ${w.due} due: ${w.findReads} incident reads to find and read them (the sweep before due marks: ${w.before}), ` +
      `${w.deliveryReads} more while delivering the ${w.delivered} reminders, ${w.diskReads} from disk; the pass took ${fmt(w.sweepMs)} ms ` +
      `(the store's indexes built from the documents at first use: ${fmt(w.indexMs)} ms, once per process)`,
  );

  const g = r.noteGrowth;
  const growth = (x: NoteGrowth) =>
    `p50 ${fmt(x.early)} ms around the 10th note, ${fmt(x.late)} ms around the 1,000th (${x.ratio.toFixed(2)}x); document ` +
    `${kb(x.documentBytes.early)} -> ${kb(x.documentBytes.late)}, log ${kb(x.logBytes)}, ${kb(x.writtenPerNote)} written per note`;
  out.push(
    '',
    `Per-click growth (in process, file store, each incident ${g.log.notes} typed notes: read, decide, write, the live card):`,
    `  with the history log (${g.log.incidents} incidents pooled): ${growth(g.log)}`,
    `  whole documents (before, ${g.wholeDocuments.incidents} incidents pooled): ${growth(g.wholeDocuments)}`,
  );

  const m = r.memory;
  out.push(
    '',
    `Memory: ${m.open} incidents opened over HTTP ("start" in a chat each) in ${m.seconds} s, after ${m.warm} as warm-up; RSS after full GC, settled`,
  );
  out.push(
    table(
      ['', 'RSS', 'heap used'],
      [
        [`before (${m.warm} open)`, kb(m.before.rss), kb(m.before.heapUsed)],
        [`after (${m.warm + m.open} open)`, kb(m.after.rss), kb(m.after.heapUsed)],
        ['per open incident', kb(m.rssPerIncident), kb(m.heapPerIncident)],
        ['peak RSS (VmHWM)', kb(m.peakRss), ''],
      ],
    ),
  );
  out.push(
    `"start" latency, first 1,000 vs last 1,000 opened: p50 ${fmt(m.startFirst.p50)} -> ${fmt(m.startLast.p50)} ms, p99 ${fmt(m.startFirst.p99)} -> ${fmt(m.startLast.p99)} ms`,
  );

  out.push('', 'Stored bytes per incident');
  const storedRows: [string, StoredBytes][] = [
    ['file, closed (whole runbook)', r.file.stored],
    ...(r.blob ? [['blob, closed (whole runbook)', r.blob.stored] as [string, StoredBytes]] : []),
    ['file, open (intake)', m.stored],
  ];
  out.push(
    table(
      ['store', 'incidents', 'document mean', 'document max', 'records', 'total per incident'],
      storedRows.map(([n, s]) => [n, s.incidents, kb(s.documentMean), kb(s.documentMax), kb(s.recordsPerIncident), kb(s.totalPerIncident)]),
    ),
  );
  const failed = Object.entries(r.startFailures).filter(([, n]) => n > 0);
  if (failed.length)
    out.push('', `"start" answered "Something went wrong" (incident id race; retried after 250 ms): ${failed.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  out.push('', `Largest card: ${kb(r.largestCard.bytes)} (${r.largestCard.where})`);

  for (const p of r.profile) {
    out.push('', `CPU profile of the bot's main thread, ${p.run}: ${p.busyMs} ms busy (${p.file})`);
    out.push(
      table(
        ['area (self time)', 'ms', '% of busy'],
        p.areas.map((a) => [a.area, a.ms, a.share]),
      ),
    );
    out.push(
      '',
      table(
        ['function (self time)', 'ms', '% of busy'],
        p.functions.map((f) => [f.name, f.ms, f.share]),
      ),
    );
    out.push(
      '',
      table(
        ['src/ function (inclusive)', 'ms', '% of busy'],
        p.inclusive.map((f) => [f.name, f.ms, f.share]),
      ),
    );
  }

  const busy = Object.entries(r.otherLoad).filter(([, share]) => share > 0.1);
  if (busy.length)
    out.push(
      '',
      `WARNING: other processes used the machine during ${busy.map(([k, v]) => `${k} (${Math.round(v * 100)} % of its CPU)`).join(', ')}: latency and throughput are disturbed; run again on a quiet machine.`,
    );

  out.push('', 'Targets');
  const before = new Map((baseline?.targets ?? []).map((t) => [t.name, t.value]));
  out.push(
    table(
      ['target', 'measured', 'limit', 'baseline', ''],
      r.targets.map((t) => [
        t.name,
        `${fmt(t.value)} ${t.unit}`,
        `${t.atMost ? '<=' : '>='} ${t.limit} ${t.unit}`,
        before.has(t.name) ? `${fmt(before.get(t.name) as number)} ${t.unit}` : '-',
        t.pass ? 'PASS' : 'MISS',
      ]),
    ),
  );
  return out.join('\n');
}
