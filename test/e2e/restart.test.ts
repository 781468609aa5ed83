import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verbs } from '../../src/cards/verbs';
import { makeMessage, mailFlowIntake } from '../helpers/activities';
import { freePort } from '../helpers/azurite';
import { type Card, actionsOf, textOf } from '../helpers/card-driver';
import { type BotProcess, HttpBot, startBotProcess } from '../helpers/http-bot';
import { type LoopbackConnector, startLoopbackConnector } from '../helpers/loopback-connector';
import { conversations, people } from '../helpers/teams-fakes';

// The embedded file store across a kill: the incident resumes and cards posted before the restart still work.

let connector: LoopbackConnector;
let bot: BotProcess | undefined;

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

test('after SIGKILL and restart, old cards apply or answer with the current card', async () => {
  connector = await startLoopbackConnector();
  const dataDir = mkdtempSync(join(tmpdir(), 'restart-'));
  const env = { STORE: 'file', DATA_DIR: dataDir, APPROVER_IDS: people.approver.aadObjectId, SUMMARY_CHANNEL_ID: conversations.leads };
  const port = await freePort();
  bot = await startBotProcess(port, env);
  const http = new HttpBot(bot.base, connector.serviceUrl);
  await http.post(makeMessage('start exchange'));
  const intake = (connector.calls.at(-1)?.body.attachments as { content: Card }[])[0].content;
  const triage = await http.click(intake, verbs.submitIntake, {}, mailFlowIntake());
  const afterTick = await http.click(triage, verbs.tick, { list: 'checklist', itemId: 'collect-details', done: true });

  await bot.stop();
  bot = await startBotProcess(port, env);

  const resumed = await http.click(triage, verbs.tick, { list: 'checklist', itemId: 'run-message-trace', done: true });
  expect(textOf(resumed)).toMatch(/Checklist \(2 of 5 done\)/);
  const stale = await http.click(afterTick, verbs.continue);
  expect(textOf(stale)).toMatch(/out of date/);
  expect(actionsOf(stale)[0].data.incidentId).toBe(actionsOf(triage)[0].data.incidentId);
  await http.post(makeMessage('status'));
  const statusReply = connector.calls.filter((c) => c.method === 'POST').at(-1);
  const status = (statusReply?.body.attachments as { content: Card }[])[0].content;
  expect(textOf(status)).toMatch(/Checklist \(2 of 5 done\)/);
  // The card it replaced turns into the "moved below" stub, so one live card remains.
  const stub = connector.calls.filter((c) => c.method === 'PUT').at(-1);
  expect(textOf((stub?.body.attachments as { content: Card }[])[0].content)).toMatch(/this card moved below/);
}, 60_000);
