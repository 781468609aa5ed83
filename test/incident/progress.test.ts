import { branchItems, formatElapsed, isOpen, openItems, stepOf, triageTimebox, validationItems } from '../../src/incident/progress';
import { phaseOrder } from '../../src/incident/types';
import { actors, incidentAt, makeIncident, seedRunbook } from '../helpers/incident-builders';

// Derived views of where an incident stands: lists, step n of m, the first-15-minutes timebox, elapsed time.

const tick = (done: boolean) => ({ done, by: actors.staff, at: '2026-11-24T09:00:00.000Z', version: 2 });

describe('validationItems', () => {
  it('adds the "validate with the same path" principle when the runbook makes it a guard', () => {
    const rb = seedRunbook();
    expect(validationItems(rb).map((i) => i.id)).toEqual(['test-message', 'trace-delivered', 'change-documented', 'same-path']);
    const plain = { ...rb, principles: rb.principles.filter((p) => p.guard !== 'validate-same-path') };
    expect(validationItems(plain)).toEqual(rb.validation);
  });
});

describe('branchItems', () => {
  it("is empty before a finding and the finding's steps after", () => {
    expect(branchItems(seedRunbook(), makeIncident())).toEqual([]);
    expect(branchItems(seedRunbook(), incidentAt('investigation')).map((i) => i.id)).toEqual(['read-ndr-code', 'match-category']);
    expect(branchItems(seedRunbook(), incidentAt('investigation', { findingId: 'connector-path-fails' }))).toHaveLength(4);
  });
});

describe('openItems', () => {
  it('lists items not ticked done, unticked ones included', () => {
    const items = seedRunbook().firstFifteen;
    const open = openItems(items, { 'collect-details': tick(true), 'run-message-trace': tick(false) });
    expect(open.map((i) => i.id)).toEqual(['run-message-trace', 'check-pipeline', 'review-health', 'separate-mailbox-rules']);
  });
});

describe('stepOf', () => {
  it('numbers the guided phases 1..9; cancelled counts as the end', () => {
    expect(phaseOrder.map((p) => stepOf(p).step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(stepOf('triage')).toEqual({ step: 2, of: 9 });
    expect(stepOf('cancelled')).toEqual({ step: 9, of: 9 });
  });
});

describe('triageTimebox', () => {
  it('is absent before triage and counts 15 minutes from the end of intake', () => {
    expect(triageTimebox(makeIncident(), new Date())).toBeUndefined();
    const triage = incidentAt('triage');
    const start = Date.parse(triage.triageStartedAt ?? '');
    expect(triageTimebox(triage, new Date(start + 4 * 60000 + 59000))).toEqual({ elapsedMinutes: 4, remainingMinutes: 11, overdue: false });
    expect(triageTimebox(triage, new Date(start + 15 * 60000))).toEqual({ elapsedMinutes: 15, remainingMinutes: 0, overdue: true });
    expect(triageTimebox(triage, new Date(start - 60000))).toEqual({ elapsedMinutes: 0, remainingMinutes: 15, overdue: false });
  });
});

describe('formatElapsed', () => {
  const from = '2026-11-24T09:00:00.000Z';
  it.each([
    [0, '0 min'],
    [59, '59 min'],
    [60, '1 h 0 min'],
    [125, '2 h 5 min'],
    [28 * 60 + 7, '1 d 4 h'],
    [-5, '0 min'],
  ])('%d minutes -> %s', (minutes, text) => {
    expect(formatElapsed(from, new Date(Date.parse(from) + minutes * 60000))).toBe(text);
  });
});

describe('isOpen', () => {
  it('is false only for closed and cancelled', () => {
    expect(isOpen(incidentAt('summary'))).toBe(true);
    expect(isOpen(incidentAt('closed'))).toBe(false);
    expect(isOpen(incidentAt('cancelled'))).toBe(false);
  });
});
