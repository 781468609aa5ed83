import { diagnosticsLostAfterSeconds, suggestedFinding } from '../../src/incident/handlers/diagnostics';
import { limits, type DiagnosticsAvailability } from '../../src/incident/handlers/change';
import { describeRejection } from '../../src/incident/rejections';
import type { DiagnosticItem, Incident } from '../../src/incident/types';
import type { Runbook } from '../../src/runbook/schema';
import {
  accept,
  actors,
  cmd,
  drive,
  driveWith,
  env,
  envFor,
  incidentAt,
  intakeValues,
  makeIncident,
  refuse,
  runbookById,
  secondRunbookId,
  seedRunbook,
} from '../helpers/incident-builders';
import { failedTraceItem } from '../helpers/diagnostic-items';

// Live checks in the engine: planned with the intake (or Check again), recorded as evidence, the trace status suggesting a finding.

const both: DiagnosticsAvailability = { graph: true, dns: true };
const bot = { id: 'runbook-bot', name: 'Runbook bot' };
const last = (incident: Incident) => incident.audit[incident.audit.length - 1]!;
const seconds = (incident: Incident, s: number) => new Date(Date.parse(last(incident).at) + s * 1000);

const item = failedTraceItem;
const answers: DiagnosticItem[] = [
  item(),
  item({
    id: 'service-health',
    title: 'Exchange Online service health',
    summary: 'not available: Graph answered 403 (missing permission ServiceHealth.Read.All)',
    ok: false,
    tone: 'warning',
    lines: [],
  }),
  item({
    id: 'dns:contoso.com',
    title: 'DNS of contoso.com',
    summary: '1 problem: two SPF records.',
    tone: 'attention',
    lines: [{ text: 'two SPF records. Fix: Merge them.', tone: 'attention' }],
  }),
];

/** An incident whose intake was just submitted where Graph and DNS are available: a round is checking. */
function checking(runbook = seedRunbook()): Incident {
  const fresh = makeIncident({ runbookId: runbook.id });
  return accept(fresh, cmd('submitIntake', { values: intakeValues(runbook) }), envFor(fresh, { diagnostics: both })).incident;
}

const record = (incident: Incident, body: { items?: DiagnosticItem[]; traceStatus?: string; requestId?: string } = {}) =>
  cmd(
    'recordDiagnostics',
    {
      requestId: body.requestId ?? incident.diagnostics!.requestId,
      items: body.items ?? answers,
      ...(body.traceStatus ? { traceStatus: body.traceStatus } : {}),
    },
    { actor: bot },
  );

describe('planning a round with the intake', () => {
  it('starts checking when the intake is submitted and Graph and DNS are available, and asks for the round by id', () => {
    const fresh = makeIncident();
    const e = envFor(fresh, { diagnostics: both });
    const { incident, effects } = accept(fresh, cmd('submitIntake', { values: intakeValues(seedRunbook()) }), e);
    const requestId = `check-${incident.version}`;
    expect(incident.phase).toBe('triage');
    expect(incident.diagnostics).toEqual({
      requestId,
      requestedAt: e.now.toISOString(),
      requestedBy: actors.staff,
      status: 'checking',
      round: 1,
      planned: ['message trace', 'Exchange Online health', 'mail DNS'],
      items: [],
    });
    expect(effects).toEqual([{ kind: 'showIncident' }, { kind: 'runDiagnostics', requestId }]);
  });

  it('runs the round after the escalation when the intake grades Sev 1', () => {
    const fresh = makeIncident();
    const { effects } = accept(fresh, cmd('submitIntake', { values: intakeValues(seedRunbook(), { scope: 'tenant' }) }), envFor(fresh, { diagnostics: both }));
    expect(effects.map((x) => x.kind)).toEqual(['showIncident', 'postEscalation', 'runDiagnostics']);
  });

  it.each<[string, DiagnosticsAvailability | undefined]>([
    ['absent', undefined],
    ['false/false', { graph: false, dns: false }],
  ])('plans nothing when availability is %s', (_name, diagnostics) => {
    const fresh = makeIncident();
    const { incident, effects } = accept(fresh, cmd('submitIntake', { values: intakeValues(seedRunbook()) }), envFor(fresh, { diagnostics }));
    expect(incident.phase).toBe('triage');
    expect(incident.diagnostics).toBeUndefined();
    expect(effects).toEqual([{ kind: 'showIncident' }]);
  });

  it('plans with only one of Graph or DNS when the runbook asks for a lookup that can run', () => {
    for (const diagnostics of [
      { graph: true, dns: false },
      { graph: false, dns: true },
    ]) {
      const fresh = makeIncident();
      const { incident } = accept(fresh, cmd('submitIntake', { values: intakeValues(seedRunbook()) }), envFor(fresh, { diagnostics }));
      expect(incident.diagnostics?.status).toBe('checking');
    }
  });

  it('plans nothing for a runbook without a diagnostics section', () => {
    const bare: Runbook = { ...seedRunbook(), diagnostics: undefined };
    const fresh = makeIncident();
    const { incident, effects } = accept(fresh, cmd('submitIntake', { values: intakeValues(bare) }), envFor(fresh, { runbook: bare, diagnostics: both }));
    expect(incident.diagnostics).toBeUndefined();
    expect(effects).toEqual([{ kind: 'showIncident' }]);
  });

  it('plans nothing when the runbook only asks for lookups this installation cannot run (SharePoint: service health, DNS only)', () => {
    const sharepoint = runbookById(secondRunbookId);
    const fresh = makeIncident({ runbookId: secondRunbookId });
    const { incident } = accept(fresh, cmd('submitIntake', { values: intakeValues(sharepoint) }), envFor(fresh, { diagnostics: { graph: false, dns: true } }));
    expect(incident.diagnostics).toBeUndefined();
    expect(checking(sharepoint).diagnostics?.status).toBe('checking');
  });

  it('does not start another round when single fields are updated later', () => {
    const triage = incidentAt('triage');
    const { incident, effects } = accept(
      triage,
      cmd('submitIntake', { values: { messageTraceId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' } }),
      envFor(triage, { diagnostics: both }),
    );
    expect(incident.diagnostics).toBeUndefined();
    expect(effects).toEqual([{ kind: 'showIncident' }]);
  });
});

describe('recordDiagnostics', () => {
  it('keeps the answers, adds one lookup evidence entry per answered item for logs-and-traces, and suggests the finding', () => {
    const round = checking();
    const e = envFor(round, { diagnostics: both });
    const { incident, effects } = accept(round, record(round, { traceStatus: 'Failed' }), e);
    const at = e.now.toISOString();
    expect(incident.diagnostics).toEqual({
      ...round.diagnostics,
      status: 'done',
      completedAt: at,
      items: answers,
      trace: { status: 'Failed', findingId: 'failed-with-ndr' },
    });
    expect(effects).toEqual([{ kind: 'showIncident' }]);
    const added = incident.evidence.slice(round.evidence.length);
    // The unanswered health lookup is not evidence: "not available" says nothing about the incident.
    expect(added).toHaveLength(2);
    expect(added.every((x) => x.kind === 'lookup' && x.coversItem === 'logs-and-traces' && x.at === at && x.by === bot)).toBe(true);
    // Numbered like every other evidence entry (E1, E2, ...), so they read the same in the evidence list and pack.
    expect(added.map((x) => x.id)).toEqual([1, 2].map((n) => `E${round.evidence.length + n}`));
    expect(new Set(incident.evidence.map((x) => x.id)).size).toBe(incident.evidence.length);
    expect(added[0]!.text).toBe(
      [
        'Message trace bob@contoso.com → alice@fabrikam.com: 1 message found; the one at 2026-11-24T08:31:00Z is Failed.',
        '- Searched 2026-11-24T06:30Z to 2026-11-24T09:01Z.',
        '- 2026-11-24T08:31:05Z FAIL: 550 5.1.1 RESOLVER.ADR.RecipNotFound',
      ].join('\n'),
    );
    expect(added[1]!.text).toMatch(/^DNS of contoso\.com: 1 problem: two SPF records\./);
    expect(added.some((x) => x.text.includes('not available'))).toBe(false);
    expect(last(incident)).toMatchObject({ actor: bot, what: 'recorded the live checks', detail: '2 answered, 1 not available, trace: Failed' });
  });

  it.each([
    ['Failed', 'failed-with-ndr'],
    ['FAILED', 'failed-with-ndr'],
    ['failed', 'failed-with-ndr'],
    ['Delivered', 'delivered-to-mailbox'],
    ['filteredasspam', 'quarantined'],
    ['Quarantined', 'quarantined'],
  ])('maps the trace status %s to %s', (status, findingId) => {
    const round = checking();
    const { incident } = accept(round, record(round, { traceStatus: status }));
    expect(incident.diagnostics?.trace).toEqual({ status, findingId });
    expect(suggestedFinding(seedRunbook(), status)).toBe(findingId);
  });

  it('keeps a status the runbook does not map, without a suggestion; and no trace without a status', () => {
    const round = checking();
    expect(accept(round, record(round, { traceStatus: 'Pending' })).incident.diagnostics?.trace).toEqual({ status: 'Pending' });
    const none = accept(round, record(round, { items: [answers[2]!] })).incident;
    expect(none.diagnostics?.trace).toBeUndefined();
    expect(last(none).detail).toBe('1 answered');
  });

  it('rejects answers of another round as superseded and changes nothing', () => {
    const round = checking();
    const r = refuse(round, record(round, { requestId: 'check-1' }));
    expect(r).toEqual({ code: 'diagnostics-superseded', requestId: 'check-1' });
    expect(describeRejection(r)).toBe('These check results (check-1) were replaced by a newer check.');
    expect(refuse(incidentAt('triage'), record(round))).toMatchObject({ code: 'diagnostics-superseded' });
  });

  it('does not record the same round twice (no duplicate evidence)', () => {
    const round = checking();
    const done = accept(round, record(round, { traceStatus: 'Failed' })).incident;
    expect(refuse(done, record(round))).toEqual({ code: 'diagnostics-superseded', requestId: round.diagnostics!.requestId });
  });

  it('bounds what it keeps: at most 12 items of at most 12 lines, texts cut, evidence within the evidence limit', () => {
    const round = checking();
    const long = (n: number, unit = 'x') => unit.repeat(n);
    const many = Array.from({ length: 30 }, (_, i) =>
      item({
        id: `dns:${long(200, String(i % 10))}`,
        title: long(500, 'T'),
        summary: long(2000, 'S'),
        lines: Array.from({ length: 40 }, () => ({ text: long(3000, 'L'), tone: 'warning' as const })),
      }),
    );
    const { incident } = accept(round, record(round, { items: many, traceStatus: long(300, 'F') }));
    const kept = incident.diagnostics!.items;
    expect(kept).toHaveLength(12);
    for (const k of kept) {
      expect(k.id.length).toBeLessThanOrEqual(80);
      expect(k.title.length).toBeLessThanOrEqual(120);
      expect(k.summary.length).toBeLessThanOrEqual(400);
      expect(k.lines).toHaveLength(12);
      expect(k.lines.every((l) => l.text.length <= 400)).toBe(true);
    }
    expect(incident.diagnostics!.trace?.status).toHaveLength(40);
    const added = incident.evidence.slice(round.evidence.length);
    expect(added).toHaveLength(12);
    expect(added.every((x) => x.text.length <= limits.evidence)).toBe(true);
    expect(JSON.stringify(incident).length).toBeLessThan(200_000);
  });
});

describe('runDiagnostics (Check again)', () => {
  it('is refused while a round runs, with how long it has been running', () => {
    const round = checking();
    const r = refuse(round, cmd('runDiagnostics', {}), env({ now: seconds(round, 12), diagnostics: both }));
    expect(r).toEqual({ code: 'diagnostics-running', sinceSeconds: 12 });
    expect(describeRejection(r)).toMatch(/still running \(started 12 s ago\)/);
  });

  it(`starts a new round once the running one is ${diagnosticsLostAfterSeconds} s old, and the old answers are then superseded`, () => {
    const round = checking();
    const e = env({ now: seconds(round, diagnosticsLostAfterSeconds), diagnostics: both });
    const { incident, effects } = accept(round, cmd('runDiagnostics', {}), e);
    const requestId = `check-${incident.version}`;
    expect(requestId).not.toBe(round.diagnostics!.requestId);
    expect(incident.diagnostics).toEqual({
      requestId,
      requestedAt: e.now.toISOString(),
      requestedBy: actors.staff,
      status: 'checking',
      round: 2,
      planned: ['message trace', 'Exchange Online health', 'mail DNS'],
      items: [],
    });
    expect(effects).toEqual([{ kind: 'showIncident' }, { kind: 'runDiagnostics', requestId }]);
    expect(last(incident).what).toBe('asked for the live checks again');
    expect(refuse(incident, record(round))).toEqual({ code: 'diagnostics-superseded', requestId: round.diagnostics!.requestId });
    expect(accept(incident, record(incident)).incident.diagnostics?.status).toBe('done');
  });

  it('starts a new round at once after a round has answered', () => {
    const round = checking();
    const done = accept(round, record(round, { traceStatus: 'Failed' })).incident;
    const { incident } = accept(done, cmd('runDiagnostics', {}), envFor(done, { diagnostics: both }));
    expect(incident.diagnostics).toMatchObject({ status: 'checking', items: [] });
    expect(incident.evidence).toEqual(done.evidence);
  });

  it.each<[string, DiagnosticsAvailability | undefined]>([
    ['absent', undefined],
    ['false/false', { graph: false, dns: false }],
  ])('is refused as unavailable when availability is %s', (_name, diagnostics) => {
    const r = refuse(incidentAt('triage'), cmd('runDiagnostics', {}), envFor(incidentAt('triage'), { diagnostics }));
    expect(r).toEqual({ code: 'diagnostics-unavailable' });
    expect(describeRejection(r)).toMatch(/Live checks are not set up/);
  });

  it('is refused as unavailable for a runbook without a diagnostics section', () => {
    const bare: Runbook = { ...seedRunbook(), diagnostics: undefined };
    const triage = incidentAt('triage');
    expect(refuse(triage, cmd('runDiagnostics', {}), envFor(triage, { runbook: bare, diagnostics: both }))).toEqual({ code: 'diagnostics-unavailable' });
  });

  it('runs in triage and decision only, where the card offers it', () => {
    const decision = incidentAt('decision');
    expect(accept(decision, cmd('runDiagnostics', {}), envFor(decision, { diagnostics: both })).incident.diagnostics?.status).toBe('checking');
    for (const phase of ['intake', 'investigation', 'remediation', 'validation', 'evidence', 'summary'] as const) {
      const at = incidentAt(phase);
      expect(refuse(at, cmd('runDiagnostics', {}), envFor(at, { diagnostics: both }))).toMatchObject({ code: 'wrong-phase', phase });
    }
  });
});

describe('chooseFinding after a suggestion', () => {
  /** The seed incident in decision, with the trace having said `status`. */
  function decisionWithTrace(status: string): Incident {
    const round = checking();
    const recorded = accept(round, record(round, { traceStatus: status })).incident;
    return driveWith(
      { diagnostics: both },
      recorded,
      ...seedRunbook().firstFifteen.map((i) => cmd('tick', { list: 'checklist', itemId: i.id, done: true })),
      cmd('continue', {}),
    );
  }

  it('records that the choice confirms the suggestion', () => {
    const decision = decisionWithTrace('Failed');
    expect(decision.phase).toBe('decision');
    const chosen = drive(decision, cmd('chooseFinding', { findingId: 'failed-with-ndr', ndrText: '550 5.7.1 Delivery not authorized' }));
    expect(chosen.finding).toMatchObject({ findingId: 'failed-with-ndr', suggested: 'failed-with-ndr' });
    expect(last(chosen)).toMatchObject({ what: 'chose the finding "Failed with NDR"', detail: 'NDR codes: 5.7.1; confirms the message trace suggestion' });
  });

  it('records that the choice overrides the suggestion', () => {
    const chosen = drive(decisionWithTrace('Failed'), cmd('chooseFinding', { findingId: 'quarantined' }));
    expect(chosen.finding).toMatchObject({ findingId: 'quarantined', suggested: 'failed-with-ndr' });
    expect(last(chosen).detail).toBe('overrides the message trace suggestion "failed-with-ndr"');
  });

  it('records nothing about a suggestion when there was none', () => {
    const plain = drive(incidentAt('decision'), cmd('chooseFinding', { findingId: 'quarantined' }));
    expect(plain.finding?.suggested).toBeUndefined();
    expect(last(plain).detail).toBeUndefined();
    const unmapped = drive(decisionWithTrace('Pending'), cmd('chooseFinding', { findingId: 'quarantined' }));
    expect(unmapped.finding?.suggested).toBeUndefined();
  });
});

describe('limits of what a round counts for', () => {
  it('the bot\'s lookups do not meet "capture evidence before intrusive remediation"; a person\'s evidence does', () => {
    const base = incidentAt('remediation');
    const lookup = {
      id: 'E1',
      kind: 'lookup' as const,
      text: 'DNS of contoso.com: 1 problem: two SPF records.',
      coversItem: 'logs-and-traces',
      at: base.openedAt,
      by: bot,
    };
    const onlyLookups: Incident = { ...base, evidence: [lookup] };
    expect(refuse(onlyLookups, cmd('markActionDone', { actionId: 'correct-dns-records' }))).toMatchObject({ code: 'needs-evidence' });
    const withNote: Incident = { ...base, evidence: [lookup, { ...lookup, id: 'E2', kind: 'text', text: 'NDR screenshot', by: actors.staff }] };
    expect(
      accept(withNote, cmd('markActionDone', { actionId: 'correct-dns-records', note: 'SPF: two records -> one' })).incident.actions['correct-dns-records']
        ?.status,
    ).toBe('done');
  });

  it('Check again is refused after six rounds, in words, and the record stays bounded', () => {
    let incident = checking();
    for (let n = 1; n <= 6; n++) {
      expect(incident.diagnostics!.round).toBe(n);
      incident = accept(incident, record(incident), envFor(incident, { diagnostics: both })).incident;
      if (n < 6) incident = accept(incident, cmd('runDiagnostics', {}), envFor(incident, { diagnostics: both })).incident;
    }
    const refused = refuse(incident, cmd('runDiagnostics', {}), envFor(incident, { diagnostics: both }));
    expect(describeRejection(refused)).toBe('The live checks already ran 6 times for this incident; run the command starters by hand.');
    expect(incident.evidence.filter((e) => e.kind === 'lookup')).toHaveLength(6 * 2);
  });
});
