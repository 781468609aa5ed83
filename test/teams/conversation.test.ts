import { verbs } from '../../src/cards/verbs';
import { verifyAudit } from '../../src/incident/audit';
import { type Card, Driver, actionsOf, findAction, textOf } from '../helpers/card-driver';
import { expectRefusal } from '../helpers/refusal-checks';
import { conversations, makeBotHarness, people } from '../helpers/teams-fakes';

// The whole seed incident through the real bot on a TestAdapter, clicking the actions the cards offer.

const seedId = 'exchange-online-mail-flow-failure';
const intake = {
  f_affectedUsers: 'Finance department shared mailbox',
  f_scope: 'department',
  f_startedAt: '2026-11-24T08:30',
  f_timeZone: 'Europe/Berlin',
  f_sender: "o'brien@contoso.com",
  f_recipient: 'payables@fabrikam.com',
  f_subject: 'Invoice 4711',
  f_ndrText: 'Remote Server returned 550 5.7.1 Delivery not authorized',
  f_regulatedData: 'no',
  f_highPriorityUser: 'no',
};

function incidentIdOf(card: Card): string {
  const id = actionsOf(card)
    .map((a) => a.data.incidentId)
    .find((v) => typeof v === 'string');
  if (typeof id !== 'string') throw new Error('card carries no incident id');
  return id;
}

async function openToTriage(d: Driver) {
  const picker = await d.sayForCard('start');
  const intakeCard = await d.click(picker, verbs.pickRunbook, { runbookId: seedId });
  expect(textOf(intakeCard)).toContain('Sender address');
  const triage = await d.click(intakeCard, verbs.submitIntake, {}, intake);
  return { triage, id: incidentIdOf(triage) };
}

async function triageToRemediation(d: Driver, triage: Card) {
  let card = triage;
  for (const item of ['collect-details', 'run-message-trace', 'check-pipeline', 'review-health', 'separate-mailbox-rules']) {
    card = await d.click(card, verbs.tick, { list: 'checklist', itemId: item, done: true });
  }
  card = await d.click(
    card,
    verbs.recordResult,
    {},
    { starterId: 'message-trace', output: 'Status: Failed', f_messageTraceId: 'ABCDEF12-3456-7890-ABCD-EF1234567890' },
  );
  expect(textOf(card)).toContain("-MessageTraceId 'abcdef12-3456-7890-abcd-ef1234567890'");
  card = await d.click(card, verbs.continue);
  card = await d.click(card, verbs.chooseFinding, { findingId: 'failed-with-ndr' });
  expect(textOf(card)).toContain('5.7.1');
  card = await d.click(card, verbs.tick, { list: 'branch', itemId: 'read-ndr-code', done: true });
  card = await d.click(card, verbs.tick, { list: 'branch', itemId: 'match-category', done: true });
  return d.click(card, verbs.continue);
}

describe('a whole mail-flow incident in personal chat', () => {
  test('from start to the summary in the leads channel, approved by another user', async () => {
    const h = makeBotHarness();
    const d = new Driver(h.adapter, h.deliverer);
    const { triage, id } = await openToTriage(d);
    expect(id).toMatch(/^INC-\d{8}-001$/);
    expect(textOf(triage)).toContain("Get-MessageTraceV2 -SenderAddress 'o''brien@contoso.com' -RecipientAddress 'payables@fabrikam.com'");
    expect(textOf(triage)).toMatch(/Sev 2/);

    let card = await triageToRemediation(d, triage);
    card = await d.click(
      card,
      verbs.requestApproval,
      { actionId: 'fix-rules-or-connectors' },
      { 'reason_fix-rules-or-connectors': 'Transport rule blocks external finance mail' },
    );
    const toApprovers = h.recorded.sends.filter((s) => s.conversationId === conversations.approvers.id);
    expect(toApprovers).toHaveLength(1);
    const approvalCard = toApprovers[0].activity.attachments?.[0].content as Card;
    expect(textOf(approvalCard)).toContain('Transport rule blocks external finance mail');

    const decided = await d.click(
      approvalCard,
      verbs.decideApproval,
      { decision: 'approve' },
      { comment: 'ok, CAB-1234' },
      people.approver,
      conversations.approvers,
    );
    expect(textOf(decided)).toMatch(/Approved by Alex Approver/);
    expect(actionsOf(decided).filter((a) => a.verb === verbs.decideApproval)).toHaveLength(0);

    card = (await h.service.get(id)) ? await d.sayForCard('status') : card;
    card = await d.click(card, verbs.markDone, { actionId: 'fix-rules-or-connectors' }, { 'note_fix-rules-or-connectors': 'Rule disabled' });
    card = await d.click(card, verbs.continue);
    for (const item of ['test-message', 'trace-delivered', 'change-documented', 'same-path']) {
      card = await d.click(card, verbs.tick, { list: 'validation', itemId: item, done: true });
    }
    card = await d.click(card, verbs.continue);
    card = await d.click(
      card,
      verbs.addEvidence,
      {},
      { evidenceText: 'Before/after export of the transport rule', evidenceUrl: 'https://contoso.sharepoint.com/ev/1', coversItem: 'before-after' },
    );
    card = await d.click(card, verbs.continue);
    card = await d.click(
      card,
      verbs.saveSummary,
      {},
      {
        s_whatHappened: 'Mail from a partner to Finance was rejected.',
        s_impact: 'Finance department, 08:30 to 10:00 CET.',
        s_rootCause: 'A transport rule blocked the partner domain.',
        s_resolution: 'The rule was corrected and a test message was delivered.',
        s_prevention: 'Transport rule changes now need a second reviewer.',
      },
    );
    card = await d.click(card, verbs.close);
    // The answer comes at once; the summary is posted after it and the card is then updated in place.
    expect(textOf(card)).toContain("Posting the summary to the leads' channel.");
    const updated = h.recorded.updates.at(-1)!;
    expect(updated.activityId).toBe('card-1');
    expect(textOf(updated.activity.attachments?.[0].content)).toMatch(/Summary posted to the leads' channel/i);

    expect(h.recorded.channelPosts).toHaveLength(1);
    const summary = h.recorded.channelPosts[0];
    expect(summary.channelId).toBe(conversations.leads);
    const summaryText = textOf(summary.activity.attachments?.[0].content);
    for (const label of ['What happened', 'Impact', 'Root cause', 'Resolution', 'Prevention']) expect(summaryText).toContain(label);
    expect(summaryText).toContain('A transport rule blocked the partner domain.');

    const stored = await h.service.get(id);
    expect(stored?.phase).toBe('closed');
    expect(stored?.summary.post?.status).toBe('posted');
    expect(stored?.approvals[0]).toMatchObject({ status: 'approved', decidedBy: { name: 'Alex Approver' } });
    expect(verifyAudit(stored!.audit).ok).toBe(true);

    const exported = await d.send((await import('../helpers/activities')).makeInvoke(verbs.exportPack, findAction(card, verbs.exportPack).data));
    const pack = exported
      .filter((r) => r.type === 'message')
      .map((r) => r.text)
      .join('\n');
    expect(pack).toContain(`# ${id}: Exchange Online Mail Flow Failure`);
    expect(pack).toMatch(/\*\*Audit chain\*\*: verified \(\d+ entries\)/);
    expect(pack).toMatch(/Approval .* approved by Alex Approver/);
    expect(pack).toContain('A transport rule blocked the partner domain.');
  });
});

describe('a validation item that does not apply', () => {
  test('N/A needs a reason: without one the card says why and nothing changes; with one the incident closes saying n/a', async () => {
    const h = makeBotHarness();
    const d = new Driver(h.adapter, h.deliverer);
    const { triage, id } = await openToTriage(d);
    let card = await triageToRemediation(d, triage);
    card = await d.click(card, verbs.continue, {}, { reason: 'The sender fixed their own DNS record.' });
    for (const item of ['test-message', 'trace-delivered', 'same-path']) {
      card = await d.click(card, verbs.tick, { list: 'validation', itemId: item, done: true });
    }
    expect(textOf(card)).toContain('Reason (for N/A)');
    const transport = 'Transport change is documented with before/after evidence.';

    const before = await h.service.get(id);
    card = await d.click(card, verbs.tick, { itemId: 'change-documented', notApplicable: true }, { naReason: '   ' });
    expect(textOf(card)).toContain(`Say why "${transport}" does not apply: a reason is needed to mark it not applicable.`);
    expectRefusal(before!, (await h.service.get(id))!, people.staff.aadObjectId, 'refused: mark not applicable — invalid input');
    const refusedAgain = await d.click(card, verbs.continue);
    expect(textOf(refusedAgain)).toContain(`Finish the validation checklist first: "${transport}" is still open.`);

    card = await d.click(card, verbs.tick, { itemId: 'change-documented', notApplicable: true }, { naReason: 'No transport change was made.' });
    expect(textOf(card)).toContain('Validation (3 of 4 done, 1 n/a)');
    expect(textOf(card)).toMatch(/➖ n\/a: No transport change was made\. · Sam Staff at/);
    expect(actionsOf(card).filter((a) => a.verb === verbs.tick && a.title === 'N/A')).toEqual([]);
    const marked = await h.service.get(id);
    expect(marked?.validation['change-documented']).toMatchObject({ done: false, notApplicable: true, note: 'No transport change was made.' });
    expect(marked?.audit.at(-1)?.what).toBe(`marked "${transport}" not applicable: No transport change was made.`);

    card = await d.click(card, verbs.continue);
    card = await d.click(card, verbs.addEvidence, {}, { evidenceText: 'Trace shows the test message delivered', coversItem: 'before-after' });
    card = await d.click(card, verbs.continue);
    const draft = (await h.service.get(id))?.summary.fields.resolution;
    // The resolution says what was done and validated, never the checklist's not-applicable lines.
    expect(draft).toContain('Validated: Test message succeeds through intended path');
    expect(draft).not.toContain('Not applicable');
    card = await d.click(
      card,
      verbs.saveSummary,
      {},
      {
        s_whatHappened: 'Mail from a partner to Finance was rejected.',
        s_impact: 'Finance department, 08:30 to 10:00 CET.',
        s_rootCause: "The partner's DNS record was wrong.",
        s_resolution: 'The partner corrected the record; a test message was delivered.',
        s_prevention: 'We monitor partner delivery daily.',
      },
    );
    card = await d.click(card, verbs.close);
    expect(textOf(card)).toContain('Marked not applicable');
    expect(textOf(card)).toContain(`➖ ${transport} — n/a: No transport change was made.`);
    expect((await h.service.get(id))?.phase).toBe('closed');

    const exported = await d.send((await import('../helpers/activities')).makeInvoke(verbs.exportPack, findAction(card, verbs.exportPack).data));
    const pack = exported
      .filter((r) => r.type === 'message')
      .map((r) => r.text)
      .join('\n');
    expect(pack).toMatch(/- \[n\/a\] Transport change is documented with before\/after evidence\. — No transport change was made\. \(Sam Staff, /);
    expect(pack).toMatch(/- \[x\] Test message succeeds through intended path\. — Sam Staff, /);
  });
});

describe('approvals', () => {
  async function toApproval() {
    const h = makeBotHarness();
    const d = new Driver(h.adapter, h.deliverer);
    const { triage, id } = await openToTriage(d);
    const card = await triageToRemediation(d, triage);
    await d.click(card, verbs.requestApproval, { actionId: 'fix-rules-or-connectors' }, { 'reason_fix-rules-or-connectors': 'needed' });
    const approvalCard = h.recorded.sends.find((s) => s.conversationId === conversations.approvers.id)?.activity.attachments?.[0].content as Card;
    return { h, d, id, approvalCard };
  }

  test('a rejection returns the incident to remediation with the reason shown', async () => {
    const { h, d, id, approvalCard } = await toApproval();
    const decided = await d.click(
      approvalCard,
      verbs.decideApproval,
      { decision: 'reject' },
      { comment: 'Not during business hours' },
      people.approver,
      conversations.approvers,
    );
    expect(textOf(decided)).toContain('Not during business hours');
    const incident = await h.service.get(id);
    expect(incident?.phase).toBe('remediation');
    expect(incident?.actions['fix-rules-or-connectors']).toMatchObject({ status: 'rejected', rejectedReason: 'Not during business hours' });
    const status = await d.sayForCard('status');
    expect(textOf(status)).toContain('Not during business hours');
  });

  test('the requester cannot approve their own request', async () => {
    const config = (await import('../helpers/teams-fakes')).testConfig({ APPROVER_IDS: `${people.staff.aadObjectId},${people.approver.aadObjectId}` });
    const h = makeBotHarness({ config });
    const d = new Driver(h.adapter, h.deliverer);
    const { triage, id } = await openToTriage(d);
    const card = await triageToRemediation(d, triage);
    await d.click(card, verbs.requestApproval, { actionId: 'fix-rules-or-connectors' }, { 'reason_fix-rules-or-connectors': 'needed' });
    const approvalCard = h.recorded.sends.find((s) => s.conversationId === conversations.approvers.id)?.activity.attachments?.[0].content as Card;
    const answer = await d.click(approvalCard, verbs.decideApproval, { decision: 'approve' }, {}, people.staff, conversations.approvers);
    expect(textOf(answer)).toMatch(/you cannot decide it/i);
    expect((await h.service.get(id))?.approvals[0].status).toBe('pending');
  });

  test('a non-approver gets a clear refusal and nothing changes', async () => {
    const { h, d, id, approvalCard } = await toApproval();
    const before = await h.service.get(id);
    const answer = await d.click(approvalCard, verbs.decideApproval, { decision: 'approve' }, {}, people.outsider, conversations.approvers);
    expect(textOf(answer)).toMatch(/Only a configured approver/);
    expect(actionsOf(answer).some((a) => a.verb === verbs.decideApproval)).toBe(true);
    expectRefusal(before!, (await h.service.get(id))!, people.outsider.aadObjectId, 'refused: approve — not an approver');
  });

  test('a second click or a stale approval card gets the decided card back and changes nothing', async () => {
    const { h, d, id, approvalCard } = await toApproval();
    await d.click(approvalCard, verbs.decideApproval, { decision: 'approve' }, {}, people.approver, conversations.approvers);
    const after = await h.service.get(id);
    const again = await d.click(
      approvalCard,
      verbs.decideApproval,
      { decision: 'reject' },
      { comment: 'changed my mind' },
      people.approver2,
      conversations.approvers,
    );
    expect(textOf(again)).toMatch(/already approved by Alex Approver/);
    expectRefusal(after!, (await h.service.get(id))!, people.approver2.aadObjectId, 'refused: reject — already decided');
  });

  test('the decision updates the incident card in place', async () => {
    const { h, d, approvalCard } = await toApproval();
    h.recorded.updates.length = 0;
    await d.click(approvalCard, verbs.decideApproval, { decision: 'approve' }, {}, people.approver, conversations.approvers);
    const incidentUpdate = h.recorded.updates.find((u) => u.conversationId === conversations.personal.id);
    expect(incidentUpdate).toBeDefined();
    expect(textOf(incidentUpdate?.activity.attachments?.[0].content)).toMatch(/approved/i);
  });
});

describe('stale and bad input', () => {
  test('a click on an old card version gets the current card back, never an overwrite', async () => {
    const h = makeBotHarness();
    const d = new Driver(h.adapter, h.deliverer);
    const { triage, id } = await openToTriage(d);
    let card = triage;
    for (const item of ['collect-details', 'run-message-trace', 'check-pipeline', 'review-health', 'separate-mailbox-rules']) {
      card = await d.click(card, verbs.tick, { list: 'checklist', itemId: item, done: true });
    }
    const before = await h.service.get(id);
    const answer = await d.click(triage, verbs.continue);
    expect(textOf(answer)).toMatch(/out of date/);
    expectRefusal(before!, (await h.service.get(id))!, people.staff.aadObjectId, 'refused: continue — stale card');
  });

  test('malformed data, unknown verbs and forged fields: a card in words, no change', async () => {
    const h = makeBotHarness();
    const d = new Driver(h.adapter, h.deliverer);
    const { triage, id } = await openToTriage(d);
    const before = await h.service.get(id);
    const unknown = await d.invoke('incident.delete', { incidentId: id, version: 2, key: 'k1' });
    expect(textOf(unknown)).toMatch(/not an action the bot knows/);
    const malformed = await d.invoke(verbs.tick, { incidentId: id, version: 2, key: 'k2', list: 'nope' });
    expect(textOf(malformed)).toMatch(/missing or malformed values .{0,2}\(list, itemId, done/);
    const noVersion = await d.invoke(verbs.tick, { incidentId: id, version: 'two', key: 'k2b' });
    expect(textOf(noVersion)).toMatch(/missing its incident id, version or key/);
    const future = await d.invoke(verbs.continue, { incidentId: id, version: 999, key: 'k3' });
    expect(textOf(future)).toMatch(/claims version 999/);
    const replies = await d.send({ ...(await import('../helpers/activities')).makeInvoke('x', {}), value: 'not an object' });
    expect((replies[0].value as { status: number }).status).toBe(200);
    expect(textOf(triage)).toContain(id);
    // Only the readable command (a version from the future) is audited; payloads that are not commands are logged only.
    expectRefusal(before!, (await h.service.get(id))!, people.staff.aadObjectId, 'refused: continue — card version from the future');
  });

  test('invalid intake values are listed in words and the incident stays in intake', async () => {
    const h = makeBotHarness();
    const d = new Driver(h.adapter, h.deliverer);
    const picker = await d.sayForCard('start');
    const intakeCard = await d.click(picker, verbs.pickRunbook, { runbookId: seedId });
    const answer = await d.click(intakeCard, verbs.submitIntake, {}, { ...intake, f_sender: 'bob@', f_startedAt: 'yesterday' });
    expect(textOf(answer)).toMatch(/Sender address is not an email address/);
    expect(textOf(answer)).toMatch(/When it started/);
    const [id] = await h.service.openIn(conversations.personal.id);
    expect((await h.service.get(id))?.phase).toBe('intake');
  });

  test('unknown text gets short help, never silence', async () => {
    const fresh = makeBotHarness();
    const d = new Driver(fresh.adapter, fresh.deliverer);
    const card = await d.sayForCard('please fix my mail');
    expect(textOf(card)).toMatch(/not a command/);
    expect(textOf(card)).toMatch(/start/);
  });
});

describe('any-time commands', () => {
  test('note, escalate, handover, cancel and status', async () => {
    const h = makeBotHarness();
    const d = new Driver(h.adapter, h.deliverer);
    const { id } = await openToTriage(d);
    await d.say('note user tried OWA as well');
    expect((await h.service.get(id))?.notes[0].text).toBe('user tried OWA as well');
    await d.say('escalate whole finance floor is down');
    expect(h.recorded.channelPosts.map((p) => p.channelId)).toEqual([conversations.leads]);
    expect((await h.service.get(id))?.severity?.label).toBe('Sev 1');
    const handoverReplies = await d.send(
      (await import('../helpers/activities')).makeMessage('handover <at>Riley Responder</at>', people.staff, conversations.personal, {
        entities: [{ type: 'mention', mentioned: { id: people.riley.id, name: people.riley.name }, text: '<at>Riley Responder</at>' }],
      }),
    );
    expect(handoverReplies.length).toBeGreaterThan(0);
    expect((await h.service.get(id))?.owner.name).toBe('Riley Responder');
    const noReason = await d.say('cancel');
    expect(noReason.map((r) => r.text).join(' ')).toMatch(/Say why/);
    await d.say('cancel duplicate of another ticket');
    expect((await h.service.get(id))?.phase).toBe('cancelled');
    const none = await d.say('status');
    expect(none.map((r) => r.text).join(' ')).toMatch(/no open incident/);
  });

  test('Sev 1 from intake posts an escalation card to the leads channel at once', async () => {
    const h = makeBotHarness();
    const d = new Driver(h.adapter, h.deliverer);
    const picker = await d.sayForCard('start');
    const intakeCard = await d.click(picker, verbs.pickRunbook, { runbookId: seedId });
    await d.click(intakeCard, verbs.submitIntake, {}, { ...intake, f_scope: 'tenant' });
    expect(h.recorded.channelPosts).toHaveLength(1);
    expect(textOf(h.recorded.channelPosts[0].activity.attachments?.[0].content)).toMatch(/Sev 1/);
  });

  test('several open incidents are told apart by id', async () => {
    const fresh = makeBotHarness();
    const d = new Driver(fresh.adapter, fresh.deliverer);
    await openToTriage(d);
    const { id: second } = await openToTriage(d);
    const ambiguous = await d.say('status');
    expect(ambiguous.map((r) => r.text).join(' ')).toMatch(/Several incidents are open here/);
    const card = await d.sayForCard(`${second} status`);
    expect(textOf(card)).toContain(second);
  });
});

describe('channels, attachments and the user-specific approval view', () => {
  const channel = { id: '19:general@thread.tacv2;messageid=100', conversationType: 'channel', isGroup: true };
  const channelData = { team: { id: '19:general@thread.tacv2' }, channel: { id: '19:leads-room@thread.tacv2', name: 'Incident Leads' } };

  test('"set summary channel" typed by an approver in a channel makes it the leads channel; others are refused; outside a channel it explains', async () => {
    const h = makeBotHarness();
    const d = new Driver(h.adapter, h.deliverer);
    const { makeMessage } = await import('../helpers/activities');
    const inPersonal = await d.say('set summary channel', people.approver);
    expect(inPersonal.map((r) => r.text).join(' ')).toMatch(/Type "set summary channel" in the Teams channel/);
    const byStaff = await d.send(makeMessage('<at>Runbook Incident Bot</at> set summary channel', people.staff, channel, { channelData }));
    expect(byStaff.map((r) => r.text)).toEqual(['Only a configured approver can choose the summary channel. Nothing was changed.']);
    expect(await h.records.summaryChannel()).toBeUndefined();
    const replies = await d.send(makeMessage('<at>Runbook Incident Bot</at> set summary channel', people.approver, channel, { channelData }));
    expect(replies.map((r) => r.text).join(' ')).toMatch(/will be posted to this channel \(Incident Leads\)/);
    expect(await h.records.summaryChannel()).toMatchObject({ channelId: '19:leads-room@thread.tacv2', name: 'Incident Leads', setBy: 'Alex Approver' });
    const { triage } = await openToTriage(d);
    expect(triage).toBeDefined();
    await d.say('escalate');
    expect(h.recorded.channelPosts.at(-1)?.channelId).toBe('19:leads-room@thread.tacv2');
  });

  test('files and images attached in chat are recorded as evidence', async () => {
    const h = makeBotHarness();
    const d = new Driver(h.adapter, h.deliverer);
    const { id } = await openToTriage(d);
    const { makeMessage } = await import('../helpers/activities');
    const replies = await d.send(
      makeMessage('', people.staff, conversations.personal, {
        attachments: [
          { contentType: 'image/png', contentUrl: 'https://contoso.sharepoint.com/ndr.png', name: 'ndr.png' },
          {
            contentType: 'application/vnd.microsoft.teams.file.download.info',
            name: 'trace.csv',
            content: { downloadUrl: 'https://contoso.sharepoint.com/trace.csv' },
          },
          { contentType: 'text/html', content: '<p></p>' },
        ],
      }),
    );
    expect(replies.map((r) => r.text).join(' ')).toMatch(/Recorded as evidence on INC-\d{8}-001: ndr\.png, trace\.csv/);
    const evidence = (await h.service.get(id))?.evidence ?? [];
    expect(evidence.map((e) => [e.kind, e.text, e.url])).toEqual([
      ['attachment', 'ndr.png', 'https://contoso.sharepoint.com/ndr.png'],
      ['attachment', 'trace.csv', 'https://contoso.sharepoint.com/trace.csv'],
    ]);
  });

  test('with APPROVAL_CARD_REFRESH the shared card has no buttons and a refresh for the approvers; the server still decides', async () => {
    const config = (await import('../helpers/teams-fakes')).testConfig({ APPROVAL_CARD_REFRESH: 'true' });
    const h = makeBotHarness({ config });
    const d = new Driver(h.adapter, h.deliverer);
    await d.say('help', people.approver, conversations.approvers);
    await d.say('help', people.approver2, conversations.approvers);
    const { triage, id } = await openToTriage(d);
    const card = await triageToRemediation(d, triage);
    await d.click(card, verbs.requestApproval, { actionId: 'fix-rules-or-connectors' }, { 'reason_fix-rules-or-connectors': 'needed' });
    const shared = h.recorded.sends.find((s) => s.conversationId === conversations.approvers.id)?.activity.attachments?.[0].content as Card & {
      refresh: { userIds: string[]; action: { verb: string; data: Record<string, unknown> } };
    };
    expect(shared.refresh.userIds.sort()).toEqual([people.approver.id, people.approver2.id].sort());
    expect(actionsOf(shared).filter((a) => a.verb === verbs.decideApproval)).toHaveLength(0);
    const { verb, data } = shared.refresh.action;
    const forApprover = await d.invoke(verb, data, people.approver, conversations.approvers);
    expect(actionsOf(forApprover).filter((a) => a.verb === verbs.decideApproval).length).toBeGreaterThan(0);
    const forOutsider = await d.invoke(verb, data, people.outsider, conversations.approvers);
    expect(actionsOf(forOutsider).filter((a) => a.verb === verbs.decideApproval)).toHaveLength(0);
    const approvalId = (await h.service.get(id))?.approvals[0].id;
    const forged = await d.invoke(
      verbs.decideApproval,
      { incidentId: id, version: 1, key: 'forged', approvalId, decision: 'approve' },
      people.outsider,
      conversations.approvers,
    );
    expect(textOf(forged)).toMatch(/Only a configured approver/);
  });
});

test('cancelling with an approval pending voids the approval cards in place; a late click changes nothing', async () => {
  const h = makeBotHarness();
  const d = new Driver(h.adapter, h.deliverer);
  const { triage, id } = await openToTriage(d);
  const card = await triageToRemediation(d, triage);
  await d.click(card, verbs.requestApproval, { actionId: 'fix-rules-or-connectors' }, { 'reason_fix-rules-or-connectors': 'needed' });
  const approvalCard = h.recorded.sends.find((s) => s.conversationId === conversations.approvers.id)?.activity.attachments?.[0].content as Card;
  h.recorded.updates.length = 0;
  await d.say('cancel user found the mail in another folder');
  const voided = h.recorded.updates.find((u) => u.conversationId === conversations.approvers.id);
  expect(textOf(voided?.activity.attachments?.[0].content)).toMatch(/No decision needed: the incident was cancelled by Sam Staff/);
  expect(actionsOf(voided?.activity.attachments?.[0].content).filter((a) => a.verb === verbs.decideApproval)).toHaveLength(0);
  const before = await h.service.get(id);
  const late = await d.click(approvalCard, verbs.decideApproval, { decision: 'approve' }, {}, people.approver, conversations.approvers);
  expect(textOf(late)).toMatch(/cancelled; nothing more can be changed/);
  expectRefusal(before!, (await h.service.get(id))!, people.approver.aadObjectId, 'refused: approve — incident cancelled');
});
