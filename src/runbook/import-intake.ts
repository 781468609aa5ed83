import type { IntakeFieldDraft } from './draft';
import { fieldForPhrase } from './field-recognisers';
import type { ImportNotes } from './import-report';
import { camelId } from './text-ids';

// Pure: the intake form from what the document asks for: its capture lists, its placeholders, its severity questions.

const captureVerb =
  /^(?:please\s+)?(?:capture|collect|gather|record|note down|ask (?:the user |the caller |them )?for|obtain|get|confirm and record|write down)\s+(.+)$/i;
const aliases = new Map([['upn', 'userPrincipalName']]);

/** Phrases of every "Capture A, B, and C" sentence in the given texts (operator note, first-15-minutes items). */
export function capturePhrases(texts: string[]): string[] {
  const phrases: string[] = [];
  for (const text of texts) {
    for (const s of text.split(/(?<=[.!?])\s+/)) {
      const m = captureVerb.exec(s.trim());
      if (m) phrases.push(...splitCaptureList(m[1].split(';')[0].replace(/\s*\([^)]*\)/g, '')));
    }
  }
  return phrases;
}

/** "A, B or C, and D" -> [A, "B or C", D]: commas and "and" separate things; "or" joins alternatives of one thing. */
function splitCaptureList(text: string): string[] {
  return text
    .trim()
    .replace(/[.;:]$/, '')
    .split(/\s*,\s*|\s+and\s+/)
    .map((p) => p.replace(/^(?:and|or)\s+/i, '').trim())
    .filter(Boolean);
}

/** True when a placeholder and a field name the same thing ("deviceName" / "device name", "upn" / "user principal name"). */
export function sameThing(a: string, b: string): boolean {
  const norm = (s: string) => {
    const id = camelId(s);
    return (aliases.get(id) ?? id).toLowerCase();
  };
  return norm(a) === norm(b);
}

/** Captured phrases -> fields, one per thing (an NDR field also asks for the exact error text when both are named). */
export function capturedFields(phrases: string[], notes: ImportNotes): IntakeFieldDraft[] {
  const fields: IntakeFieldDraft[] = [];
  for (const raw of phrases) {
    const phrase = raw.replace(/^(?:the|a|an|any|all|each|every)\s+/i, '');
    const field = fieldForPhrase(phrase);
    if (!field) {
      notes.info(`Intake: "${phrase}" is evidence to attach later, not a typed field.`);
      continue;
    }
    const same = fields.find((f) => f.id === field.id || sameThing(f.label, field.label));
    if (same) {
      notes.info(`Intake: "${phrase}" is asked as "${same.label}".`);
      continue;
    }
    if (field.label.toLowerCase() !== phrase.toLowerCase()) notes.info(`Intake: "${phrase}" is asked as "${field.label}".`);
    fields.push(field);
  }
  const ndr = fields.find((f) => f.type === 'ndr');
  const error = fields.findIndex((f) => f.id === 'errorText');
  if (ndr && error >= 0) {
    notes.info(`Intake: "${fields[error].label}" is asked in "${ndr.label}".`);
    fields.splice(error, 1);
  }
  if (fields.some((f) => f.type === 'datetime') && !fields.some((f) => f.type === 'timezone')) {
    fields.push({
      id: 'timeZone',
      label: 'Time zone',
      type: 'timezone',
      required: true,
      default: 'UTC',
      help: 'IANA time zone or UTC offset of the times above, e.g. Europe/Berlin or +01:00.',
    });
    notes.guess('Intake: the document asks for a time but names no time zone; a "Time zone" field (default UTC) is added so the time can be read.');
  }
  return fields;
}

/**
 * The form in order: who / when / time zone, the other captured fields and intake placeholders in document order,
 * the severity questions, then the placeholders only known after an earlier command ran (asked at triage).
 */
export function assembleIntake(captured: IntakeFieldDraft[], placeholders: IntakeFieldDraft[], severityQuestions: IntakeFieldDraft[]): IntakeFieldDraft[] {
  const first = ['affectedUsers', 'startedAt', 'timeZone'];
  const head = first.flatMap((id) => captured.filter((f) => f.id === id));
  const rest = captured.filter((f) => !first.includes(f.id));
  return [...head, ...rest, ...placeholders.filter((f) => f.stage !== 'triage'), ...severityQuestions, ...placeholders.filter((f) => f.stage === 'triage')];
}
