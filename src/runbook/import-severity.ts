import type { IntakeFieldDraft, SeverityDraft } from './draft';
import type { ImportNotes } from './import-report';
import { capitalize, kebabId, sentence, trimChars, uniqueIds } from './text-ids';

// Pure: the severity guide in its own words -> levels, one yes/no intake question per criterion clause, a stated fallback.

/** "Sev 1 when ...", "Severity 2 — ...", "P1: ...", "Sev 3 (minor) if ...". */
const levelPattern =
  /^(?:and\s+|or\s+)?(?:sev(?:erity)?|p(?:riority)?)\s*-?\s*(\d{1,2})\b\s*(?:\([^)]*\))?\s*(?:when(?:ever)?|if|for|applies when|means|is|=|:|–|—|-)?\s*(.*)$/i;
/** Words that make a clause a statement that can be true or false on its own (a verb or a state). */
const predicate =
  /\b(?:is|are|was|were|be|been|cannot|can't|can|could|has|have|had|does|do|did|fails?|failing|failed|stops?|stopped|loses?|lose|lost|bounces?|bounced|stays?|remains?|becomes?|marked|gets?|sees?|reports?|affects?|affected|impaired|blocked|degraded|down|unavailable|locked|exposed|compromised|exists?|needs?|works?|working|succeeds?|receives?|sends?|open|opens|shows?|triggers?|detects?|detected)\b/i;
/** "cannot open", "stays non-compliant": a clause that shares the subject of the one before it. */
const startsWithVerb = (clause: string) =>
  new RegExp(`^${predicate.source}`, 'i').test(clause.trim()) || /^(?:send|open|sign|enrol+|join|receive|access)\b/i.test(clause.trim());
/** The words before a clause's first predicate word: "one user's device cannot enroll" -> "one user's device". */
const subjectOf = (clause: string, next: string) => {
  const at = clause.search(predicate);
  const modal = /^(?:cannot|can't|can|could|does not|doesn't|will not|won't|must)\b/i.exec(clause.slice(at))?.[0];
  const bare = !/^\w+s\b/i.test(next.trim());
  return `${clause.slice(0, at).trim()}${modal && bare ? ` ${modal}` : ''}`;
};
const catchAll = /^(?:otherwise|anything else|everything else|all other (?:cases|incidents)|none of the above|any other)/i;

/** The level's name as the guide writes it: "Sev 2" (also for "Severity 2"), "P2", "Priority 2". */
function labelOf(prefix: string, n: number): string {
  if (/^p$/i.test(prefix)) return `P${n}`;
  if (/^priority$/i.test(prefix)) return `Priority ${n}`;
  return `Sev ${n}`;
}

export interface SeverityImport {
  severity?: SeverityDraft;
  /** The yes/no questions the levels' conditions read, in the document's words. */
  questions: IntakeFieldDraft[];
  problems: string[];
}

/** Guide text (a bold line, or the lines of a severity section) -> levels highest first, each applying when any of its clauses is answered yes. */
export function importSeverity(lines: string[], notes: ImportNotes): SeverityImport {
  const levelAhead = '(?=(?:sev(?:erity)?|p(?:riority)?)\\s*-?\\s*\\d)';
  const separators = new RegExp(`\\s*;\\s*|(?<=[.!?])\\s+${levelAhead}|,\\s+(?:and\\s+)?${levelAhead}|\\s+and\\s+${levelAhead}`, 'i');
  const parts = lines
    .flatMap((l) => l.split(separators))
    .map((p) => p.trim())
    .filter(Boolean);
  const found: { n: number; criteria: string; prefix: string }[] = [];
  let fallbackAt: { n: number; criteria: string; prefix: string } | undefined;
  for (const part of parts) {
    // "otherwise Sev 3", "everything else is Sev 3": the level for none of the criteria.
    const rest =
      /^(?:and\s+)?((?:otherwise|anything else|everything else|all other \w+)(?: is| are)?)\s+(sev(?:erity)?|p(?:riority)?)\s*-?\s*(\d{1,2})\b\.?$/i.exec(part);
    if (rest) {
      fallbackAt = { n: Number(rest[3]), criteria: rest[1], prefix: rest[2] };
      continue;
    }
    const m = levelPattern.exec(part);
    if (m && m[2].trim()) found.push({ n: Number(m[1]), criteria: m[2].trim(), prefix: /^(?:and\s+|or\s+)?([a-z]+)/i.exec(part)?.[1] ?? 'Sev' });
    else if (found.length > 0) found[found.length - 1].criteria += `; ${part}`;
    else notes.warn(`Severity guide: "${part}" names no level ("Sev N when ..."); it is kept in the guide's text only.`);
  }
  if (found.length === 0) return { questions: [], problems: ['The severity guide names no levels in the form "Sev 1 when ...; Sev 2 when ...".'] };
  const duplicate = found.find((f, i) => found.findIndex((g) => g.n === f.n) !== i);
  if (duplicate) return { questions: [], problems: [`The severity guide names "${labelOf(duplicate.prefix, duplicate.n)}" twice.`] };
  found.sort((a, b) => a.n - b.n);

  const inline = found.find((f) => catchAll.test(f.criteria));
  const graded = found.filter((f) => f !== inline);
  const explicitFallback = inline ?? fallbackAt;
  const name = (f: { n: number; prefix: string }) => labelOf(f.prefix, f.n);
  const nextId = uniqueIds();
  const questions: IntakeFieldDraft[] = [];
  const levels: SeverityDraft['levels'] = graded.map((f, index) => {
    const clauses = clausesOf(f.criteria);
    if (clauses.length > 1)
      notes.guess(`Severity: ${name(f)}'s criteria read as ${clauses.length} separate conditions: ${clauses.map((c) => `"${c}"`).join(', ')}.`);
    const fields = clauses.map((clause) => ({
      id: nextId(`sev${f.n}-${kebabId(clause, 4)}`),
      label: capitalize(clause),
      type: 'yes-no' as const,
      required: true,
      default: 'no',
      help: `${name(f)} when yes (severity guide).`,
    }));
    questions.push(...fields);
    return {
      id: `sev${f.n}`,
      label: name(f),
      criteria: sentence(f.criteria),
      when: fields.map((q) => ({ field: q.id, in: ['yes'] })),
      ...(index === 0 ? { escalate: true } : {}),
    };
  });
  const lowest = graded[graded.length - 1]?.n ?? 0;
  const none = `None of the guide's ${graded.map(name).join(' or ')} criteria hold`;
  const prefix = graded[0]?.prefix ?? 'Sev';
  const fallback = explicitFallback
    ? {
        id: `sev${explicitFallback.n}`,
        label: name(explicitFallback),
        criteria:
          explicitFallback === fallbackAt
            ? `${none} (the guide: "${explicitFallback.criteria} ${name(explicitFallback)}").`
            : sentence(explicitFallback.criteria),
      }
    : { id: `sev${lowest + 1}`, label: labelOf(prefix, lowest + 1), criteria: `${none}.` };
  if (!explicitFallback) notes.guess(`Severity: the guide names no level for "none of these"; the importer adds ${fallback.label} ("${fallback.criteria}").`);
  if (levels.length === 0) return { questions: [], problems: ['The severity guide has only a catch-all level; name at least one level with criteria.'] };
  notes.info(
    `Severity: ${levels.length} level(s) asked as ${questions.length} yes/no question(s) in the guide's own words; ${levels[0].label} escalates at once.`,
  );
  return { severity: { levels, fallback }, questions, problems: [] };
}

/**
 * "a region cannot sign in or privileged accounts are locked out" -> two clauses; "tenant-wide access, mail flow, or regulated
 * data is blocked" stays one (its parts before "or" state nothing on their own).
 */
export function clausesOf(criteria: string): string[] {
  const text = trimChars(criteria, '.; \t');
  const parts = text.split(/(;|,\s+or|\s+or)\s+/i);
  // A level names a handful of conditions; hundreds of separators are not prose to split (and would cost quadratic time).
  if (parts.length > 41) return [text];
  const clauses = [parts[0]];
  for (let k = 1; k < parts.length; k += 2) {
    const separator = parts[k].trim().toLowerCase();
    const piece = parts[k + 1];
    const previous = clauses[clauses.length - 1];
    const standsAlone = predicate.test(previous) && (separator !== 'or' || predicate.test(piece));
    if (standsAlone) clauses.push(startsWithVerb(piece) ? `${subjectOf(previous, piece)} ${piece}`.trim() : piece);
    else clauses[clauses.length - 1] = `${previous}${parts[k].startsWith(',') ? ',' : ''} ${separator.replace(/^,\s*/, '')} ${piece}`;
  }
  return clauses.map((c) => c.trim()).filter(Boolean);
}
