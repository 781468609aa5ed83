import { decide } from '../../src/incident/decide';
import type { CommandBody } from '../../src/incident/commands';
import { limits } from '../../src/incident/handlers/change';
import { multilineLimit, ndrLimit, textLimit } from '../../src/incident/field-values';
import { openIncident } from '../../src/incident/open';
import { describeRejection } from '../../src/incident/rejections';
import type { Actor, Incident } from '../../src/incident/types';
import { defaultRunbooksDir, loadRunbooks } from '../../src/runbook/loader';
import type { Runbook } from '../../src/runbook/schema';

// Test builders for card tests: incidents in every phase, driven through the real engine (openIncident + decide).

export const runbooks: Runbook[] = loadRunbooks(defaultRunbooksDir());
export const seed: Runbook = byId('exchange-online-mail-flow-failure');
export const sharepoint: Runbook = byId('sharepoint-online-external-sharing-failure');

function byId(id: string): Runbook {
  const rb = runbooks.find((r) => r.id === id);
  if (!rb) throw new Error(`runbook ${id} not found`);
  return rb;
}

export const startedAt = new Date('2026-11-24T09:00:00Z');

/** Text of exactly `length` characters made by repeating `unit` (cut at the end). */
export function fill(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** Every text a scenario types, so the same walk yields a typical and a maximal incident. */
export interface Profile {
  staff: Actor;
  approver: Actor;
  secondApprover: Actor;
  intake: Record<string, string>;
  traceId: string;
  output: (i: number) => string;
  note: (i: number) => string;
  evidence: (i: number) => { text: string; url?: string };
  ndrText: string;
  reason: string;
  comment: string;
  doneNote: string;
  /** Why a validation item did not apply (marked N/A). */
  naReason: string;
  summary: (fieldId: string) => string;
  cancelReason: string;
  postError: string;
  postWhere: string;
  /** How many notes, evidence entries and command results to record. */
  counts: { notes: number; evidence: number; results: number };
}

export const typical: Profile = {
  staff: { id: 'staff-1', name: 'Ada Lovelace' },
  approver: { id: 'approver-1', name: 'Grace Hopper' },
  secondApprover: { id: 'approver-2', name: 'Alan Turing' },
  intake: {
    affectedUsers: 'Bob in Sales',
    scope: 'single-user',
    startedAt: '2026-11-24T08:30',
    timeZone: 'Europe/Berlin',
    sender: 'bob@contoso.com',
    recipient: 'alice@fabrikam.com',
    subject: 'Quarterly numbers',
    regulatedData: 'no',
    highPriorityUser: 'no',
  },
  traceId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  output: (i) => `Received  Sender  Recipient  Status\n24/11 08:31  bob@contoso.com  alice@fabrikam.com  Failed (${i})`,
  note: (i) => `Note ${i}: called Bob back.`,
  evidence: (i) =>
    i % 2 ? { text: `Screenshot of the NDR (${i})`, url: `https://contoso.sharepoint.com/evidence/${i}` } : { text: `Trace after the fix (${i})` },
  ndrText: 'Remote Server returned 550 5.7.1 Delivery not authorized, message refused',
  reason: 'The outbound connector points at the old smart host.',
  comment: 'Go ahead, change window is open.',
  doneNote: 'Smart host changed back to mail.contoso.com.',
  naReason: 'No transport change was made: only the DNS record was corrected.',
  summary: () => '',
  cancelReason: 'Duplicate of INC-20261124-002',
  postError: 'The bot is not installed in the leads channel.',
  postWhere: 'IT Leads > Incidents',
  counts: { notes: 2, evidence: 3, results: 2 },
};

/** Markdown-heavy, multi-byte text of exactly `length` characters: every special character the escaper handles. */
export function hostile(length: number, line = true): string {
  const unit = line ? '**b** _i_ [x](https://evil.example) <at>A</at> ${x} & é 😀 | # > \\ ` ~ ' : '- item **b**\n1. [x](y) <b>z</b> ${x} 😀\n';
  return fill(unit, length).replace(/[\uD800-\uDBFF]$/, 'x');
}

/** A valid email address of exactly 254 characters. */
function longEmail(local: string): string {
  const domain = `${fill('d', 63)}.${fill('e', 63)}.${fill('f', 63)}.com`;
  return `${fill(local, 254 - domain.length - 1)}@${domain}`;
}

export const maximal: Profile = {
  staff: { id: 'staff-1', name: fill('Ada *Lovelace* [admin](https://x) ', 120) },
  approver: { id: 'approver-1', name: fill('Grace _Hopper_ <at>x</at> ', 120) },
  secondApprover: { id: 'approver-2', name: fill('Alan `Turing` ', 120) },
  intake: {
    affectedUsers: hostile(textLimit),
    scope: 'department',
    startedAt: '2026-11-24T08:30+01:00',
    timeZone: 'America/Argentina/ComodRivadavia',
    sender: longEmail('b'),
    recipient: longEmail("o'brien_"),
    subject: hostile(textLimit),
    messageId: `<${fill('a*_[]\\', 800)}@${fill('contoso', 194)}>`,
    ndrText: fill('550 5.7.1 Delivery not authorized; 5.1.1 bad mailbox; 5.4.1 relay denied; 4.4.7 expired. ', ndrLimit),
    deviceOrService: hostile(textLimit),
    requestIds: hostile(textLimit),
    regulatedData: 'no',
    highPriorityUser: 'yes',
  },
  traceId: '{0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D}',
  output: (i) => fill(`${i} Received 24/11 08:31 \\\\srv\\share **x** <at>y</at> é 😀 Failed\n    indented | pipe\n`, limits.output),
  note: () => hostile(limits.note, false),
  evidence: (i) => ({ text: hostile(limits.evidence, i % 2 === 0), url: `https://${fill('evidence.contoso.com/', limits.url - 8)}` }),
  ndrText: fill('550 5.7.1 Delivery not authorized; 5.1.1 bad mailbox; 5.4.1 relay denied; 4.4.7 expired. ', limits.evidence),
  reason: hostile(limits.reason),
  comment: hostile(limits.reason),
  doneNote: hostile(limits.note, false),
  naReason: hostile(limits.note, false),
  summary: (fieldId) => {
    // Many distinct internal details (IP addresses, emails) so the summary carries many warnings.
    const parts: string[] = [];
    for (let i = 0; parts.join(' ').length < limits.summaryField; i++) parts.push(i % 3 ? `10.${i}.0.${i % 250}` : `${fieldId}${i}@contoso.com **é**`);
    return parts.join(' ').slice(0, limits.summaryField);
  },
  cancelReason: hostile(limits.reason),
  postError: hostile(multilineLimit),
  postWhere: hostile(400),
  counts: { notes: 20, evidence: 30, results: 12 },
};

/** Drives one incident through decide() with a clock that moves a minute per command; throws on any rejection. */
export class IncidentDriver {
  incident: Incident;
  now: Date;
  private keys = 0;

  constructor(
    readonly runbook: Runbook,
    readonly profile: Profile,
    id = 'INC-20261124-001',
  ) {
    this.now = new Date(startedAt);
    this.incident = openIncident(
      { id, runbook, actor: profile.staff, origin: { conversationId: 'conv-1', kind: 'personal', reference: {} }, key: 'open-1' },
      this.now,
    ).incident;
  }

  do(body: CommandBody, actor: Actor = this.profile.staff): Incident {
    this.now = new Date(this.now.getTime() + 60_000);
    const env = { now: this.now, runbook: this.runbook, approverIds: new Set([this.profile.approver.id, this.profile.secondApprover.id]) };
    const result = decide(this.incident, { ...body, actor, key: `key-${++this.keys}`, version: this.incident.version }, env);
    if (!result.ok) throw new Error(`${body.type} refused: ${describeRejection(result.rejection)}`);
    this.incident = result.incident;
    return this.incident;
  }
}

/** Named snapshots of one seed incident walked from intake to closed, plus a cancelled and an escalated one. */
export interface Walk {
  phases: Record<string, Incident>;
  /** Approval ids by state, and the incident at which each should be rendered. */
  approvals: { pending: { id: string; incident: Incident }; approved: { id: string; incident: Incident }; rejected: { id: string; incident: Incident } };
}

export function walkSeed(profile: Profile): Walk {
  const d = new IncidentDriver(seed, profile);
  const p = profile;
  const phases: Record<string, Incident> = { intake: d.incident };
  d.do({ type: 'submitIntake', values: p.intake });
  phases['triage-fresh'] = d.incident;
  for (const item of seed.firstFifteen.slice(0, 3)) d.do({ type: 'tick', list: 'checklist', itemId: item.id, done: true });
  d.do({ type: 'tick', list: 'checklist', itemId: seed.firstFifteen[1].id, done: false, note: p.doneNote });
  for (let i = 0; i < p.counts.results; i++) {
    d.do({
      type: 'recordResult',
      starterId: seed.commands[i % seed.commands.length].id,
      output: p.output(i),
      values: i === 1 ? { messageTraceId: p.traceId } : undefined,
    });
  }
  for (let i = 0; i < p.counts.notes; i++) d.do({ type: 'addNote', text: p.note(i) });
  phases.triage = d.incident;
  for (const item of seed.firstFifteen) d.do({ type: 'tick', list: 'checklist', itemId: item.id, done: true });
  d.now = new Date(d.now.getTime() + 20 * 60_000);
  phases['triage-overdue'] = d.incident;
  d.do({ type: 'continue' });
  phases.decision = d.incident;
  d.do({ type: 'chooseFinding', findingId: 'failed-with-ndr', ndrText: p.ndrText });
  d.do({ type: 'tick', list: 'branch', itemId: 'read-ndr-code', done: true, note: p.doneNote });
  phases.investigation = d.incident;
  d.do({ type: 'tick', list: 'branch', itemId: 'match-category', done: true });
  d.do({ type: 'continue' });
  phases['remediation-fresh'] = d.incident;

  for (let i = 0; i < p.counts.evidence; i++) {
    const { text, url } = p.evidence(i);
    const covers = i % 3 === 0 ? { coversItem: seed.evidence[i % seed.evidence.length].id } : {};
    d.do(url ? { type: 'addEvidence', kind: 'link', text, url, ...covers } : { type: 'addEvidence', kind: 'text', text, ...covers });
  }
  d.do({ type: 'requestApproval', actionId: 'fix-rules-or-connectors', reason: p.reason });
  const first = d.incident.approvals[0].id;
  d.do({ type: 'decideApproval', approvalId: first, decision: 'reject', comment: p.comment }, p.approver);
  const rejected = { id: first, incident: d.incident };
  phases['remediation-rejected'] = d.incident;
  d.do({ type: 'requestApproval', actionId: 'fix-rules-or-connectors', reason: p.reason });
  const second = d.incident.approvals[1].id;
  d.do({ type: 'decideApproval', approvalId: second, decision: 'approve', comment: p.comment }, p.secondApprover);
  const approved = { id: second, incident: d.incident };
  phases['remediation-approved'] = d.incident;
  d.do({ type: 'markActionDone', actionId: 'fix-rules-or-connectors', note: p.doneNote });
  d.do({ type: 'requestApproval', actionId: 'release-false-positives', reason: p.reason });
  const third = d.incident.approvals[2].id;
  const pending = { id: third, incident: d.incident };
  phases.remediation = d.incident;
  d.do({ type: 'decideApproval', approvalId: third, decision: 'reject', comment: p.comment }, p.approver);
  d.do({ type: 'markActionDone', actionId: 'correct-dns-records', note: p.doneNote });
  d.do({ type: 'continue' });
  phases['validation-fresh'] = d.incident;
  d.do({ type: 'tick', list: 'validation', itemId: 'test-message', done: true, note: p.doneNote });
  phases.validation = d.incident;
  for (const item of ['trace-delivered', 'same-path']) d.do({ type: 'tick', list: 'validation', itemId: item, done: true });
  d.do({ type: 'tick', list: 'validation', itemId: 'change-documented', done: false, notApplicable: true, note: p.naReason });
  phases['validation-complete'] = d.incident;
  d.do({ type: 'continue' });
  phases.evidence = d.incident;
  d.do({ type: 'continue' });
  phases['summary-draft'] = d.incident;
  const edited = Object.fromEntries(seed.summary.map((f) => [f.id, p.summary(f.id) || d.incident.summary.fields[f.id] || `${f.label}: see the incident.`]));
  d.do({ type: 'editSummary', fields: edited });
  if (d.incident.summary.warnings.length) d.do({ type: 'acknowledgeWarnings', warningIds: d.incident.summary.warnings.slice(0, 3).map((w) => w.id) });
  phases.summary = d.incident;
  if (d.incident.summary.warnings.length) d.do({ type: 'acknowledgeWarnings', warningIds: d.incident.summary.warnings.map((w) => w.id) });
  d.do({ type: 'close' });
  phases['closed-posting'] = d.incident;
  const closed = d.incident;
  d.do({ type: 'recordSummaryPost', ok: false, error: p.postError });
  phases['closed-failed'] = d.incident;
  d.incident = closed;
  d.do({ type: 'recordSummaryPost', ok: true, where: p.postWhere });
  phases.closed = d.incident;

  const c = new IncidentDriver(seed, profile, 'INC-20261124-002');
  c.do({ type: 'submitIntake', values: { ...p.intake, scope: 'tenant' } });
  phases['triage-escalated'] = c.incident;
  c.do({ type: 'cancel', reason: p.cancelReason });
  phases.cancelled = c.incident;
  return { phases, approvals: { pending, approved, rejected } };
}

/** Any runbook of the series walked from intake to closed with plain values: snapshots named by phase. */
export function walkAnyRunbook(runbook: Runbook, values: Record<string, string>): Record<string, Incident> {
  const p = typical;
  const d = new IncidentDriver(runbook, p, 'INC-20261124-010');
  const phases: Record<string, Incident> = { intake: d.incident };
  d.do({ type: 'submitIntake', values });
  phases.triage = d.incident;
  for (const item of runbook.firstFifteen) d.do({ type: 'tick', list: 'checklist', itemId: item.id, done: true });
  if (runbook.commands.length) d.do({ type: 'recordResult', starterId: runbook.commands[0].id, output: p.output(0) });
  d.do({ type: 'continue' });
  phases.decision = d.incident;
  const finding = runbook.decisions[0];
  d.do({ type: 'chooseFinding', findingId: finding.id, ndrText: finding.ndr ? p.ndrText : undefined });
  phases.investigation = d.incident;
  for (const step of finding.branch.steps) d.do({ type: 'tick', list: 'branch', itemId: step.id, done: true });
  d.do({ type: 'continue' });
  const action = runbook.remediation.find((a) => a.id === finding.branch.actions[0]) ?? runbook.remediation[0];
  if (action.approval.required) {
    d.do({ type: 'requestApproval', actionId: action.id, reason: p.reason });
    phases.remediation = d.incident;
    d.do({ type: 'decideApproval', approvalId: d.incident.approvals[0].id, decision: 'approve' }, p.approver);
  } else {
    phases.remediation = d.incident;
  }
  d.do({ type: 'addEvidence', kind: 'text', text: 'Before the change' });
  d.do({ type: 'markActionDone', actionId: action.id, note: p.doneNote });
  d.do({ type: 'continue' });
  phases.validation = d.incident;
  for (const item of [...runbook.validation.map((v) => v.id), ...(runbook.principles.some((x) => x.guard === 'validate-same-path') ? ['same-path'] : [])]) {
    d.do({ type: 'tick', list: 'validation', itemId: item, done: true });
  }
  d.do({ type: 'continue' });
  phases.evidence = d.incident;
  d.do({ type: 'continue' });
  d.do({ type: 'editSummary', fields: Object.fromEntries(runbook.summary.map((f) => [f.id, `${f.label}: written for the customer.`])) });
  phases.summary = d.incident;
  if (d.incident.summary.warnings.length) d.do({ type: 'acknowledgeWarnings', warningIds: d.incident.summary.warnings.map((w) => w.id) });
  d.do({ type: 'close' });
  phases.closed = d.incident;
  return phases;
}

export const sharepointValues: Record<string, string> = {
  affectedUsers: 'Finance team',
  startedAt: '2026-11-24T08:00',
  timeZone: 'UTC',
  siteUrl: 'https://contoso.sharepoint.com/sites/finance',
  user: 'carol@contoso.com',
  guestAddress: 'dave@partner.example',
  'sev1-tenant-wide-access-collaboration': 'no',
  'sev2-department-workload-high-priority': 'yes',
};
