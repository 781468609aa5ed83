import { type FloorFigures, report, type Results, sideBySide, targetsOf } from '../../bench/report';
import type { RunFigures } from '../../bench/stats';

// The results file's targets and the printed side-by-side table, from figures built here (no bench run).

const latency = (p50: number, p99: number) => ({ n: 10, p50, p95: p99, p99, max: p99, mean: p50 });
const kinds = ['message', 'card action', 'approval', 'all'];

function run(perSecond: number, p50: number, p99: number): RunFigures {
  return {
    wallMs: 1000,
    perSecond,
    byKind: Object.fromEntries(kinds.map((k) => [k, { ...latency(p50, p99), perSecond }])),
    byLabel: { 'item.tick': latency(p50, p99) },
  };
}

const watched = { loopDelay: { p50: 0, p99: 1, max: 2 }, gc: { count: 1, totalMs: 1, maxMs: 1 } };
const pair = (perSecond: number, p50: number, p99: number) => ({
  paced: run(perSecond / 10, p50, p99),
  saturated: run(perSecond, p50 * 4, p99 * 4),
  cpuMsPerActivity: { paced: 1, saturated: 1000 / perSecond },
  mainThread: { paced: watched, saturated: watched },
});
const stored = { incidents: 1, documentMean: 20_000, documentMax: 21_000, recordsPerIncident: 1000, totalPerIncident: 22_000 };
const floor: FloorFigures = {
  ...pair(500, 4, 12),
  sizes: { documentBytes: 12_000, actionCardBytes: 10_000, replyCardBytes: 9_000 },
  measured: { documentVersions: 400, documentMax: 21_000, actionCards: 700, replyCards: 90 },
  answeredActionCard: 10_000,
};

function results(): Results {
  const memory = { rss: 1, heapUsed: 1, external: 0, arrayBuffers: 0 };
  return {
    at: '2026-11-24T00:00:00.000Z',
    machine: { cpus: 2, model: 'test', node: 'v20', platform: 'linux x64' },
    settings: { incidents: 50, thinkMs: [300, 900] },
    seconds: 1,
    disk: latency(1, 5),
    file: { ...pair(420, 6, 21), stored },
    echo: pair(1600, 1.5, 6),
    floor,
    memory: {
      warm: 200,
      open: 10_000,
      seconds: 1,
      before: memory,
      after: memory,
      rssPerIncident: 4700,
      heapPerIncident: 4200,
      peakRss: 1,
      startFirst: latency(5, 9),
      startLast: latency(5, 9),
      stored,
      startFailures: 0,
    },
    sweep: { open: 10_000, due: 10, findReads: 10, deliveryReads: 40, diskReads: 10, delivered: 10, sweepMs: 90, indexMs: 5000, before: 10_000 },
    noteGrowth: {
      log: {
        notes: 1010,
        incidents: 3,
        early: 2,
        late: 2.2,
        ratio: 1.1,
        documentBytes: { early: 6621, late: 16_140 },
        logBytes: 598_309,
        writtenPerNote: 20_239,
      },
      wholeDocuments: {
        notes: 1010,
        incidents: 2,
        early: 2,
        late: 10,
        ratio: 5,
        documentBytes: { early: 6621, late: 563_341 },
        logBytes: 0,
        writtenPerNote: 283_065,
      },
    },
    largestCard: { bytes: 9_900, where: 'answer to result.record' },
    connector: { send: 1, update: 0, create: 0, other: 0 },
    startFailures: {},
    otherLoad: {},
    targets: [],
    profile: [],
  };
}

describe('targetsOf', () => {
  it('keeps the four targets and adds the floor bot throughput, the card action p99 vs echo, the sweep reads and the per-click growth', () => {
    const names = targetsOf(results()).map((t) => t.name);
    expect(names).toHaveLength(8);
    expect(names.slice(0, 4)).toEqual([
      'card action p99, file store, 50 concurrent incidents (paced)',
      'throughput vs echo bot (saturated, all activities)',
      'RSS per open incident at 10000 open',
      'largest card',
    ]);
    expect(names.filter((n) => n.includes('floor bot'))).toHaveLength(1);
    expect(names.filter((n) => n.includes('card action p99 vs echo'))).toHaveLength(1);
    expect(names.filter((n) => n.includes('sweep reads'))).toHaveLength(1);
    expect(names.filter((n) => n.includes('per-click growth'))).toHaveLength(1);
  });

  it('reads the per-click growth as the history log run: late p50 over early p50, at most 1.3x; the whole-document run is only reported', () => {
    const t = targetsOf(results()).find((x) => x.name.includes('per-click growth'));
    expect(t).toMatchObject({ value: 1.1, limit: 1.3, unit: 'x', atMost: true, pass: true });
    const growing = results();
    growing.noteGrowth.log.ratio = 4.2;
    expect(targetsOf(growing).find((x) => x.name.includes('per-click growth'))).toMatchObject({ value: 4.2, pass: false });
    const text = report({ ...results(), targets: targetsOf(results()) });
    expect(text).toContain('with the history log (3 incidents pooled): p50 2 ms around the 10th note, 2.20 ms around the 1,000th (1.10x)');
    expect(text).toContain('whole documents (before, 2 incidents pooled): p50 2 ms around the 10th note, 10 ms around the 1,000th (5.00x)');
  });

  it('reads the sweep reads as the reads to find and read the due incidents, at most 20', () => {
    const t = targetsOf(results()).find((x) => x.name.includes('sweep reads'));
    expect(t).toMatchObject({ name: expect.stringContaining('10000 open with 10 due'), value: 10, limit: 20, unit: 'reads', atMost: true, pass: true });
    const scanning = results();
    scanning.sweep.findReads = scanning.sweep.before;
    expect(targetsOf(scanning).find((x) => x.name.includes('sweep reads'))).toMatchObject({ value: 10_000, pass: false });
  });

  it('reads the floor bot target as bot / floor throughput (saturated), at least 0.8x', () => {
    const t = targetsOf(results()).find((x) => x.name.includes('floor bot'));
    expect(t).toMatchObject({ value: 0.84, limit: 0.8, unit: 'x', atMost: false, pass: true });
    const slower = results();
    slower.file.saturated.perSecond = 300;
    expect(targetsOf(slower).find((x) => x.name.includes('floor bot'))).toMatchObject({ value: 0.6, pass: false });
  });

  it('reads the card action p99 vs echo as bot / echo p99 (paced), at most 3x', () => {
    const t = targetsOf(results()).find((x) => x.name.includes('card action p99 vs echo'));
    expect(t).toMatchObject({ value: 3.5, limit: 3, unit: 'x', atMost: true, pass: false });
    const faster = results();
    faster.file.paced.byKind['card action'].p99 = 12;
    expect(targetsOf(faster).find((x) => x.name.includes('card action p99 vs echo'))).toMatchObject({ value: 2, pass: true });
  });
});

describe('the report', () => {
  it('puts bot, floor and echo side by side with both ratios', () => {
    const text = sideBySide(results());
    const line = (start: string) => text.split('\n').find((l) => l.startsWith(start)) ?? '';
    expect(line('throughput, saturated').split(/\s{2,}/)).toEqual(['throughput, saturated (activities/s)', '420', '500', '1600', '0.84x', '0.26x']);
    expect(line('card action p99, paced').split(/\s{2,}/)).toEqual(['card action p99, paced (ms)', '21', '12', '6', '1.8x', '3.5x']);
    expect(text).toContain('one durable write of 12000 B');
    expect(text).toContain('a card of 10000 B for a click');
  });

  it('prints the floor column and every target with PASS or MISS', () => {
    const r = results();
    r.targets = targetsOf(r);
    const text = report(r);
    expect(text).toContain('floor p50');
    expect(text).toContain('file/floor');
    for (const t of r.targets) expect(text).toMatch(new RegExp(`${t.name.replace(/[()]/g, '\\$&')}.*(PASS|MISS)`));
  });
});
