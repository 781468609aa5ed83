import { randomUUID } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../src/project-root';
import { startConnector } from './connector';
import { summarizeProfile } from './cpu-profile';
import { fsyncProbe } from './disk';
import { load, type LoadOptions, type LoadResult } from './load';
import { memoryPhase } from './memory';
import { type Azurite, type BotProcess, startAzurite, startBot } from './processes';
import { type Results, report, targetsOf } from './report';
import { approvers, approversChat, chatOf, leadsChannel, replay, runIncident, type Step, staffOf } from './scenario';
import { blobStoreBytes, fileStoreBytes, type StoredBytes } from './storage';

// npm run bench: the runbook bot (file store, then blob store on Azurite) and an echo bot on the same stack,
// driven over HTTP with the same activities; prints the figures and PASS/MISS per target, writes bench/results.json.

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
type Phase = { run: LoadResult; stored: StoredBytes };

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
    paced: { incidents: settings.incidents, rounds: settings.rounds, thinkMs: settings.thinkMs, sharedGapMs: settings.sharedGapMs, staggerMs: settings.staggerMs, seed: 1 },
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
      return { bot, stored: () => fileStoreBytes(dataDir), cleanup: () => fs.rm(dataDir, { recursive: true, force: true }), helperPids: [] as number[] };
    }
    const { connectionString, pid } = await (azurite as Promise<Azurite>);
    const container = `bench${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const bot = await startBot('runbook', { ...where, STORE: 'blob', AZURE_STORAGE_CONNECTION_STRING: connectionString, AZURE_STORAGE_CONTAINER: container });
    return { bot, stored: () => blobStoreBytes(connectionString, container), cleanup: async () => undefined, helperPids: [pid] };
  };

  /** The whole runbook, `incidents` at once, on a fresh bot; the scripts are kept for the echo bot. */
  const phase = async (store: StoreKind, mode: Mode, keep: boolean): Promise<Phase> => {
    const { bot, stored, cleanup, helperPids } = await startRunbookBot(store, mode);
    bots.push(bot);
    const approverIn = mode === 'paced' ? 'approvers chat' : 'incident chat';
    const drive = (tag: string, o: LoadOptions, kept?: Step[][]) =>
      load(bot, connector, { ...o, helperPids }, async (d, worker, round) => {
        const n = serial++;
        const script = await runIncident(d, staffOf(n), chatOf(`${store}-${tag}-${worker}-${round}`), approvers[n % approvers.length], approverIn);
        kept?.push(script);
      });
    try {
      await drive(`${mode}-warm`, { ...options.saturated, sharedGapMs: options[mode].sharedGapMs, incidents: 5, rounds: 2 });
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
      return { run, stored: await stored() };
    } finally {
      await bot.stop();
      bots.splice(bots.indexOf(bot), 1);
      await cleanup();
    }
  };

  try {
    say(`bench: ${settings.incidents} concurrent incidents; paced (think ${settings.thinkMs.join('-')} ms), then saturated; ${cpus().length} cores, Node ${process.version}`);
    const probeDir = await fs.mkdtemp(join(tmpdir(), 'bench-disk-'));
    const disk = await fsyncProbe(probeDir);
    await fs.rm(probeDir, { recursive: true, force: true });
    say('runbook bot, file store');
    const file = { paced: await phase('file', 'paced', true), saturated: await phase('file', 'saturated', true) };

    say('echo bot (the same activities, the same pacing)');
    const echoBot = await startBot('echo', {});
    bots.push(echoBot);
    const replayAll = (list: Step[][], o: LoadOptions) => load(echoBot, connector, o, (d, worker, round) => replay(d, list[(worker * o.rounds + round) % list.length]));
    await replayAll(scripts.saturated, { ...options.saturated, incidents: 5, rounds: 2 });
    // The echo bot posts nothing to the shared conversations, so its paced replay needs no spacing for them: the same
    // activities and think times arrive a little denser (a stricter floor), and the run takes half the time.
    const echo = { paced: await replayAll(scripts.paced, { ...options.paced, sharedGapMs: 0 }), saturated: await replayAll(scripts.saturated, options.saturated) };
    if (settings.profile) {
      const out = join(tmpdir(), `bench-echo-saturated-${process.pid}.cpuprofile`);
      await echoBot.profile('start');
      await replayAll(scripts.saturated, { ...options.saturated, rounds: 1 });
      await echoBot.profile('stop', out);
      profiles.push({ run: 'echo bot, saturated', file: out, ...summarizeProfile(out) });
    }
    await echoBot.stop();
    bots.splice(bots.indexOf(echoBot), 1);

    let blob: { paced: Phase; saturated: Phase } | undefined;
    if (azurite) {
      say('runbook bot, blob store (Azurite)');
      blob = { paced: await phase('blob', 'paced', false), saturated: await phase('blob', 'saturated', false) };
    }

    say(`memory: ${settings.open} open incidents (file store)`);
    const memory = await memoryPhase(connector, pacedEnv, settings.open, settings.warm, settings.openConcurrency, say);

    const runs = [file.paced, file.saturated, ...(blob ? [blob.paced, blob.saturated] : [])].map((p) => p.run);
    const largest = [...runs.map((r) => r.largest), connector.largest].sort((a, b) => b.bytes - a.bytes)[0];
    const pair = (p: { paced: Phase; saturated: Phase }) => ({
      paced: p.paced.run.figures,
      saturated: p.saturated.run.figures,
      stored: p.paced.stored,
      cpuMsPerActivity: { paced: p.paced.run.cpuMsPerActivity, saturated: p.saturated.run.cpuMsPerActivity },
      mainThread: { paced: p.paced.run.watched, saturated: p.saturated.run.watched },
    });
    const results: Results = {
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', node: process.version, platform: `${process.platform} ${process.arch}` },
      settings,
      seconds: 0,
      disk,
      file: pair(file),
      echo: {
        paced: echo.paced.figures,
        saturated: echo.saturated.figures,
        cpuMsPerActivity: { paced: echo.paced.cpuMsPerActivity, saturated: echo.saturated.cpuMsPerActivity },
        mainThread: { paced: echo.paced.watched, saturated: echo.saturated.watched },
      },
      ...(blob ? { blob: pair(blob) } : {}),
      memory,
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
