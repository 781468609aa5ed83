import type { ConditionDraft, SeverityDraft } from './draft';
import { sentence } from './text-ids';

// Pure: the "**Severity guide:** Sev 1 when ...; Sev 2 when ..." line -> severity levels with conditions on intake answers.

/** Keywords in a level's criteria -> the intake answer that makes the level apply. */
const scopeKeywords: { pattern: RegExp; value: string }[] = [
  { pattern: /\btenant[- ]wide\b|\ball users\b|\bwhole (?:tenant|organi[sz]ation)\b/i, value: 'tenant' },
  { pattern: /\bdepartment|\blocation|\bsite-wide\b/i, value: 'department' },
  { pattern: /\bworkload/i, value: 'workload' },
  { pattern: /\b(?:several|multiple) users\b/i, value: 'several-users' },
];
const yesKeywords: { pattern: RegExp; field: string }[] = [
  { pattern: /\bregulated\b/i, field: 'regulatedData' },
  { pattern: /\bhigh[- ]priority user|\bVIP\b|\bexecutive/i, field: 'highPriorityUser' },
];

/** Levels "Sev N when <criteria>" separated by semicolons; Sev 1 escalates; the fallback is the next level down. */
export function importSeverity(guide: string): { severity?: SeverityDraft; problems: string[] } {
  const problems: string[] = [];
  const levels: SeverityDraft['levels'] = [];
  for (const part of guide.split(/\s*;\s*|(?<=\.)\s+(?=Sev)/i)) {
    const m = /^(?:and\s+)?sev(?:erity)?\s*(\d+)\s*(?:when|if|:|-|–)\s*(.+)$/i.exec(part.trim());
    if (!m) continue;
    const n = Number(m[1]);
    const when = conditionsFor(m[2]);
    if (when.length === 0) {
      problems.push(
        `Severity level "Sev ${n}" names no condition the importer recognises (tenant-wide, department, workload, several users, regulated data, high-priority user).`,
      );
      continue;
    }
    levels.push({ id: `sev${n}`, label: `Sev ${n}`, criteria: sentence(m[2]), when, ...(n === 1 ? { escalate: true } : {}) });
  }
  if (levels.length === 0) {
    if (problems.length === 0) problems.push('The "Severity guide" names no levels in the form "Sev 1 when ...; Sev 2 when ...".');
    return { problems };
  }
  levels.sort((a, b) => levelNumber(a.id) - levelNumber(b.id));
  const lowest = levelNumber(levels[levels.length - 1].id);
  const fallback = { id: `sev${lowest + 1}`, label: `Sev ${lowest + 1}`, criteria: `Below the guide's Sev ${lowest} criteria.` };
  return { severity: { levels, fallback }, problems };
}

function conditionsFor(criteria: string): ConditionDraft[] {
  const scope = scopeKeywords.filter((k) => k.pattern.test(criteria)).map((k) => k.value);
  return [
    ...(scope.length > 0 ? [{ field: 'scope', in: scope }] : []),
    ...yesKeywords.filter((k) => k.pattern.test(criteria)).map((k) => ({ field: k.field, in: ['yes'] })),
  ];
}

function levelNumber(id: string): number {
  return Number(id.replace(/\D/g, ''));
}
