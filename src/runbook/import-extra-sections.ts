import type { RunbookDraft } from './draft';
import type { Block } from './markdown-document';
import { comparable } from './normalise-text';
import type { SectionRole } from './section-roles';
import { kebabId, uniqueIds } from './text-ids';

// Pure: sections the series does not define (Rollback, Escalation contacts, ...) kept whole, placed on the card where they belong.

export type Phase = 'intake' | 'triage' | 'decision' | 'remediation' | 'validation' | 'evidence' | 'summary';
export type ExtraSectionDraft = NonNullable<RunbookDraft['sections']>[number];

/** Title meaning -> the phase whose card shows the section; tested in order; anything else shows at triage. */
const phaseByTitle: [RegExp, Phase][] = [
  [/\b(roll ?back|back ?out|undo|revert|restore|recovery plan)\b/, 'remediation'],
  [
    /\b(prerequisites?|before you (begin|start)|requirements?|permissions?|access (needed|required)|roles? (needed|required)|overview|background|about|scope|applies to)\b/,
    'intake',
  ],
  [/\b(known issues?|caveats?|limitations?|gotchas?|pitfalls?|common mistakes)\b/, 'decision'],
  [/\b(monitor\w*|after the fix|aftercare)\b/, 'validation'],
  [/\b(communicat\w*|stakeholders?|status updates?|post[- ]incident|lessons|review)\b/, 'summary'],
  [/\b(escalat\w*|contacts?|on[- ]call|who to call|support)\b/, 'triage'],
];
/** The phase of a standard section, for notes kept beside it. */
const phaseOfRole: Partial<Record<SectionRole, Phase>> = {
  symptoms: 'intake',
  firstFifteen: 'triage',
  commands: 'triage',
  decisions: 'decision',
  remediation: 'remediation',
  validation: 'validation',
  evidence: 'evidence',
  summary: 'summary',
};

export function phaseForTitle(title: string, role?: SectionRole): Phase {
  if (role && phaseOfRole[role]) return phaseOfRole[role] as Phase;
  const t = comparable(title);
  return phaseByTitle.find(([p]) => p.test(t))?.[1] ?? 'triage';
}

/** A section's blocks as lines: paragraphs and list items as text, code as `{ code }` entries, table rows joined. */
export function linesOf(blocks: Block[]): ExtraSectionDraft['lines'] {
  return blocks.flatMap((b): ExtraSectionDraft['lines'] => {
    if (b.kind === 'paragraph') return b.inline.text ? [b.inline.text] : [];
    if (b.kind === 'list')
      return b.items.flatMap((i) => [...(i.text ? [i.text] : []), ...i.codes.filter((c) => c !== i.text && !i.text.includes(c)).map((code) => ({ code }))]);
    if (b.kind === 'code') return b.lines.some((l) => l.trim()) ? [{ code: b.lines.join('\n') }] : [];
    return b.rows.map((r) => r.join(' | ')).filter(Boolean);
  });
}

/** Hands out section ids unique in the runbook. */
export function sectionIds(): (title: string) => string {
  const next = uniqueIds();
  return (title) => next(kebabId(title, 5));
}
