import { intakeCoverage } from '../incident/evidence-coverage';
import { limits } from '../incident/handlers/change';
import type { EvidenceEntry } from '../incident/types';
import { truncate } from './escape';
import { execute } from './actions';
import { andMore, byAt } from './format';
import { listLength, type ViewContext } from './view-context';
import { verbs } from './verbs';

// Evidence: the runbook's evidence list with what covers each item (entries, or intake answers), the latest entries, and the form to add more.

const kindNames: Record<EvidenceEntry['kind'], string> = {
  text: 'Note',
  link: 'Link',
  attachment: 'File',
  'command-output': 'Command output',
  approval: 'Approval',
  lookup: 'Live check',
};

export function evidenceView(ctx: ViewContext) {
  const { incident, runbook, clip } = ctx;
  const entriesShown = listLength(ctx, 10, 3);
  const notesShown = listLength(ctx, 3, 1);
  const latest = incident.evidence.slice(-entriesShown).reverse();
  const notes = incident.notes.slice(-notesShown).reverse();
  return {
    items: runbook.evidence.map((item) => {
      const covering = incident.evidence.filter((e) => e.coversItem === item.id).map((e) => e.id);
      const intake = intakeCoverage(runbook, incident, item);
      const labels = clip(truncate(intake.fields.map((f) => f.label).join(', '), 200), 220);
      const by = [covering.length ? clip(truncate(covering.join(', '), 60), 80) : '', intake.covered ? `the intake (${labels})` : ''].filter(Boolean);
      return {
        mark: by.length ? '☑' : '☐',
        text: clip(item.text, 300),
        covered: by.length ? `covered by ${by.join(' and ')}` : intake.fields.length ? `not covered yet; the intake has ${labels}` : 'not covered yet',
      };
    }),
    entries: latest.map((e) => ({
      heading: `${clip(e.id, 20)} · ${kindNames[e.kind]} · ${byAt(clip, e.by, e.at)}`,
      text: clip(e.text, 300),
      hasUrl: e.url !== undefined,
      url: clip(e.url, 200),
      hasCovers: e.coversItem !== undefined,
      covers: `Covers: ${clip(runbook.evidence.find((i) => i.id === e.coversItem)?.text ?? e.coversItem, 120)}`,
    })),
    hasEntries: latest.length > 0,
    entryCount: `${incident.evidence.length} recorded`,
    moreEntries: andMore(incident.evidence.length, entriesShown),
    notes: notes.map((n) => ({ heading: byAt(clip, n.by, n.at), text: clip(n.text, 300) })),
    hasNotes: notes.length > 0,
    moreNotes: andMore(incident.notes.length, notesShown),
    coverChoices: runbook.evidence.map((item) => ({ title: truncate(item.text, 80), value: item.id })),
    textMax: limits.evidence,
    urlMax: limits.url,
    add: execute(incident, verbs.addEvidence),
    proceed: execute(incident, verbs.continue, 'summary'),
  };
}
