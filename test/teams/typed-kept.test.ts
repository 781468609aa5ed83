import { verbs } from '../../src/cards/verbs';
import { type Card, Driver, actionsOf, textOf } from '../helpers/card-driver';
import { conversations, makeBotHarness } from '../helpers/teams-fakes';

// What a person typed survives every refusal (issue 14, items 1 and 2): the refused card comes back with their values
// in its inputs and the bad ones marked; "Post summary and close" posts the text on the card, saved first.

const seedId = 'exchange-online-mail-flow-failure';
const intake = {
  f_affectedUsers: 'Finance department shared mailbox',
  f_scope: 'department',
  f_startedAt: '2026-11-24T08:30',
  f_timeZone: 'Europe/Berlin',
  f_sender: 'obrien@contoso.com',
  f_recipient: 'payables@fabrikam.com',
  f_subject: 'Invoice 4711',
  f_ndrText: 'Remote Server returned 550 5.7.1 Delivery not authorized',
  f_regulatedData: 'no',
  f_highPriorityUser: 'no',
};

/** Every input of a card by id: its value and label. */
function inputs(card: Card): Map<string, { value?: unknown; label?: unknown }> {
  const found = new Map<string, { value?: unknown; label?: unknown }>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string') found.set(o.id, { value: o.value, label: o.label });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

async function intakeCard(d: Driver): Promise<Card> {
  const picker = await d.sayForCard('start');
  return d.click(picker, verbs.pickRunbook, { runbookId: seedId });
}

/** From a fresh intake to the remediation card: the checklist ticked, one result recorded, the finding and its steps. */
async function toRemediation(d: Driver, output: string, findingId: string, branchSteps: string[]): Promise<Card> {
  let card = await d.click(await intakeCard(d), verbs.submitIntake, {}, intake);
  for (const item of ['collect-details', 'run-message-trace', 'check-pipeline', 'review-health', 'separate-mailbox-rules']) {
    card = await d.click(card, verbs.tick, { list: 'checklist', itemId: item, done: true });
  }
  card = await d.click(card, verbs.recordResult, {}, { starterId: 'message-trace', output });
  card = await d.click(card, verbs.continue);
  card = await d.click(card, verbs.chooseFinding, { findingId });
  for (const itemId of branchSteps) card = await d.click(card, verbs.tick, { list: 'branch', itemId, done: true });
  return d.click(card, verbs.continue);
}

test('a refused intake comes back with every value as typed and the bad fields marked', async () => {
  const h = makeBotHarness();
  const d = new Driver(h.adapter, h.deliverer);
  const form = await intakeCard(d);
  const typed = { ...intake, f_timeZone: 'Europe/Londn', f_sender: 'bob@' };
  const answer = await d.click(form, verbs.submitIntake, {}, typed);
  expect(textOf(answer)).toMatch(/Sender address is not an email address/);
  const shown = inputs(answer);
  for (const [id, value] of Object.entries(typed)) expect({ id, value: shown.get(id)?.value }).toEqual({ id, value });
  expect(String(shown.get('f_sender')?.label)).toMatch(/^⚠ /);
  expect(String(shown.get('f_timeZone')?.label)).toMatch(/^⚠ /);
  expect(String(shown.get('f_recipient')?.label)).not.toMatch(/^⚠ /);
  // Fixed and sent again from the card it got back: accepted.
  const fixed = await d.click(answer, verbs.submitIntake, {}, { ...typed, f_timeZone: 'Europe/London', f_sender: 'bob@contoso.com' });
  expect(textOf(fixed)).toMatch(/First 15 minutes|Triage/);
});

test('a refused command result keeps the pasted output and the typed id', async () => {
  const h = makeBotHarness();
  const d = new Driver(h.adapter, h.deliverer);
  const form = await intakeCard(d);
  const triage = await d.click(form, verbs.submitIntake, {}, intake);
  const pasted = 'Status: Failed\nRecipient payables@fabrikam.com\n550 5.7.1';
  const refused = await d.click(triage, verbs.recordResult, {}, { starterId: 'message-trace', output: pasted, f_messageTraceId: 'not-a-trace-id' });
  expect(textOf(refused)).toMatch(/trace/i);
  const [id] = await h.service.openIn(conversations.personal.id);
  expect((await h.service.get(id))?.commandResults).toEqual([]);
  const shown = [...inputs(refused).values()].map((v) => v.value);
  expect(shown).toContain(pasted);
  expect(shown).toContain('not-a-trace-id');
});

test('"Post summary and close" posts the text on the card, saving unsaved edits first; a refusal keeps them', async () => {
  const h = makeBotHarness();
  const d = new Driver(h.adapter, h.deliverer);
  let card = await toRemediation(d, 'Status: Quarantined', 'quarantined', ['threat-reason', 'policy-review']);
  card = await d.click(card, verbs.continue, {}, { reason: 'Released by the security team outside this runbook.' });
  for (const item of ['test-message', 'trace-delivered', 'change-documented', 'same-path']) {
    card = await d.click(card, verbs.tick, { list: 'validation', itemId: item, done: true });
  }
  card = await d.click(card, verbs.continue);
  card = await d.click(card, verbs.addEvidence, {}, { evidenceText: 'Trace export', evidenceUrl: 'https://contoso.sharepoint.com/ev/1' });
  if (!actionsOf(card).some((a) => a.verb === verbs.close)) card = await d.click(card, verbs.continue);
  expect(actionsOf(card).some((a) => a.verb === verbs.close)).toBe(true);

  const summary = {
    s_whatHappened: 'Partner mail to Finance was quarantined.',
    s_impact: 'Finance, 08:30 to 10:00.',
    s_rootCause: 'A spam policy matched the partner domain.',
    s_resolution: 'Released after review.',
    s_prevention: '',
  };
  // Prevention left empty: refused, and every other edit is still in the inputs (and saved).
  const refused = await d.click(card, verbs.close, {}, summary);
  expect(textOf(refused)).toMatch(/Prevention/);
  expect(inputs(refused).get('s_rootCause')?.value).toBe(summary.s_rootCause);
  const [id] = await h.service.openIn(conversations.personal.id);
  expect((await h.service.get(id))?.summary.fields.rootCause).toBe(summary.s_rootCause);
  expect(h.recorded.channelPosts).toHaveLength(0);

  // Filled on the card, not saved: Post saves it and posts exactly that.
  const closed = await d.click(refused, verbs.close, {}, { ...summary, s_prevention: 'Partner domain added to the allow list.' });
  expect(textOf(closed)).toContain('Posting the summary to');
  expect(h.recorded.channelPosts).toHaveLength(1);
  expect(textOf(h.recorded.channelPosts[0].activity.attachments?.[0].content)).toContain('Partner domain added to the allow list.');
  expect((await h.service.get(id))?.phase).toBe('closed');
});

test("a refused approval decision keeps the approver's typed comment", async () => {
  const { testConfig, people } = await import('../helpers/teams-fakes');
  const h = makeBotHarness({ config: testConfig({ APPROVER_IDS: `${people.staff.aadObjectId},${people.approver.aadObjectId}` }) });
  const d = new Driver(h.adapter, h.deliverer);
  const card = await toRemediation(d, 'Status: Failed', 'failed-with-ndr', ['read-ndr-code', 'match-category']);
  await d.click(card, verbs.requestApproval, { actionId: 'fix-rules-or-connectors' }, { 'reason_fix-rules-or-connectors': 'needed' });
  const approvalCard = h.recorded.sends.find((s) => s.conversationId === conversations.approvers.id)?.activity.attachments?.[0].content as Card;
  const comment = 'Checked with CAB-1234, but I raised it myself';
  const refused = await d.click(approvalCard, verbs.decideApproval, { decision: 'approve' }, { comment }, people.staff, conversations.approvers);
  expect(textOf(refused)).toMatch(/you cannot decide it/i);
  expect(inputs(refused).get('comment')?.value).toBe(comment);
});
