import { draftSummary, timeRange } from '../../src/incident/summary-draft';
import { findInternalDetails } from '../../src/incident/summary-check';
import { cmd, drive, incidentAt, makeIncident, runbookById, secondRunbookId, seedRunbook } from '../helpers/incident-builders';

// The customer summary drafted from what the incident recorded; staff complete and edit it before posting.

const now = '2026-11-24T11:45:00.000Z';
const ndr = (text: string) => incidentAt('evidence', { intake: { ndrText: text, affectedUsers: 'Finance shared mailbox', scope: 'department' } });

describe('draftSummary', () => {
  it("answers every field of the runbook's summary, in order, leaving prevention for staff", () => {
    const draft = draftSummary(seedRunbook(), ndr('550 5.7.1 Delivery not authorized'), now);
    expect(Object.keys(draft)).toEqual(['whatHappened', 'impact', 'rootCause', 'resolution', 'prevention']);
    expect(draft).toEqual({
      whatHappened: 'Users were affected by a problem handled under our "Exchange Online Mail Flow Failure" procedure. Investigation found: failed with NDR.',
      // One zone (the reporter's): 08:30 Berlin is 07:30 UTC, and 11:45 UTC is 12:45 Berlin.
      impact: 'A department or location (Finance shared mailbox), on 2026-11-24 from 08:30 until 12:45 Europe/Berlin.',
      rootCause: 'Messages were rejected with a non-delivery report: delivery not authorized, unable to relay, or client not authenticated.',
      resolution:
        'Applied: Fix incorrect transport rules or connector settings with change control (Done as the runbook says). ' +
        'Validated: Test message succeeds through intended path; Message trace shows delivered or expected disposition; ' +
        'Transport change is documented with before/after evidence; Validate with the same identity, path, and workload that failed.',
      prevention: '',
    });
  });

  it('leaves out NDR codes it cannot explain: the "not in the table" note is for staff', () => {
    const draft = draftSummary(seedRunbook(), ndr('550 5.9.99 something odd, then 5.1.1 and 5.1.1 again'), now);
    expect(draft.rootCause).toBe('Messages were rejected with a non-delivery report: bad destination mailbox address.');
    expect(draftSummary(seedRunbook(), ndr('550 5.9.99 something odd'), now).rootCause).toBe('Messages were rejected with a non-delivery report.');
  });

  it('words a finding without NDR', () => {
    const draft = draftSummary(seedRunbook(), incidentAt('evidence', { findingId: 'connector-path-fails' }), now);
    expect(draft.whatHappened).toMatch(/Investigation found: connector path fails\.$/);
    expect(draft.rootCause).toBe('The investigation identified the cause: connector path fails.');
  });

  it('says why no remediation was applied', () => {
    const draft = draftSummary(seedRunbook(), incidentAt('evidence', { actionId: null }), now);
    expect(draft.resolution).toMatch(/^The cause was outside our tenant\. Validated: /);
  });

  it('drafts from what is known, even before a finding or a start time', () => {
    const draft = draftSummary(seedRunbook(), makeIncident(), now);
    expect(draft.whatHappened).toBe('Users were affected by a problem handled under our "Exchange Online Mail Flow Failure" procedure.');
    expect(draft.impact).toBe('Affected users, on 2026-11-24 from 09:00 until 11:45 UTC.');
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

  it('never writes "Failed with NDR:" or a not-applicable line; the resolution carries the before/after note of what was done', () => {
    const base = ndr('550 5.7.1 Delivery not authorized');
    const actionId = 'fix-rules-or-connectors';
    const incident = {
      ...base,
      actions: { ...base.actions, [actionId]: { ...base.actions[actionId], note: 'Rule "Block external": enabled ->\n disabled.' } },
    };
    const draft = draftSummary(seedRunbook(), incident, now);
    expect(draft.rootCause).not.toMatch(/^Failed with NDR/);
    expect(draft.resolution).toMatch(
      /^Applied: Fix incorrect transport rules or connector settings with change control \(Rule "Block external": enabled -> disabled\)\. Validated: /,
    );
    expect(draft.resolution).not.toContain('Not applicable');
  });
});

describe('the impact time range (issue 14, item 6)', () => {
  const started = (startedAt: string, timeZone: string) => ({ ...ndr('550 5.7.1 x'), intake: { ...ndr('550 5.7.1 x').intake, startedAt, timeZone } });

  it('never puts the end before the start: a start after now reads "since <start>" in the reporter\'s zone', () => {
    // The reported case: 07:45 Europe/London (07:45 UTC in November) while it is 07:02 UTC.
    const draft = draftSummary(seedRunbook(), started('2026-11-24T07:45', 'Europe/London'), '2026-11-24T07:02:00.000Z');
    expect(draft.impact).toBe('A department or location (Finance shared mailbox), since 2026-11-24 07:45 Europe/London.');
    expect(draft.impact).not.toMatch(/until|UTC/);
  });

  it('writes both ends in one zone: an IANA zone, an offset, or UTC', () => {
    expect(draftSummary(seedRunbook(), started('2026-11-24T07:45', 'Europe/London'), '2026-11-24T09:02:00.000Z').impact).toMatch(
      /, on 2026-11-24 from 07:45 until 09:02 Europe\/London\.$/,
    );
    expect(draftSummary(seedRunbook(), started('2026-11-24T08:30', '+05:30'), now).impact).toMatch(/, on 2026-11-24 from 08:30 until 17:15 UTC\+05:30\.$/);
    expect(draftSummary(seedRunbook(), started('2026-11-23T22:00', 'UTC'), now).impact).toMatch(/, from 2026-11-23 22:00 until 2026-11-24 11:45 UTC\.$/);
  });

  it('timeRange: the end on another day names both dates, the zone once', () => {
    expect(timeRange(new Date('2026-11-24T22:30:00Z'), new Date('2026-11-25T06:00:00Z'), 'Europe/Berlin')).toBe(
      'from 2026-11-24 23:30 until 2026-11-25 07:00 Europe/Berlin',
    );
    expect(timeRange(new Date('2026-11-24T10:00:00Z'), new Date('2026-11-24T10:00:00Z'))).toBe('since 2026-11-24 10:00 UTC');
  });
});
