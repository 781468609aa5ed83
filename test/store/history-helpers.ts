import { appendAudit } from '../../src/incident/audit';
import type { Incident } from '../../src/incident/types';

// A long incident for the history tests: `n` notes, each with its audit entry, plus evidence every third note.

export function withNotes(incident: Incident, n: number, from = incident.notes.length): Incident {
  let next = incident;
  for (let i = from; i < from + n; i++) {
    const at = new Date(Date.parse(incident.openedAt) + (i + 1) * 1000).toISOString();
    const by = { id: 'a1', name: 'Sam' };
    next = {
      ...next,
      version: next.version + 1,
      notes: [...next.notes, { at, by, text: `note ${i} <CAF${i}@mail.fabrikam.com>` }],
      audit: appendAudit(next.audit, at, by, 'added a note', `note ${i}`),
      evidence: i % 3 ? next.evidence : [...next.evidence, { id: `ev-${i}`, kind: 'note', text: `evidence ${i}`, at, by }],
    } as Incident;
  }
  return next;
}
