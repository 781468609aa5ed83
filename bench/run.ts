import { randomUUID } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../src/project-root';
import { startConnector } from './connector';
import { summarizeProfile } from './cpu-profile';
import { fsyncProbe } from './disk';
import { type DocumentSizes, watchDocuments } from './document-sizes';
import type { FloorSizes } from './floor-bot';
import { load, type LoadOptions, type LoadResult } from './load';
import { memoryPhase } from './memory';
import { sweepReadsPhase } from './sweep-reads';
import { noteGrowthPhase } from './note-growth';
import { type Azurite, type BotProcess, startAzurite, startBot } from './processes';
import { type Results, report, targetsOf } from './report';
import { approvers, approversChat, chatOf, leadsChannel, replay, runIncident, type Step, staffOf } from './scenario';
import { blobStoreBytes, fileStoreBytes, type StoredBytes } from './storage';

// npm run bench: the runbook bot (file store, then blob store on Azurite), a floor bot (parse, one durable write, one
// card of the bot's sizes) and an echo bot on the same stack, driven over HTTP with the same activities; prints the
// figures and PASS/MISS per target, writes bench/results.json.

const env = process.env;
const int = (v: string | undefined, fallback: number) => (v && /^\d+$/.test(v) ? Number(v) : fallback);
const think = (v: string | undefined): [number, number] => {
  const m = /^(\d+)-(\d+)$/.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2])] : [300, 900];
};

const settings = {
  incidents: int(env.BENCH_INCIDENTS, 50),
  rounds: int(env.BENCH_ROUNDS, 1),
  saturatedRounds: int(env.BENCH_SATURATED_ROUNDS, 2),
  thinkMs: think(env.BENCH_THINK_MS),
  /** Teams carries 60 messages / 30 s per conversation (the bot waits beyond that): one shared post per 520 ms stays inside. */
  sharedGapMs: int(env.BENCH_SHARED_GAP_MS, 520),
  /** People arrive one every 100 ms rather than all in the same instant. */
  staggerMs: 100,
  open: int(env.BENCH_OPEN, 10_000),
  notes: int(env.BENCH_NOTES, 1010),
  warm: 200,
  openConcurrency: int(env.BENCH_OPEN_CONCURRENCY, 8),
  /** The blob store's saturated run: one round (its figures are for comparison; the targets are the file store's). */
  blobSaturatedRounds: int(env.BENCH_BLOB_SATURATED_ROUNDS, 1),
  blob: env.BENCH_BLOB !== '0',
  profile: env.BENCH_PROFILE === '1',
};

/** Paced runs: the configuration of a real tenant, with the approvers' chat and the leads' channel. */
const pacedEnv = {
  APPROVER_IDS: approvers.map((a) => a.aadObjectId).join(','),
  APPROVERS_CONVERSATION_ID: approversChat.id,
  SUMMARY_CHANNEL_ID: leadsChannel,
  LOG_LEVEL: 'warn',
};
/** Saturated runs: no conversation shared by all incidents (approvers decide in the incident's chat), so Teams' per-conversation limits do not cap throughput. */
const saturatedEnv = { APPROVER_IDS: pacedEnv.APPROVER_IDS, LOG_LEVEL: 'warn' };

const say = (line: string) => process.stdout.write(`${line}\n`);

type Mode = 'paced' | 'saturated';
type StoreKind = 'file' | 'blob';
/** `documents`: incident document sizes sampled during the warm-up (file store only). */
type Phase = { run: LoadResult; stored: StoredBytes; documents?: DocumentSizes };

async function main(): Promise<void> {
  const started = Date.now();
  const deadline = setTimeout(() => {
    say('bench: still running after 15 minutes; stopping.');
    process.exit(2);
  }, 15 * 60_000);
  deadline.unref();

  const connector = await startConnector([approversChat.id]);
  const azurite: Promise<Azurite> | undefined = settings.blob ? startAzurite() : undefined;
  const options: Record<Mode, LoadOptions> = {
    paced: {
      incidents: settings.incidents,
      rounds: settings.rounds,
      thinkMs: settings.thinkMs,
      sharedGapMs: settings.sharedGapMs,
      staggerMs: settings.staggerMs,
      seed: 1,
    },
    saturated: { incidents: settings.incidents, rounds: settings.saturatedRounds, thinkMs: [0, 0], sharedGapMs: 0, staggerMs: 0, seed: 2 },
  };
  const scripts: Record<Mode, Step[][]> = { paced: [], saturated: [] };
  const bots: BotProcess[] = [];
  const profiles: Results['profile'] = [];
  let serial = 0;

  const startRunbookBot = async (store: StoreKind, mode: Mode) => {
    const where = mode === 'paced' ? pacedEnv : saturatedEnv;
    if (store === 'file') {
      const dataDir = await fs.mkdtemp(join(tmpdir(), `bench-${mode}-`));
      const bot = await startBot('runbook', { ...where, STORE: 'file', DATA_DIR: dataDir });
      return {
        bot,
        dataDir,
        stored: () => fileStoreBytes(dataDir),
        cleanup: () => fs.rm(dataDir, { recursive: true, force: true }),
        helperPids: [] as number[],
      };
    }
    const { connectionString, pid } = await (azurite as Promise<Azurite>);
    const container = `bench${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const bot = await startBot('runbook', { ...where, STORE: 'blob', AZURE_STORAGE_CONNECTION_STRING: connectionString, AZURE_STORAGE_CONTAINER: container });
    return { bot, dataDir: undefined, stored: () => blobStoreBytes(connectionString, container), cleanup: async () => undefined, helperPids: [pid] };
  };

  /** The whole runbook, `incidents` at once, on a fresh bot; the scripts are kept for the echo bot. */
  const phase = async (store: StoreKind, mode: Mode, keep: boolean): Promise<Phase> => {
    const { bot, dataDir, stored, cleanup, helperPids } = await startRunbookBot(store, mode);
    bots.push(bot);
    const approverIn = mode === 'paced' ? 'approvers chat' : 'incident chat';
    const drive = (tag: string, o: LoadOptions, kept?: Step[][]) =>
      load(bot, connector, { ...o, helperPids }, async (d, worker, round) => {
        const n = serial++;
        const script = await runIncident(d, staffOf(n), chatOf(`${store}-${tag}-${worker}-${round}`), approvers[n % approvers.length], approverIn);
        kept?.push(script);
      });
    try {
      // The warm-up also sizes the incident documents as they are written, mid-incident (the floor bot's write size).
      const watching = dataDir ? watchDocuments(dataDir) : undefined;
      await drive(`${mode}-warm`, { ...options.saturated, sharedGapMs: options[mode].sharedGapMs, incidents: 5, rounds: 2 });
      const documents = await watching?.stop();
      // The floor and echo bots are measured saturated after their paced run (the JIT warm, caches full): the runbook
      // bot's saturated run (file store: the one they are compared with) gets as many activities first, unmeasured.
      if (mode === 'saturated' && store === 'file') await drive('saturated-warm', { ...options.saturated, rounds: options.paced.rounds });
      const rounds = store === 'blob' && mode === 'saturated' ? settings.blobSaturatedRounds : options[mode].rounds;
      const run = await drive(mode, { ...options[mode], rounds }, keep ? scripts[mode] : undefined);
      say(`  ${store} store, ${mode}: ${run.samples.length} activities in ${(run.figures.wallMs / 1000).toFixed(1)} s`);
      if (settings.profile && mode === 'saturated' && store === 'file') {
        const out = join(tmpdir(), `bench-file-saturated-${process.pid}.cpuprofile`);
        await bot.profile('start');
        await drive('profiled', { ...options[mode], rounds: 1 });
        await bot.profile('stop', out);
        profiles.push({ run: 'runbook bot, file store, saturated', file: out, ...summarizeProfile(out) });
      }
      return { run, stored: await stored(), documents };
    } finally {
      await bot.stop();
      bots.splice(bots.indexOf(bot), 1);
      await cleanup();
    }
  };

  try {
    say(
      `bench: ${settings.incidents} concurrent incidents; paced (think ${settings.thinkMs.join('-')} ms), then saturated; ${cpus().length} cores, Node ${process.version}`,
    );
    const probeDir = await fs.mkdtemp(join(tmpdir(), 'bench-disk-'));
    const disk = await fsyncProbe(probeDir);
    await fs.rm(probeDir, { recursive: true, force: true });
    // First, while this process is fresh: later phases leave it a large heap (10,000 incidents opened in process by
    // the sweep phase) whose collections land in these in-process timings.
    say(`per-click growth: one incident, ${settings.notes} typed notes (in process, file store; then whole documents)`);
    const noteGrowth = await noteGrowthPhase(settings.notes);
    say('runbook bot, file store');
    const file = { paced: await phase('file', 'paced', true), saturated: await phase('file', 'saturated', true) };

    /**
     * A bot that replays the runbook bot's recorded activities (echo, floor): warm-up, paced, saturated, optional profile.
     * `pacedGapMs`: the spacing of the steps the runbook bot posts to shared conversations for (0: none).
     */
    const replayBot = async (mode: 'echo' | 'floor', botEnv: Record<string, string>, pacedGapMs: number) => {
      const phaseStarted = Date.now();
      const other = await startBot(mode, botEnv);
      bots.push(other);
      try {
        const replayAll = (list: Step[][], o: LoadOptions) =>
          load(other, connector, o, (d, worker, round) => replay(d, list[(worker * o.rounds + round) % list.length]));
        await replayAll(scripts.saturated, { ...options.saturated, incidents: 5, rounds: 2 });
        const paced = await replayAll(scripts.paced, { ...options.paced, sharedGapMs: pacedGapMs });
        const saturated = await replayAll(scripts.saturated, options.saturated);
        say(
          `  ${mode} bot: ${paced.samples.length + saturated.samples.length} activities in ${((paced.figures.wallMs + saturated.figures.wallMs) / 1000).toFixed(1)} s (the phase ${Math.round((Date.now() - phaseStarted) / 1000)} s)`,
        );
        if (settings.profile) {
          const out = join(tmpdir(), `bench-${mode}-saturated-${process.pid}.cpuprofile`);
          await other.profile('start');
          await replayAll(scripts.saturated, { ...options.saturated, rounds: 1 });
          await other.profile('stop', out);
          profiles.push({ run: `${mode} bot, saturated`, file: out, ...summarizeProfile(out) });
        }
        return { paced, saturated };
      } finally {
        await other.stop();
        bots.splice(bots.indexOf(other), 1);
      }
    };

    // The echo bot posts nothing to the shared conversations, so its paced replay is not spaced for them: the same
    // activities and think times arrive denser (a stricter floor), and the run takes half the time.
    say('echo bot (the same activities, the same think times)');
    const echo = await replayBot('echo', {}, 0);

    // The floor bot's sizes come from the runbook bot in this run: documents sampled as written during the file store's
    // warm-ups, cards as the bot answered them in its measured file store runs (means).
    const mean = (parts: { n: number; mean: number }[]) =>
      Math.round(
        parts.reduce((s, p) => s + p.n * p.mean, 0) /
          Math.max(
            1,
            parts.reduce((s, p) => s + p.n, 0),
          ),
      );
    const documentParts = [file.paced.documents, file.saturated.documents].filter((x): x is DocumentSizes => !!x);
    const floorSizes: FloorSizes = {
      documentBytes: mean(documentParts),
      actionCardBytes: mean([file.paced.run.cards.action, file.saturated.run.cards.action]),
      replyCardBytes: mean([file.paced.run.cards.reply, file.saturated.run.cards.reply]),
    };
    const floorMeasured = {
      documentVersions: documentParts.reduce((s, p) => s + p.n, 0),
      documentMax: Math.max(0, ...documentParts.map((p) => p.max)),
      actionCards: file.paced.run.cards.action.n + file.saturated.run.cards.action.n,
      replyCards: file.paced.run.cards.reply.n + file.saturated.run.cards.reply.n,
    };
    say(
      `floor bot (parse, one durable write of ${floorSizes.documentBytes} B, a card of ${floorSizes.actionCardBytes} B / reply ${floorSizes.replyCardBytes} B)`,
    );
    const floorDir = await fs.mkdtemp(join(tmpdir(), 'bench-floor-'));
    // The floor bot gets exactly the runbook bot's load, shared-conversation spacing included: its figures compare one to one.
    const floorEnv = {
      DATA_DIR: floorDir,
      FLOOR_DOCUMENT_BYTES: String(floorSizes.documentBytes),
      FLOOR_ACTION_CARD_BYTES: String(floorSizes.actionCardBytes),
      FLOOR_REPLY_CARD_BYTES: String(floorSizes.replyCardBytes),
    };
    const floor = await replayBot('floor', floorEnv, options.paced.sharedGapMs).finally(() => fs.rm(floorDir, { recursive: true, force: true }));

    let blob: { paced: Phase; saturated: Phase } | undefined;
    if (azurite) {
      say('runbook bot, blob store (Azurite)');
      blob = { paced: await phase('blob', 'paced', false), saturated: await phase('blob', 'saturated', false) };
    }

    say(`memory: ${settings.open} open incidents (file store)`);
    const memory = await memoryPhase(connector, pacedEnv, settings.open, settings.warm, settings.openConcurrency, say);

    say(`sweep: ${settings.open} open incidents, 10 due (in process, file store)`);
    const sweep = await sweepReadsPhase(settings.open, 10);

    const runs = [file.paced, file.saturated, ...(blob ? [blob.paced, blob.saturated] : [])].map((p) => p.run);
    const largest = [...runs.map((r) => r.largest), connector.largest].sort((a, b) => b.bytes - a.bytes)[0];
    const pair = (p: { paced: Phase; saturated: Phase }) => ({
      paced: p.paced.run.figures,
      saturated: p.saturated.run.figures,
      stored: p.paced.stored,
      cpuMsPerActivity: { paced: p.paced.run.cpuMsPerActivity, saturated: p.saturated.run.cpuMsPerActivity },
      mainThread: { paced: p.paced.run.watched, saturated: p.saturated.run.watched },
    });
    const replayed = (p: { paced: LoadResult; saturated: LoadResult }) => ({
      paced: p.paced.figures,
      saturated: p.saturated.figures,
      cpuMsPerActivity: { paced: p.paced.cpuMsPerActivity, saturated: p.saturated.cpuMsPerActivity },
      mainThread: { paced: p.paced.watched, saturated: p.saturated.watched },
    });
    const results: Results = {
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', node: process.version, platform: `${process.platform} ${process.arch}` },
      settings,
      seconds: 0,
      disk,
      file: pair(file),
      echo: replayed(echo),
      floor: { ...replayed(floor), sizes: floorSizes, measured: floorMeasured, answeredActionCard: floor.saturated.cards.action.mean },
      ...(blob ? { blob: pair(blob) } : {}),
      memory,
      sweep,
      noteGrowth,
      largestCard: largest,
      connector: connector.counts,
      startFailures: {
        'file paced': file.paced.run.startFailures,
        'file saturated': file.saturated.run.startFailures,
        ...(blob ? { 'blob paced': blob.paced.run.startFailures, 'blob saturated': blob.saturated.run.startFailures } : {}),
        [`memory (${settings.openConcurrency} at once)`]: memory.startFailures,
      },
      otherLoad: {
        'file paced': file.paced.run.otherLoad,
        'file saturated': file.saturated.run.otherLoad,
        'echo paced': echo.paced.otherLoad,
        'echo saturated': echo.saturated.otherLoad,
        'floor paced': floor.paced.otherLoad,
        'floor saturated': floor.saturated.otherLoad,
        ...(blob ? { 'blob paced': blob.paced.run.otherLoad, 'blob saturated': blob.saturated.run.otherLoad } : {}),
      },
      targets: [],
      profile: profiles,
    };
    results.targets = targetsOf(results);
    results.seconds = Math.round((Date.now() - started) / 1000);
    const baselineFile = join(projectRoot(), 'bench', 'baseline.json');
    const baseline = existsSync(baselineFile) ? (JSON.parse(readFileSync(baselineFile, 'utf8')) as Results) : undefined;
    say(report(results, baseline));
    await fs.writeFile(join(projectRoot(), 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    const missed = results.targets.some((t) => !t.pass);
    say(`\nwrote bench/results.json (${results.seconds} s)${env.BENCH_STRICT === '1' && missed ? '; BENCH_STRICT=1 and a target was missed: exit 1' : ''}`);
    if (env.BENCH_STRICT === '1' && missed) process.exitCode = 1;
  } finally {
    await Promise.all(bots.map((b) => b.stop()));
    await connector.close();
    await (await azurite?.catch(() => undefined))?.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
