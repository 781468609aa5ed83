import { verbs } from '../src/cards/verbs';
import { type Answer, type BotClient, type Conversation, type Json, type Person, cardOfAnswer, findAction, invoke, message, versionOf } from './client';
import type { Connector, LargestCard, Posted } from './connector';

// One incident through the whole seed runbook (Exchange Online mail flow), over HTTP, as staff and an approver would.

/** Approval decisions are card actions too; they are also reported on their own. */
export type Kind = 'message' | 'card action' | 'approval';

export interface Sample {
  kind: Kind;
  label: string;
  ms: number;
}

/** What was sent, so the echo bot can be driven with exactly the same activities and pacing. */
export interface Step {
  kind: Kind;
  label: string;
  activity: Json;
  /** The bot will post to a conversation every incident shares (approvers' chat, leads' channel): waits for `Drive.shared`. */
  shared?: 'approvers' | 'leads';
}

export interface Drive {
  client: BotClient;
  connector: Connector;
  /** A person's pause before each activity. */
  think: () => Promise<void>;
  /** Spaces the activities that post to one shared conversation to what Teams allows there (see README, Benchmark). */
  shared: (conversation: 'approvers' | 'leads') => Promise<void>;
  samples: Sample[];
  largest: LargestCard;
  /** "start" messages the bot answered with "Something went wrong" (retried like a person would). */
  startFailures: number;
  /** Cards the bot answered card actions with, and replied to typed messages with: count and bytes (for the floor bot's sizes). */
  cards: CardTally;
}

export type CardTally = Record<'action' | 'reply', { n: number; bytes: number }>;
export const cardTally = (): CardTally => ({ action: { n: 0, bytes: 0 }, reply: { n: 0, bytes: 0 } });

function tally(d: Drive, kind: keyof CardTally, card: unknown): number {
  const bytes = Buffer.byteLength(JSON.stringify(card));
  d.cards[kind].n++;
  d.cards[kind].bytes += bytes;
  return bytes;
}

export const approversChat: Conversation = { id: '19:approvers@thread.v2', conversationType: 'groupChat', isGroup: true };
export const leadsChannel = '19:leads@thread.tacv2';

/** Approvers in the bot's APPROVER_IDS. Enough of them that none trips the per-person command rate limit (src/teams/limits.ts). */
export const approvers: Person[] = Array.from({ length: 20 }, (_, i) => ({
  id: `29:approver-${i}`,
  aadObjectId: `a2000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `Approver ${i}`,
}));

/** Staff: one person per incident in the load runs, so the per-person rate limit never refuses a click. */
export const staffOf = (n: number): Person => ({
  id: `29:staff-${n}`,
  aadObjectId: `b1000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  name: `Staff ${n}`,
});
export const chatOf = (name: string): Conversation => ({ id: `a:bench-${name}`, conversationType: 'personal' });

const intake = {
  f_affectedUsers: 'Finance',
  f_scope: 'single-user',
  f_startedAt: '2026-11-24T08:30',
  f_timeZone: 'UTC',
  f_sender: 'a@contoso.com',
  f_recipient: 'b@fabrikam.com',
  f_regulatedData: 'no',
  f_highPriorityUser: 'no',
};
/** What staff paste from Get-MessageTraceV2: a realistic size (about 1.5 KB). */
const traceOutput = [
  'Received              SenderAddress        RecipientAddress      Subject                   Status',
  '--------              -------------        ----------------      -------                   ------',
  ...Array.from(
    { length: 14 },
    (_, i) =>
      `11/24/2026 08:${String(10 + i * 3).padStart(2, '0')}:12 partner@fabrikam.com  user${i % 3}@contoso.com     Invoice ${4711 + i} for November   Quarantined`,
  ),
].join('\n');

const summary = {
  s_whatHappened: 'Mail from a partner was held.',
  s_impact: 'One user, two hours.',
  s_rootCause: 'Spam filter false positive.',
  s_resolution: 'Released after review; test delivered.',
  s_prevention: 'Partner added to the allow list.',
};

async function send(d: Drive, script: Step[], step: Step): Promise<Answer> {
  await d.think();
  if (step.shared) await d.shared(step.shared);
  const answer = await d.client.post(step.activity);
  d.samples.push({ kind: step.kind, label: step.label, ms: answer.ms });
  script.push(step);
  if (answer.status !== 200) throw new Error(`${step.label} answered HTTP ${answer.status}`);
  const card = cardOfAnswer(answer);
  if (card) {
    const bytes = tally(d, 'action', card);
    if (bytes > d.largest.bytes) Object.assign(d.largest, { bytes, where: `answer to ${step.label}` });
  }
  return answer;
}

/**
 * Runs one incident from "start" to close; returns the activities it sent. Throws on any refusal.
 * `approverIn`: where the approver decides — the approvers' chat (APPROVERS_CONVERSATION_ID set) or the incident's own chat.
 */
export async function runIncident(
  d: Drive,
  staff: Person,
  chat: Conversation,
  approver: Person,
  approverIn: 'approvers chat' | 'incident chat',
): Promise<Step[]> {
  const script: Step[] = [];
  let shown: Posted;
  const say = async (text: string): Promise<Posted> => {
    await send(d, script, { kind: 'message', label: `message ${text.split(' ')[0]}`, activity: message(text, staff, chat) });
    const posted = d.connector.take(chat.id);
    if (!posted) throw new Error(`no card in reply to "${text}": ${d.connector.said(chat.id)}`);
    tally(d, 'reply', posted.card);
    return posted;
  };
  const click = async (verb: string, match: Json = {}, inputs: Json = {}, shared?: Step['shared']): Promise<void> => {
    const action = findAction(shown.card, verb, match);
    const answer = await send(d, script, {
      kind: 'card action',
      label: verb,
      activity: invoke(verb, { ...action.data, ...inputs }, staff, chat, shown.activityId),
      shared,
    });
    const next = cardOfAnswer(answer);
    if (!next) throw new Error(`${verb}: no card in the answer`);
    if (versionOf(next) <= versionOf(shown.card) && verb !== verbs.close) throw new Error(`${verb} was refused: ${JSON.stringify(next).slice(0, 400)}`);
    shown = { card: next, activityId: shown.activityId };
  };

  shown = await start(d, staff, chat, script);
  const incidentId = String(findAction(shown.card, verbs.submitIntake).data.incidentId);
  await click(verbs.submitIntake, {}, intake);
  for (const item of ['collect-details', 'run-message-trace', 'check-pipeline', 'review-health', 'separate-mailbox-rules']) {
    await click(verbs.tick, { list: 'checklist', itemId: item, done: true });
  }
  await click(verbs.recordResult, {}, { starterId: 'message-trace', output: traceOutput });
  await click(verbs.continue);
  await click(verbs.chooseFinding, { findingId: 'quarantined' });
  await click(verbs.tick, { list: 'branch', itemId: 'threat-reason', done: true });
  await click(verbs.tick, { list: 'branch', itemId: 'policy-review', done: true });
  await click(verbs.continue);
  await click(
    verbs.requestApproval,
    { actionId: 'release-false-positives' },
    { 'reason_release-false-positives': 'False positive from a known partner' },
    approverIn === 'approvers chat' ? 'approvers' : undefined,
  );

  // The approval card goes to the approvers' chat (when configured) and to the incident's chat, from the outbox after
  // the click was answered; the approver clicks one.
  const inChat = await eventually(() => d.connector.take(chat.id));
  // The approvers' chat is shared by every incident: its posts wait for Teams' 60 per 30 s there (the bot's pacer).
  const approval = approverIn === 'approvers chat' ? await eventually(() => d.connector.takeFor(approversChat.id, incidentId), 35_000) : inChat;
  if (!approval) throw new Error(`${incidentId}: no approval card in the ${approverIn}`);
  const where = approverIn === 'approvers chat' ? approversChat : chat;
  const approve = findAction(approval.card, verbs.decideApproval, { decision: 'approve' });
  const decision = invoke(verbs.decideApproval, { ...approve.data, comment: 'ok' }, approver, where, approval.activityId);
  const decided = cardOfAnswer(await send(d, script, { kind: 'approval', label: verbs.decideApproval, activity: decision }));
  if (!decided || !JSON.stringify(decided).includes('Approved by')) throw new Error(`${incidentId}: approval not recorded`);

  await say('note Approved; releasing the held messages now');
  shown = await say('status');
  await click(
    verbs.markDone,
    { actionId: 'release-false-positives' },
    { 'note_release-false-positives': 'Released 3 held messages; quarantine before: 3, after: 0' },
  );
  await click(verbs.continue);
  for (const item of ['test-message', 'trace-delivered', 'change-documented', 'same-path']) {
    await click(verbs.tick, { list: 'validation', itemId: item, done: true });
  }
  await click(verbs.continue);
  await click(verbs.addEvidence, {}, { evidenceText: 'Message trace after release: Delivered', evidenceUrl: '', coversItem: '' });
  await click(verbs.continue);
  await click(verbs.saveSummary, {}, summary);
  await click(verbs.close, {}, {}, approverIn === 'approvers chat' ? 'leads' : undefined);
  if (!/Posting the summary to|Summary posted|summary was not posted: no leads/.test(JSON.stringify(shown.card)))
    throw new Error(`${incidentId}: not closed: ${JSON.stringify(shown.card).slice(0, 400)}`);
  return script;
}

/** Sends a recorded script again (to the echo bot), with the same pacing. */
export async function replay(d: Drive, script: Step[]): Promise<void> {
  for (const step of script) await send(d, [], step);
}

/**
 * Types "start exchange" and returns the intake card. Should the bot answer "Something went wrong" (ids are
 * allocated in-process since issue 8, so concurrent opens no longer race), it is counted and typed again after 250 ms.
 */
async function start(d: Drive, staff: Person, chat: Conversation, script: Step[]): Promise<Posted> {
  for (let attempt = 1; ; attempt++) {
    await send(d, script, { kind: 'message', label: 'message start', activity: message('start exchange', staff, chat) });
    const posted = d.connector.take(chat.id);
    if (posted) {
      tally(d, 'reply', posted.card);
      return posted;
    }
    const said = d.connector.said(chat.id) ?? '';
    if (!/went wrong/.test(said) || attempt >= 20) throw new Error(`no card in reply to "start exchange" in ${chat.id}: ${said}`);
    d.startFailures++;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** What the bot sends after answering (its outbox) arrives a moment later: polls for it for up to 10 s. */
async function eventually<T>(look: () => T | undefined, withinMs = 10_000): Promise<T | undefined> {
  for (let waited = 0; waited < withinMs; waited += 20) {
    const found = look();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  return look();
}

/** Opens one incident with a typed "start": an open incident waiting for its intake. */
export async function openOne(d: Drive, staff: Person, chat: Conversation): Promise<void> {
  await start(d, staff, chat, []);
}
