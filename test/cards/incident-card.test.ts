import { cardBudgetBytes, cardBytes, renderIncidentCard, verbs } from '../../src/cards';
import { extrasBudgetBytes } from '../../src/cards/card-size';
import type { Incident } from '../../src/incident/types';
import { actionTitled, executeActions, inputs, nodes, parserProblems, textBlocks, unescapeMarkdown, visibleText } from '../helpers/card-checks';
import { maximal, seed, typical, walkSeed } from '../helpers/card-incidents';

// What each incident view shows and offers, for the seed runbook walked through the real engine.

const typicalWalk = walkSeed(typical);
const maximalWalk = walkSeed(maximal);
const t = typicalWalk.phases;

const minutesAfter = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000);
const render = (incident: Incident, now = minutesAfter(incident.openedAt, 6), notice?: Parameters<typeof renderIncidentCard>[3]) =>
  renderIncidentCard(incident, seed, now, notice);
/** What a reader sees: escapes removed. */
const shown = (card: unknown) => unescapeMarkdown(visibleText(card));
const titles = (card: unknown) => executeActions(card).map((a) => a.title);
const inputIds = (card: unknown) => inputs(card).map((i) => i.id);

describe('header', () => {
  it('says where the incident stands: id and runbook, phase, step, severity, time open, owner', () => {
    const card = render(t.triage, minutesAfter(t.triage.openedAt, 12));
    const [title, status] = textBlocks(card);
    expect(title).toBe('INC-20261124-001 · Exchange Online Mail Flow Failure');
    expect(status).toBe('Triage (first 15 minutes) · Step 2 of 9 · Sev 3 · open 12 min · Owner: Ada Lovelace');
  });

  it('shows a notice on top in the tone given, escaped', () => {
    const card = render(t.triage, undefined, { text: 'Finish **the checklist** first', tone: 'attention' });
    const first = (card.body as Record<string, unknown>[])[0];
    expect(first).toMatchObject({ type: 'Container', style: 'attention' });
    expect(textBlocks(first)).toEqual(['Finish \\*\\*the checklist\\*\\* first']);
    expect((render(t.triage, undefined, { text: 'Saved', tone: 'good' }).body as Record<string, unknown>[])[0]).toMatchObject({ style: 'good' });
    expect((render(t.triage).body as Record<string, unknown>[])[0]).toMatchObject({ type: 'TextBlock' });
  });

  it('marks an escalated incident and offers no second escalation', () => {
    const card = render(t['triage-escalated']);
    expect(shown(card)).toMatch(/Sev 1 · open/);
    expect(shown(card)).toContain('Escalated: Sev 1 — affected scope: tenant-wide (all mail flow)');
    expect(titles(card)).not.toContain('Escalate');
    expect(titles(render(t.triage))).toContain('Escalate');
  });
});

describe('footer', () => {
  it('offers Refresh, Escalate and Cancel (a ShowCard with the reason) on every open incident', () => {
    for (const name of ['intake', 'triage', 'decision', 'investigation', 'remediation', 'validation', 'evidence', 'summary']) {
      const card = render(t[name]);
      expect(actionTitled(card, 'Refresh').verb).toBe(verbs.show);
      expect(actionTitled(card, 'Escalate').verb).toBe(verbs.escalate);
      const showCard = (card.actions as Record<string, unknown>[]).find((a) => a.type === 'Action.ShowCard');
      expect(showCard).toMatchObject({ title: 'Cancel incident' });
      expect(inputIds(showCard)).toEqual(['cancelReason']);
      expect(executeActions(showCard)[0].verb).toBe(verbs.cancel);
    }
  });

  it('has no footer on closed or cancelled incidents: only the evidence pack', () => {
    expect(titles(render(t.closed))).toEqual(['Evidence pack']);
    expect(titles(render(t.cancelled))).toEqual(['Evidence pack']);
  });

  it('lets an intake card be cancelled without filling the required fields', () => {
    const mistake = actionTitled(render(t.intake), 'Opened by mistake');
    expect(mistake).toMatchObject({ verb: verbs.cancel, associatedInputs: 'none' });
    expect(mistake.data.cancelReason).toBe('Opened by mistake');
    expect(titles(render(t.triage))).not.toContain('Opened by mistake');
  });
});

describe('intake', () => {
  const card = render(t.intake);
  const byId = Object.fromEntries(inputs(card).map((i) => [i.id, i]));

  it('has an input per intake-stage field, none for triage-stage fields', () => {
    const expected = seed.intake.filter((f) => f.stage === 'intake').map((f) => `f_${f.id}`);
    expect(inputIds(card).filter((id) => String(id).startsWith('f_'))).toEqual(expected);
    expect(byId.f_messageTraceId).toBeUndefined();
  });

  it('labels inputs, marks required fields with an error message and prefills defaults', () => {
    expect(byId.f_sender).toMatchObject({ type: 'Input.Text', label: 'Sender address', isRequired: true, style: 'email' });
    expect(byId.f_sender.errorMessage).toContain('email address');
    expect(byId.f_subject).toMatchObject({ isRequired: false });
    expect(byId.f_ndrText).toMatchObject({ isMultiline: true });
    expect(byId.f_timeZone).toMatchObject({ value: 'UTC', isRequired: true });
    expect(byId.f_startedAt.placeholder).toBe('YYYY-MM-DD hh:mm');
    // Typed fields keep the client's limit (they are short by nature); free text is refused in words instead.
    expect(byId.f_sender.maxLength).toBe(254);
  });

  // Issue 14 item 11.13: the hint under each input is text, said once.
  const hintAfter = (id: string) => {
    const items = nodes(card).find((n) => Array.isArray(n.items) && (n.items as Record<string, unknown>[]).some((i) => i.id === id))?.items as Record<string, unknown>[];
    const at = items.findIndex((i) => i.id === id);
    return items[at + 1]?.type === 'TextBlock' ? unescapeMarkdown(String(items[at + 1].text)) : undefined;
  };

  it('shows the "When it started" format as a TextBlock under the input, not only as a placeholder', () => {
    expect(hintAfter('f_startedAt')).toBe('Date and time of the first failure, in the time zone below. Format: 2026-11-24 08:30, your local time.');
  });

  it('says the time-zone hint once (the runbook\'s help has the example; no second list of zones)', () => {
    expect(hintAfter('f_timeZone')).toBe('IANA time zone or UTC offset, e.g. Europe/Berlin or +01:00.');
    expect(byId.f_timeZone.placeholder).toBe('');
    expect(JSON.stringify(card)).not.toContain('+01:00. Europe/Berlin');
  });

  // Issue 14 item 11.12: the subject box showed no limit and cut at 500 characters without a word.
  it('shows the limit of free text ("Up to 500 characters.") and leaves the refusal to the engine instead of cutting silently', () => {
    expect(hintAfter('f_subject')).toBe('Up to 500 characters.');
    expect(hintAfter('f_ndrText')).toBe('Paste the bounce message or error exactly as the user saw it. Up to 4000 characters.');
    expect(byId.f_subject.maxLength).toBeUndefined();
    expect(byId.f_ndrText.maxLength).toBeUndefined();
  });

  it('uses choice sets for choice and yes-no fields', () => {
    expect(byId.f_scope).toMatchObject({ type: 'Input.ChoiceSet', isRequired: true });
    expect((byId.f_scope.choices as unknown[]).length).toBe(5);
    expect(byId.f_regulatedData).toMatchObject({ type: 'Input.ChoiceSet', value: 'no', choices: [{ title: 'Yes', value: 'yes' }, { title: 'No', value: 'no' }] });
  });

  it('submits with intake.submit', () => {
    expect(actionTitled(card, 'Start triage').verb).toBe(verbs.submitIntake);
  });
});

describe('triage', () => {
  it("shows the seed's four command starters with the intake values quoted and flags what is missing", () => {
    const card = render(t['triage-fresh']);
    const monospace = nodes(card)
      .filter((n) => n.type === 'TextBlock' && n.fontType === 'Monospace')
      .map((n) => unescapeMarkdown(String(n.text)));
    expect(monospace).toEqual([
      "Get-MessageTraceV2 -SenderAddress 'bob@contoso.com' -RecipientAddress 'alice@fabrikam.com'",
      "Get-MessageTrace -SenderAddress 'bob@contoso.com' -RecipientAddress 'alice@fabrikam.com'",
      "Get-MessageTraceDetailV2 -MessageTraceId <id> -RecipientAddress 'alice@fabrikam.com'",
      "Get-MessageTraceDetail -MessageTraceId <id> -RecipientAddress 'alice@fabrikam.com'",
      'Get-TransportRule',
      'Get-InboundConnector; Get-OutboundConnector',
    ]);
    expect(textBlocks(card)).toContain('Fill in: Message trace id');
    expect(shown(card)).toContain('Replace placeholders before running.');
  });

  it('fills in the trace id once a result revealed it', () => {
    const card = render(t.triage);
    expect(shown(card)).toContain("Get-MessageTraceDetailV2 -MessageTraceId '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' -RecipientAddress 'alice@fabrikam.com'");
    expect(textBlocks(card).some((x) => x.startsWith('Fill in:'))).toBe(false);
  });

  it('shows the timebox: time left, then time over', () => {
    const start = t.triage.triageStartedAt as string;
    expect(textBlocks(render(t.triage, minutesAfter(start, 6)))).toContain('Started 6 min ago, 9 min left.');
    expect(textBlocks(render(t.triage, minutesAfter(start, 18)))).toContain('Started 18 min ago, timebox over by 3 min.');
  });

  it('shows severity with its reasons', () => {
    expect(shown(render(t.triage))).toContain("Severity: Sev 3 — affected scope: one user or mailbox; none of the guide's Sev 1 or Sev 2 criteria hold");
  });

  it('has a Done / Undo button per checklist item and N/A on open ones, carrying list, item and the new state', () => {
    const ticks = executeActions(render(t.triage)).filter((a) => a.verb === verbs.tick);
    expect(ticks.map((a) => [a.title, a.data.itemId, a.data.done, a.data.notApplicable])).toEqual([
      ['Undo', 'collect-details', false, undefined],
      ['Done', 'run-message-trace', true, undefined],
      ['N/A', 'run-message-trace', false, true],
      ['Undo', 'check-pipeline', false, undefined],
      ['Done', 'review-health', true, undefined],
      ['N/A', 'review-health', false, true],
      ['Done', 'separate-mailbox-rules', true, undefined],
      ['N/A', 'separate-mailbox-rules', false, true],
    ]);
    expect(ticks.every((a) => a.data.list === 'checklist')).toBe(true);
    // Done and Undo send nothing typed; N/A sends the shared reason box.
    expect(ticks.map((a) => a.associatedInputs)).toEqual(ticks.map((a) => (a.title === 'N/A' ? 'auto' : 'none')));
    expect(inputs(render(t.triage)).filter((i) => i.id === 'naReason')).toEqual([
      expect.objectContaining({ type: 'Input.Text', label: 'Reason (for N/A)', maxLength: 2000 }),
    ]);
    expect(shown(render(t.triage))).toContain('Checklist (2 of 5 done)');
  });

  it('has the record-a-result form: starter choice, output, triage-stage fields', () => {
    const card = render(t.triage);
    expect(inputIds(card)).toEqual(expect.arrayContaining(['starterId', 'output', 'f_messageTraceId']));
    const starters = inputs(card).find((i) => i.id === 'starterId')?.choices as { value: string }[];
    expect(starters.map((c) => c.value)).toEqual(seed.commands.map((c) => c.id));
    expect(actionTitled(card, 'Record result').verb).toBe(verbs.recordResult);
    expect(actionTitled(card, 'Continue to decision').verb).toBe(verbs.continue);
  });

  it('shows the latest results cut to 600 characters, with how many more there are', () => {
    const card = render(maximalWalk.phases.triage);
    const outputs = nodes(card).filter((n) => n.type === 'TextBlock' && n.fontType === 'Monospace' && String(n.text).endsWith('…'));
    expect(outputs).toHaveLength(3);
    for (const o of outputs) expect([...unescapeMarkdown(String(o.text)).replace(/\n\n/g, '\n').replace(/\u00a0/g, ' ')].length).toBeLessThanOrEqual(600);
    expect(textBlocks(card)).toContain('and 9 more');
  });
});

describe('decision', () => {
  const card = render(t.decision);
  it('offers each finding as a button with its id', () => {
    const chosen = executeActions(card).filter((a) => a.verb === verbs.chooseFinding);
    expect(chosen.map((a) => a.data.findingId)).toEqual(seed.decisions.map((d) => d.id));
    expect(shown(card)).toContain('Failed with NDR');
    expect(shown(card)).toContain('Next: Review threat reason before release.');
  });

  it('has the NDR text input prefilled from intake, and the symptoms', () => {
    const withNdr = render(maximalWalk.phases.decision);
    expect(inputs(withNdr).find((i) => i.id === 'ndrText')?.value).toBe(maximal.intake.ndrText);
    expect(shown(card)).toContain('• Users report missing, delayed, bounced, or quarantined mail.');
  });
});

describe('investigation', () => {
  const card = render(t.investigation);
  it('shows the finding, its next step, the branch steps with ticks', () => {
    expect(shown(card)).toContain('Finding: Failed with NDR');
    expect(shown(card)).toContain('Next: Use NDR code to fix DNS, recipient, connector, or policy.');
    const ticks = executeActions(card).filter((a) => a.verb === verbs.tick);
    expect(ticks.map((a) => [a.data.list, a.data.itemId, a.title])).toEqual([
      ['branch', 'read-ndr-code', 'Undo'],
      ['branch', 'match-category', 'Done'],
      ['branch', 'match-category', 'N/A'],
    ]);
    expect(inputIds(card)).toContain('naReason');
  });

  // One block per code (code · category, meaning, fix): four table columns split "5.7.1" and "Category" at 400 px.
  const ndrBlocks = (c: unknown) => nodes(c).filter((n) => n.type === 'Container' && textBlocks(n).length === 3 && textBlocks(n)[2].startsWith('Fix: '));

  it('shows the NDR analysis one block per code, and the remediation it suggests', () => {
    expect(nodes(card).some((n) => n.type === 'Table')).toBe(false);
    const [first] = ndrBlocks(card).map((b) => textBlocks(b).map(unescapeMarkdown));
    expect(first[0]).toBe('5.7.1 · policy');
    expect(first[1].length).toBeGreaterThan(10);
    expect(first[2]).toMatch(/^Fix: .{10,}/);
    expect(shown(card)).toContain('• Fix incorrect transport rules or connector settings with change control.');
  });

  it('cuts a long NDR analysis to ten codes', () => {
    const many = { ...t.investigation, finding: { ...t.investigation.finding!, ndr: { source: 'x', suggestedActions: [], codes: Array.from({ length: 14 }, (_, i) => ({ code: `5.1.${i}`, meaning: 'm', category: 'recipient' as const, fix: 'f' })) } } };
    const big = render(many);
    expect(ndrBlocks(big).map((b) => textBlocks(b)[0])).toEqual(Array.from({ length: 10 }, (_, i) => `5.1.${i} · recipient`));
    expect(textBlocks(big)).toContain('and 4 more');
  });
});

describe('remediation', () => {
  const containers = (card: unknown) =>
    nodes(card).filter((n) => n.type === 'Container' && Array.isArray(n.items) && textBlocks(n).some((x) => x.startsWith('Status:')));
  const forAction = (card: unknown, text: string) => containers(card).find((c) => textBlocks(c).some((x) => unescapeMarkdown(x) === text));

  it('shows badges and puts suggested actions first, highlighted', () => {
    const card = render(t['remediation-fresh']);
    const first = containers(card)[0];
    expect(first.style).toBe('accent');
    expect(textBlocks(first)).toContain('Suggested for this finding');
    expect(textBlocks(first)).toContain('Intrusive · Needs approval: Transport rule and connector changes go through change control.');
    expect(shown(card)).toContain('• Capture evidence before intrusive remediation.');
  });

  it('open + approval required: a reason input and Request approval', () => {
    const box = forAction(render(t['remediation-fresh']), 'Release false positives only after policy review.');
    expect(inputIds(box)).toEqual(['reason_release-false-positives']);
    expect(executeActions(box).map((a) => [a.title, a.verb, a.data.actionId])).toEqual([['Request approval', verbs.requestApproval, 'release-false-positives']]);
  });

  it('awaiting approval: waiting, with no buttons', () => {
    const box = forAction(render(t.remediation), 'Release false positives only after policy review.');
    // Issue 14 item 11.9: where the request went.
    expect(shown(box)).toMatch(/^Status: Waiting for approver: request sent to the approvers' chat; requested by Ada Lovelace at 2026-11-24 \d\d:\d\d UTC: The outbound connector points at the old smart host\.$/m);
    expect(executeActions(box)).toEqual([]);
    expect(inputIds(box)).toEqual([]);
  });

  it('rejected: the reason, and a request again', () => {
    const box = forAction(render(t['remediation-rejected']), 'Fix incorrect transport rules or connector settings with change control.');
    expect(shown(box)).toMatch(/Status: Rejected by Grace Hopper at .*: Go ahead, change window is open\./);
    expect(titles(box)).toEqual(['Request approval again']);
    expect(inputIds(box)).toEqual(['reason_fix-rules-or-connectors']);
  });

  it('approved or no approval needed: a note input and Mark done', () => {
    const approved = forAction(render(t['remediation-approved']), 'Fix incorrect transport rules or connector settings with change control.');
    expect(shown(approved)).toMatch(/Status: Approved by Alan Turing at /);
    expect(inputIds(approved)).toEqual(['note_fix-rules-or-connectors']);
    expect(executeActions(approved).map((a) => [a.title, a.verb])).toEqual([['Mark done', verbs.markDone]]);
    const free = forAction(render(t['remediation-fresh']), 'Escalate tenant-wide delivery impact as incident.');
    expect(inputIds(free)).toEqual(['note_escalate-tenant-wide']);
  });

  it('done: who and when, nothing more to do', () => {
    const box = forAction(render(t.remediation), 'Fix incorrect transport rules or connector settings with change control.');
    expect(shown(box)).toMatch(/Status: Done by Ada Lovelace at .*: Smart host changed back/);
    expect(executeActions(box)).toEqual([]);
  });

  it('warns before an intrusive change when no evidence (other than approvals) was captured', () => {
    const hint = 'Capture evidence before this intrusive change: record a command result or add evidence first.';
    const approvalsOnly = { ...t['remediation-approved'], evidence: t['remediation-approved'].evidence.filter((e) => e.kind === 'approval') };
    const box = forAction(render(approvalsOnly), 'Fix incorrect transport rules or connector settings with change control.');
    expect(textBlocks(box)).toContain(hint);
    expect(textBlocks(render(t['remediation-approved']))).not.toContain(hint);
  });

  it('continues to validation with an optional reason', () => {
    const card = render(t.remediation);
    expect(inputIds(card)).toContain('reason');
    expect(actionTitled(card, 'Continue to validation').verb).toBe(verbs.continue);
  });
});

describe('validation', () => {
  it('lists the validation checks including "validate the same path"', () => {
    const card = render(t.validation);
    const ticks = executeActions(card).filter((a) => a.verb === verbs.tick);
    expect(ticks.filter((a) => a.title !== 'N/A').map((a) => a.data.itemId)).toEqual(['test-message', 'trace-delivered', 'change-documented', 'same-path']);
    expect(ticks.filter((a) => a.title === 'N/A').map((a) => a.data.itemId)).toEqual(['trace-delivered', 'change-documented']); // the same-path rule always applies
    expect(ticks.every((a) => a.data.list === 'validation')).toBe(true);
    expect(shown(card)).toContain('Validation (1 of 4 done)');
  });

  it('shows an item marked not applicable with its reason, who and when, and offers only Undo on it', () => {
    const incident = t['validation-complete'];
    const card = render(incident);
    expect(shown(card)).toContain('Validation (3 of 4 done, 1 n/a)');
    expect(shown(card)).toContain('➖ Transport change is documented with before/after evidence');
    const at = incident.validation['change-documented'].at;
    expect(shown(card)).toContain(
      `➖ n/a: No transport change was made: only the DNS record was corrected. · Ada Lovelace at ${at.slice(0, 10)} ${at.slice(11, 16)} UTC`,
    );
    const onItem = executeActions(card).filter((a) => a.verb === verbs.tick && a.data.itemId === 'change-documented');
    expect(onItem.map((a) => [a.title, a.data.done, a.data.notApplicable])).toEqual([['Undo', false, undefined]]);
    // Nothing is open: no N/A buttons, no reason box.
    expect(titles(card)).not.toContain('N/A');
    expect(inputIds(card)).not.toContain('naReason');
  });

  it('escapes and cuts a hostile reason', () => {
    const card = render(maximalWalk.phases['validation-complete']);
    const status = textBlocks(card).find((x) => x.startsWith('➖ n/a: '));
    expect(status).toBeDefined();
    expect(status).toContain('\\*\\*b\\*\\*');
    expect(status).not.toMatch(/(^|[^\\])\*\*b/);
    const reason = unescapeMarkdown(status!.slice('➖ n/a: '.length, status!.lastIndexOf(' · ')));
    expect([...reason.replace(/\n\n/g, '\n')].length).toBeLessThanOrEqual(200);
    expect(reason.endsWith('…')).toBe(true);
  });
});

describe('evidence', () => {
  const card = render(maximalWalk.phases.evidence);
  it('shows the latest ten entries newest first, and how many more', () => {
    const total = maximalWalk.phases.evidence.evidence.length;
    expect(textBlocks(card)).toContain(`and ${total - 10} more`);
    const headings = textBlocks(card).filter((x) => /^E\d+ · /.test(x));
    expect(headings).toHaveLength(10);
    expect(headings[0].startsWith(`E${total} · `)).toBe(true);
  });

  it('marks which runbook evidence items are covered', () => {
    const typicalCard = render(t.evidence);
    expect(shown(typicalCard)).toMatch(/☑ User, device, service, tenant/);
    expect(shown(typicalCard)).toContain('covered by');
  });

  // Issue 14 item 11.11: intake answers that capture what an item asks for cover it.
  it('counts intake answers as covering an evidence item, naming them; one matching answer alone is not enough', () => {
    const base = t.evidence;
    const noEntry = { ...base, evidence: base.evidence.filter((e) => e.coversItem !== 'context') };
    const answered = { ...noEntry, intake: { ...noEntry.intake, deviceOrService: 'Outlook on iPhone', ndrText: '550 5.7.1 Delivery not authorized' } };
    const item = (card: unknown) => {
      const lines = shown(card).split('\n');
      const at = lines.findIndex((l) => l.includes('User, device, service, tenant'));
      return [lines[at], lines[at + 1]];
    };
    expect(item(render(answered))).toEqual([
      '☑ User, device, service, tenant, location, IP/network, timestamps, and exact error text.',
      'covered by the intake (NDR or exact error text, Device or service identifiers)',
    ]);
    const partly = { ...answered, intake: { ...answered.intake, deviceOrService: '' } };
    expect(item(render(partly))).toEqual([
      '☐ User, device, service, tenant, location, IP/network, timestamps, and exact error text.',
      'not covered yet; the intake has NDR or exact error text',
    ]);
  });

  it('has the add-evidence form and says chat files count as evidence', () => {
    expect(inputIds(card)).toEqual(expect.arrayContaining(['evidenceText', 'evidenceUrl', 'coversItem']));
    expect(actionTitled(card, 'Add evidence').verb).toBe(verbs.addEvidence);
    expect(shown(card)).toContain('Images or files posted in this chat are recorded as evidence too.');
    expect(actionTitled(card, 'Continue to summary').verb).toBe(verbs.continue);
  });
});

describe('summary editor', () => {
  it('prefills s_<field> inputs with the draft and uses hints as placeholders', () => {
    const card = render(t['summary-draft']);
    const fields = inputs(card).filter((i) => String(i.id).startsWith('s_'));
    expect(fields.map((f) => f.id)).toEqual(seed.summary.map((f) => `s_${f.id}`));
    expect(fields[0].value).toBe(t['summary-draft'].summary.fields.whatHappened);
    expect(fields[0].placeholder).toBe('brief customer-safe description');
    expect(titles(card)).toEqual(expect.arrayContaining(['Save summary', 'Post summary and close']));
  });

  it('lists warnings and lets the unacknowledged ones be acknowledged', () => {
    const incident = maximalWalk.phases.summary;
    const card = render(incident);
    const ack = inputs(card).find((i) => i.id === 'ack');
    expect(ack).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true });
    const pending = incident.summary.warnings.filter((w) => !incident.summary.acknowledged.includes(w.id));
    expect((ack?.choices as { value: string }[])[0].value).toBe(pending[0].id);
    expect(actionTitled(card, 'Acknowledge').verb).toBe(verbs.acknowledge);
    expect(textBlocks(card)).toContain(`and ${incident.summary.warnings.length - 25} more`);
  });

  it('lists pending warnings first, then the acknowledged ones', () => {
    const incident = maximalWalk.phases.summary;
    const few = incident.summary.warnings.slice(0, 5);
    const card = render({ ...incident, summary: { ...incident.summary, warnings: few, acknowledged: few.slice(0, 3).map((w) => w.id) } });
    const lines = textBlocks(card).filter((x) => /^[⚠☑] /.test(x));
    expect(lines.map((x) => x.slice(0, 1))).toEqual(['⚠', '⚠', '☑', '☑', '☑']);
    expect(lines[2]).toMatch(/\(acknowledged\)$/);
    expect((inputs(card).find((i) => i.id === 'ack')?.choices as { value: string }[]).map((c) => c.value)).toEqual(few.slice(3).map((w) => w.id));
  });
});

describe('closed and cancelled', () => {
  it('closed: the summary fields and where it was posted', () => {
    const card = render(t.closed);
    expect(shown(card)).toContain('Summary posted to IT Leads > Incidents at');
    expect(shown(card)).toContain('What happened');
    expect(shown(card)).toMatch(/Evidence entries/);
  });

  it('closed: lists what was marked not applicable, with the reason; nothing when all was done', () => {
    const card = render(t.closed);
    const lines = textBlocks(card);
    const heading = lines.indexOf('Marked not applicable');
    expect(heading).toBeGreaterThan(-1);
    expect(unescapeMarkdown(lines[heading + 1])).toBe(
      '➖ Transport change is documented with before/after evidence. — n/a: No transport change was made: only the DNS record was corrected.',
    );
    const tick = t.closed.validation['change-documented'];
    const allDone = render({ ...t.closed, validation: { ...t.closed.validation, 'change-documented': { ...tick, done: true, notApplicable: undefined, note: undefined } } });
    expect(textBlocks(allDone)).not.toContain('Marked not applicable');
    expect(shown(allDone)).not.toContain('n/a');
  });

  it('closed with a failed post: the failure in words and Retry posting', () => {
    const card = render(t['closed-failed']);
    expect(shown(card)).toContain('Could not post the summary');
    expect(shown(card)).toContain('The bot is not installed in the leads channel.');
    expect(executeActions(card).map((a) => [a.title, a.verb])).toEqual([['Retry posting', verbs.retryPost], ['Evidence pack', verbs.exportPack]]);
    expect(shown(render(t['closed-posting']))).toContain("Posting the summary to the leads' channel");
  });

  it('cancelled: the header says "Cancelled" once, with who and how long, and no step (issue 14, item 11.6)', () => {
    const status = textBlocks(render(t.cancelled))[1];
    expect(status).toMatch(/^Cancelled · by Ada Lovelace · Sev \d · after \d+ (?:min|h \d+ min) · Owner: Ada Lovelace$/);
    expect(status).not.toMatch(/stopped|cancelled/);
  });

  it('cancelled: reason, who and when', () => {
    const card = render(t.cancelled);
    expect(shown(card)).toContain('Reason: Duplicate of INC-20261124-002');
    expect(shown(card)).toMatch(/Cancelled by Ada Lovelace at 2026-11-24 \d\d:\d\d UTC/);
  });
});

describe('size budget', () => {
  it('shrinks texts until a pathological card fits, and stays valid', () => {
    const closed = maximalWalk.phases.closed;
    const heavy: Incident = {
      ...closed,
      summary: { ...closed.summary, fields: Object.fromEntries(seed.summary.map((f) => [f.id, '\\'.repeat(1500)])), post: { status: 'failed', at: closed.closedAt!, error: '\\'.repeat(20000) } },
      notes: closed.notes,
    };
    const card = render(heavy);
    expect(cardBytes(card)).toBeLessThanOrEqual(cardBudgetBytes);
    expect(parserProblems(card)).toEqual([]);
  });

  it('shows the earlier activity only while the card stays within 16 KB (the extras budget)', () => {
    const cards = Object.values(maximalWalk.phases).map((incident) => render(incident));
    const withEarlier = cards.filter((card) => /Earlier activity \(\d+\)/.test(shown(card)));
    expect(withEarlier.length).toBeGreaterThan(0);
    for (const card of withEarlier) expect(cardBytes(card)).toBeLessThanOrEqual(extrasBudgetBytes);
  });

  it('a card with no room for the earlier activity still says, at once, how many entries are not shown', () => {
    const triage = maximalWalk.phases.triage;
    const last = triage.audit[triage.audit.length - 1];
    const notes = Array.from({ length: 12 }, (_, i) => ({ ...last, kind: 'change' as const, what: 'added a note', detail: `Bounce ${i}: ${'x'.repeat(130)}` }));
    const card = render({ ...triage, audit: [...triage.audit, ...notes] });
    const json = JSON.stringify(card);
    expect(cardBytes(card)).toBeGreaterThan(extrasBudgetBytes); // no room for the earlier entries
    expect(json).not.toContain('timeline-earlier');
    const changes = [...triage.audit, ...notes].filter((e) => (e.kind ?? 'change') === 'change').length;
    const line = nodes(card).find((n) => typeof n.text === 'string' && /older entries/.test(n.text as string));
    expect(line?.text).toBe(`${changes - 3} older entries: type "export" for the full timeline.`);
  });

  it('keeps the summary editor under 28 KB even with five full fields in a 3-byte script (inputs are never cut)', () => {
    const summary = maximalWalk.phases.summary;
    const fields = Object.fromEntries(seed.summary.map((f) => [f.id, '漢'.repeat(1500)]));
    const card = render({ ...summary, summary: { ...summary.summary, fields } });
    expect(inputs(card).find((i) => i.id === 's_impact')?.value).toBe(fields.impact);
    expect(cardBytes(card)).toBeLessThan(28 * 1024);
  });
});
