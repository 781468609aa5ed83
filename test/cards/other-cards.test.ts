import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  actionKey,
  cardBytes,
  renderApprovalCard,
  renderEscalationCard,
  renderMessageCard,
  renderPickerCard,
  renderSummaryCard,
  verbs,
} from '../../src/cards';
import { compose, templatesDir } from '../../src/cards/templates';
import { actionTitled, executeActions, inputs, nodes, parserProblems, textBlocks, unescapeMarkdown, visibleText } from '../helpers/card-checks';
import { runbooks, seed, typical, walkSeed } from '../helpers/card-incidents';

// The cards outside the incident conversation: approvals, the customer summary, escalation, picker and messages.

const walk = walkSeed(typical);
const shown = (card: unknown) => unescapeMarkdown(visibleText(card));
const at = new Date('2026-11-24T11:00:00Z');

describe('approval card', () => {
  const { pending, approved, rejected } = walk.approvals;

  it('pending: what, why, the reason given, who asked; a comment and Approve / Reject', () => {
    const card = renderApprovalCard(pending.incident, seed, pending.id, at);
    const text = shown(card);
    expect(text).toContain('Approval needed · INC-20261124-001');
    expect(text).toContain('Sev 3');
    expect(text).toContain('Release false positives only after policy review.');
    expect(text).toContain('Why it needs approval: Releasing quarantined mail is a policy bypass and needs an approval record.');
    expect(text).toContain('Reason given: The outbound connector points at the old smart host.');
    expect(text).toMatch(/Requested by Ada Lovelace at 2026-11-24 \d\d:\d\d UTC/);
    expect(inputs(card).map((i) => i.id)).toEqual(['comment']);
    const decisions = executeActions(card).map((a) => [a.title, a.verb, a.data.approvalId, a.data.decision]);
    expect(decisions).toEqual([
      ['Approve', verbs.decideApproval, pending.id, 'approve'],
      ['Reject', verbs.decideApproval, pending.id, 'reject'],
    ]);
    expect(actionTitled(card, 'Approve').data.actionKey).toBe(actionKey(pending.incident.id, pending.incident.version, verbs.decideApproval, `${pending.id}:approve`));
  });

  it('decided: the decision in words and no buttons', () => {
    const yes = renderApprovalCard(approved.incident, seed, approved.id, at);
    expect(shown(yes)).toMatch(/Approved by Alan Turing at 2026-11-24 \d\d:\d\d UTC: Go ahead, change window is open\./);
    expect(executeActions(yes)).toEqual([]);
    expect(yes.actions).toBeUndefined();
    expect(inputs(yes)).toEqual([]);
    const no = renderApprovalCard(rejected.incident, seed, rejected.id, at);
    expect(shown(no)).toMatch(/Rejected by Grace Hopper at .*: Go ahead, change window is open\./);
    expect(executeActions(no)).toEqual([]);
  });

  // Issue 14 item 11.4: a decided card was still titled "Approval needed".
  it('is titled by the request\'s status', () => {
    const title = (card: unknown) => textBlocks(card)[0];
    expect(title(renderApprovalCard(pending.incident, seed, pending.id, at))).toBe('Approval needed · INC-20261124-001');
    expect(title(renderApprovalCard(approved.incident, seed, approved.id, at))).toBe(`Approved · ${approved.incident.id}`);
    expect(title(renderApprovalCard(rejected.incident, seed, rejected.id, at))).toBe(`Rejected · ${rejected.incident.id}`);
    const by = { id: 'staff-1', name: 'Ada Lovelace' };
    const cancelled = { ...pending.incident, phase: 'cancelled' as const, cancelled: { at: at.toISOString(), by, reason: 'Duplicate' } };
    expect(title(renderApprovalCard(cancelled, seed, pending.id, at))).toBe('Cancelled · INC-20261124-001');
    const closed = { ...pending.incident, phase: 'closed' as const, closedAt: at.toISOString() };
    expect(title(renderApprovalCard(closed, seed, pending.id, at))).toBe('Withdrawn · INC-20261124-001');
    expect(title(renderApprovalCard(pending.incident, seed, 'INC-20261124-001-A99', at))).toBe('Approval request · INC-20261124-001');
  });

  it('shows a refusal notice on top', () => {
    const card = renderApprovalCard(pending.incident, seed, pending.id, at, { text: 'Only configured approvers can decide.', tone: 'attention' });
    expect((card.body as Record<string, unknown>[])[0]).toMatchObject({ type: 'Container', style: 'attention' });
    expect(textBlocks(card)[0]).toBe('Only configured approvers can decide.');
  });

  it('says so when the approval does not exist', () => {
    const card = renderApprovalCard(pending.incident, seed, 'INC-20261124-001-A99', at);
    expect(shown(card)).toContain('There is no approval request INC-20261124-001-A99');
    expect(executeActions(card)).toEqual([]);
    expect(parserProblems(card)).toEqual([]);
  });
});

describe('customer summary card', () => {
  const card = renderSummaryCard(walk.phases.closed, seed);
  it('has the runbook summary labels with the texts', () => {
    const text = shown(card);
    for (const field of seed.summary) {
      expect(text).toContain(field.label);
      expect(text).toContain(walk.phases.closed.summary.fields[field.id].slice(0, 30));
    }
  });

  it('states incident, severity, time range and runbook as facts', () => {
    const facts = nodes(card).find((n) => n.type === 'FactSet')?.facts as { title: string; value: string }[];
    const byTitle = Object.fromEntries(facts.map((f) => [f.title, unescapeMarkdown(f.value)]));
    expect(byTitle.Incident).toBe('INC-20261124-001');
    expect(byTitle.Severity).toBe('Sev 3');
    expect(byTitle.Opened).toBe('2026-11-24 09:00 UTC');
    expect(byTitle.Closed).toMatch(/^2026-11-24 \d\d:\d\d UTC$/);
    expect(byTitle.Runbook).toBe('Exchange Online Mail Flow Failure (Microsoft 365 Administration Runbooks 04)');
    expect(executeActions(card)).toEqual([]);
  });
});

describe('escalation card', () => {
  it('names the incident, severity with reasons, who opened it and who is affected', () => {
    const incident = walk.phases['triage-escalated'];
    const card = renderEscalationCard(incident, seed, incident.escalated?.reason ?? '', at);
    const text = shown(card);
    expect(text).toContain('Escalation · INC-20261124-002 · Sev 1');
    expect(text).toContain('Why: Sev 1 — affected scope: tenant-wide (all mail flow)');
    // Issue 14 item 11.5: the reason once, not again as a bullet below.
    expect(text.match(/affected scope: tenant-wide/g)).toHaveLength(1);
    expect(text).not.toContain('•');
    expect(text).toMatch(/Ada Lovelace at 2026-11-24 09:00 UTC/);
    expect(text).toContain('Bob in Sales');
    expect(text).toContain('Tenant-wide (all mail flow)');
    expect(executeActions(card)).toEqual([]);
  });
});

describe('picker card', () => {
  it('has a Start button per runbook with runbook.pick and the runbook id, no incident', () => {
    const card = renderPickerCard(runbooks);
    const picks = executeActions(card);
    expect(picks.map((a) => [a.verb, a.data.runbookId])).toEqual(runbooks.map((rb) => [verbs.pickRunbook, rb.id]));
    expect(picks.every((a) => a.data.incidentId === undefined && typeof a.data.actionKey === 'string')).toBe(true);
    expect(shown(card)).toContain('Microsoft 365 Administration Runbooks 04 · revised 2026-05-29');
  });

  it('gives each picker its own keys, so a new picker opens a new incident', () => {
    const keyOf = (pickerId: string) => executeActions(renderPickerCard(runbooks, undefined, pickerId))[0].data.actionKey;
    expect(keyOf('a')).not.toBe(keyOf('b'));
    expect(keyOf('a')).toBe(keyOf('a'));
  });

  it('says so when there are no runbooks', () => {
    expect(shown(renderPickerCard([]))).toContain('No runbooks are loaded.');
  });
});

describe('message card', () => {
  it.each(['attention', 'good', 'default'] as const)('tone %s colours the title', (tone) => {
    const card = renderMessageCard('Title', 'Text', tone);
    // Good news reads in the default colour (green text is below 4.5:1 on white); the container's style keeps the tone.
    expect(nodes(card).find((n) => n.type === 'TextBlock')).toMatchObject({ text: 'Title', color: tone === 'good' ? 'default' : tone });
    expect(nodes(card).find((n) => n.type === 'Container')).toMatchObject({ style: tone });
    expect(parserProblems(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThan(1000);
  });
});

describe('templates', () => {
  const files = readdirSync(templatesDir()).filter((f) => f.endsWith('.json'));

  it.each(files)('%s is an Adaptive Card 1.5 template', (file) => {
    const json = JSON.parse(readFileSync(join(templatesDir(), file), 'utf8'));
    expect(json).toMatchObject({ type: 'AdaptiveCard', version: '1.5', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    const actions = nodes(json).filter((n) => n.type === 'Action.Execute');
    // Verbs and data come from the view (src/cards/verbs.ts), never typed into a template.
    expect(actions.filter((a) => !/^\$\{[\w.]+\}$/.test(String(a.verb)) || !/^\$\{[\w.]+\}$/.test(String(a.data)))).toEqual([]);
  });

  it('compose stacks bodies and actions, keeping other properties', () => {
    const card = compose({ type: 'AdaptiveCard', version: '1.5', body: [1] }, { msteams: { width: 'Full' }, body: [2], actions: [3] }, { body: [], actions: [4] });
    expect(card).toEqual({ type: 'AdaptiveCard', version: '1.5', msteams: { width: 'Full' }, body: [1, 2], actions: [3, 4] });
  });
});
