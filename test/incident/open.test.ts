import { verifyAudit } from '../../src/incident/audit';
import { incidentId, openIncident } from '../../src/incident/open';
import { actors, deepFreeze, runbookById, secondRunbookId, seedRunbook, t0 } from '../helpers/incident-builders';

// Opening an incident: a fresh record in intake, with the runbook's defaults and the first audit entry.

const origin = { conversationId: '19:abc@thread.v2', kind: 'channel' as const, reference: { serviceUrl: 'https://smba.example' } };

describe('openIncident', () => {
  it("starts in intake at version 1 with the runbook's defaults, owned by who opened it", () => {
    const { incident, effects } = openIncident({ id: 'INC-20261124-001', runbook: seedRunbook(), actor: actors.staff, origin, key: 'k-open' }, t0);
    expect(incident).toEqual({
      id: 'INC-20261124-001',
      runbookId: 'exchange-online-mail-flow-failure',
      runbookRevised: '2026-05-29',
      version: 1,
      phase: 'intake',
      origin,
      openedAt: t0.toISOString(),
      openedBy: actors.staff,
      owner: actors.staff,
      intake: { timeZone: 'UTC', regulatedData: 'no', highPriorityUser: 'no' },
      checklist: {},
      branchSteps: {},
      validation: {},
      commandResults: [],
      actions: {},
      approvals: [],
      evidence: [],
      notes: [],
      summary: { fields: {}, warnings: [], acknowledged: [] },
      audit: [expect.objectContaining({ seq: 1, at: t0.toISOString(), actor: actors.staff, what: 'opened the incident' })],
      recentKeys: ['k-open'],
      outbox: [],
    });
    expect(effects).toEqual([{ kind: 'showIncident' }]);
    expect(verifyAudit(incident.audit)).toEqual({ ok: true, entries: 1 });
    expect(incident.severity).toBeUndefined();
  });

  it('works for any runbook of the series, from frozen input', () => {
    const rb = deepFreeze(runbookById(secondRunbookId));
    const { incident } = openIncident({ id: 'INC-20261124-002', runbook: rb, actor: actors.staff2, origin, key: 'k2' }, t0);
    expect(incident.runbookRevised).toBe('2026-06-12');
    expect(incident.audit[0].detail).toBe('runbook sharepoint-online-external-sharing-failure (2026-06-12)');
  });
});

describe('incidentId', () => {
  it.each([
    [1, 'INC-20261124-001'],
    [42, 'INC-20261124-042'],
    [1234, 'INC-20261124-1234'],
  ])('day sequence %d -> %s', (n, id) => {
    expect(incidentId(t0, n)).toBe(id);
  });

  it('uses the UTC day', () => {
    expect(incidentId(new Date('2026-11-24T23:30:00-02:00'), 1)).toBe('INC-20261125-001');
  });
});
