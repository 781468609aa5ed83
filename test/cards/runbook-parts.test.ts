import { renderApprovalCard, renderIncidentCard } from '../../src/cards';
import type { Incident, Phase } from '../../src/incident/types';
import type { Runbook } from '../../src/runbook/schema';
import { visibleText } from '../helpers/card-checks';
import { corpus } from '../helpers/corpus';
import { cmd, drive, envFor, incidentAt, registerRunbook, seedRunbook } from '../helpers/incident-builders';

// What the importer keeps reaches the cards: extra sections on their phase's card, the approver the runbook names, retired commands.

const entra = corpus().find((c) => c.file.startsWith('10-'))?.runbook as Runbook;
registerRunbook(entra);
const card = (incident: Incident, rb: Runbook) => visibleText(renderIncidentCard(incident, rb, envFor(incident).now));
const at = (phase: Phase, rb: Runbook, opts: Parameters<typeof incidentAt>[1] = {}) => incidentAt(phase, { runbookId: rb.id, ...opts });

describe('cards show what the runbook document says', () => {
  test('the Rollback section is on the remediation card, the Escalation contacts on the triage card, each only there', () => {
    const rollback = entra.sections.find((s) => s.title === 'Rollback');
    const contacts = entra.sections.find((s) => s.title === 'Escalation contacts');
    expect([rollback?.phase, contacts?.phase]).toEqual(['remediation', 'triage']);
    const firstLine = (lines: (string | { code: string })[] | undefined) => {
      const line = lines?.find((l): l is string => typeof l === 'string') ?? '';
      return line.slice(0, 40);
    };
    expect(card(at('remediation', entra), entra)).toContain('From the runbook: Rollback');
    expect(card(at('remediation', entra), entra)).toContain(firstLine(rollback?.lines));
    expect(card(at('triage', entra), entra)).toContain('From the runbook: Escalation contacts');
    expect(card(at('triage', entra), entra)).not.toContain('From the runbook: Rollback');
    expect(card(at('validation', entra), entra)).not.toContain('From the runbook:');
  });

  test('the approval card names the approver the runbook names', () => {
    const gated = entra.remediation.find((a) => a.approval.required && a.approval.approver === 'the security lead');
    expect(gated).toBeDefined();
    const finding = entra.decisions.find((d) => d.branch.actions.includes(gated?.id ?? ''));
    const remediation = at('remediation', entra, { findingId: finding?.id });
    const asked = drive(remediation, cmd('requestApproval', { actionId: gated?.id ?? '', reason: 'The user cannot sign in to register MFA' }));
    const approval = asked.approvals[asked.approvals.length - 1];
    const text = visibleText(renderApprovalCard(asked, entra, approval.id, envFor(asked).now));
    expect(text).toContain('The runbook says who approves: the security lead.');
  });

  test('the triage card shows the working command first and the runbook\'s retired original beside it, with the source', () => {
    const rb = seedRunbook();
    const text = card(at('triage', rb, { intake: { sender: 'bob@contoso.com', recipient: 'alice@fabrikam.com' } }), rb);
    const modern = text.indexOf("Get-MessageTraceV2 -SenderAddress 'bob@contoso.com'");
    const original = text.indexOf("Get-MessageTrace -SenderAddress 'bob@contoso.com'");
    expect(modern).toBeGreaterThan(-1);
    expect(original).toBeGreaterThan(modern);
    expect(text).toContain('Get-MessageTrace is deprecated since 2025-09-01');
    expect(text).toContain('learn.microsoft.com/exchange/monitoring/trace-an-email-message/new-message-trace');
  });
});
