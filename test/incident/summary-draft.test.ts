import { draftSummary } from '../../src/incident/summary-draft';
import { findInternalDetails } from '../../src/incident/summary-check';
import { cmd, drive, incidentAt, makeIncident, runbookById, secondRunbookId, seedRunbook } from '../helpers/incident-builders';

// The customer summary drafted from what the incident recorded; staff complete and edit it before posting.

const now = '2026-11-24T11:45:00.000Z';
const ndr = (text: string) => incidentAt('evidence', { intake: { ndrText: text, affectedUsers: 'Finance shared mailbox', scope: 'department' } });

describe('draftSummary', () => {
  it('answers every field of the runbook\'s summary, in order, leaving prevention for staff', () => {
    const draft = draftSummary(seedRunbook(), ndr('550 5.7.1 Delivery not authorized'), now);
    expect(Object.keys(draft)).toEqual(['whatHappened', 'impact', 'rootCause', 'resolution', 'prevention']);
    expect(draft).toEqual({
      whatHappened: 'Users were affected by a problem handled under our "Exchange Online Mail Flow Failure" procedure. Investigation found: failed with NDR.',
      impact: 'A department or location (Finance shared mailbox), from 2026-11-24 08:30 Europe/Berlin until 2026-11-24 11:45 UTC.',
      rootCause: 'Failed with NDR: Delivery not authorized, unable to relay, or client not authenticated.',
      resolution:
        'Applied: Fix incorrect transport rules or connector settings with change control. ' +
        'Validated: Test message succeeds through intended path; Message trace shows delivered or expected disposition; ' +
        'Transport change is documented with before/after evidence; Validate with the same identity, path, and workload that failed.',
      prevention: '',
    });
  });

  it('leaves out NDR codes it cannot explain: the "not in the table" note is for staff', () => {
    const draft = draftSummary(seedRunbook(), ndr('550 5.9.99 something odd, then 5.1.1 and 5.1.1 again'), now);
    expect(draft.rootCause).toBe('Failed with NDR: Bad destination mailbox address.');
    expect(draftSummary(seedRunbook(), ndr('550 5.9.99 something odd'), now).rootCause).toBe('Failed with NDR.');
  });

  it('words a finding without NDR', () => {
    const draft = draftSummary(seedRunbook(), incidentAt('evidence', { findingId: 'connector-path-fails' }), now);
    expect(draft.whatHappened).toMatch(/Investigation found: connector path fails\.$/);
    expect(draft.rootCause).toBe('Connector path fails.');
  });

  it('says why no remediation was applied', () => {
    const draft = draftSummary(seedRunbook(), incidentAt('evidence', { actionId: null }), now);
    expect(draft.resolution).toMatch(/^The cause was outside our tenant\. Validated: /);
  });

  it('drafts from what is known, even before a finding or a start time', () => {
    const draft = draftSummary(seedRunbook(), makeIncident(), now);
    expect(draft.whatHappened).toBe('Users were affected by a problem handled under our "Exchange Online Mail Flow Failure" procedure.');
    expect(draft.impact).toBe('Affected users, from 2026-11-24 09:00 UTC until 2026-11-24 11:45 UTC.');
    expect(draft.rootCause).toBe('');
    expect(draft.resolution).toBe('');
  });

  it('drafts a summary with no internal details from a clean record', () => {
    expect(findInternalDetails(draftSummary(seedRunbook(), incidentAt('evidence'), now))).toEqual([]);
  });

  it('serves the second runbook (its own title and choice titles)', () => {
    const incident = incidentAt('evidence', { runbookId: secondRunbookId });
    const draft = draftSummary(runbookById(secondRunbookId), incident, now);
    expect(draft.whatHappened).toBe(
      'Users were affected by a problem handled under our "SharePoint Online External Sharing Failure" procedure. Investigation found: sharing disabled for the tenant.',
    );
    expect(draft.impact).toMatch(/^Affected users \(/);
  });

  it('is the draft the summary phase starts from', () => {
    const summary = drive(incidentAt('evidence'), cmd('continue', {}));
    const entered = summary.audit[summary.audit.length - 1].at;
    expect(summary.summary.fields).toEqual(draftSummary(seedRunbook(), incidentAt('evidence'), entered));
  });
});
