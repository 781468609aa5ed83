import { comparable } from './normalise-text';

// Pure: what a section or a bold label is for, recognised by meaning (synonyms), not by one exact title.

export type SectionRole =
  | 'contents'
  | 'principles'
  | 'signals'
  | 'symptoms'
  | 'firstFifteen'
  | 'commands'
  | 'decisions'
  | 'remediation'
  | 'validation'
  | 'evidence'
  | 'summary'
  | 'references'
  | 'severity';

/** Standard sections of the series, with the titles other authors give them; tested in order (first match wins). */
const sectionSynonyms: [SectionRole, RegExp][] = [
  ['contents', /^(table of )?contents$|^toc$/],
  [
    'firstFifteen',
    /\b(first (15|fifteen) minutes|initial (response|triage|steps|actions)|first (steps|response|actions)|immediate (actions|steps)|first response)\b/,
  ],
  ['summary', /\b(customer|user|stakeholder)\b.*\b(summary|update|communication|message)\b|\bsummary template\b|^customer summary$/],
  ['commands', /\b(command|powershell|cmdlet|script)s?\b.*\b(starters?|snippets?|reference)?\b|^commands?$/],
  ['decisions', /\bdecision\b|\bif you find\b|\bfindings?\b.*\bnext\b|\btroubleshooting (matrix|table|path)\b/],
  ['validation', /\b(validation|verif\w*|confirm\w*)\b|\bhow to (confirm|verify|check)\b|\bcheck (that )?the fix\b/],
  ['remediation', /\b(remediation|fix|resolution|corrective|repair)\b.*\b(actions?|steps?|options?)?\b|^remediat|^fixes$/],
  ['evidence', /\bevidence\b|\bartifacts?\b|\bwhat to attach\b/],
  ['references', /\breferences?\b|\b(further|more) reading\b|\blinks\b|\banchors?\b|\bsee also\b/],
  ['symptoms', /\bsymptoms?\b|\bwhat (users|people|you) (see|report|notice)\b|\bsigns\b|\bhow it shows\b/],
  ['severity', /\bseverity\b|\bpriority (guide|levels|matrix)\b/],
  ['principles', /\btriage flow\b|\bprinciples?\b|\bground rules\b|\bworking rules\b|\bgolden rules\b/],
  ['signals', /\bdiagnostic signal|\bsignal focus\b/],
];

/** The role of a section title, or undefined for a section the series does not define (kept as an extra section). */
export function sectionRole(title: string): SectionRole | undefined {
  const t = comparable(title);
  if (!t) return undefined;
  return sectionSynonyms.find(([, pattern]) => pattern.test(t))?.[0];
}

export type LabelRole = 'audience' | 'severity' | 'objective' | 'operatorNote';

const labelSynonyms: [LabelRole, RegExp][] = [
  ['audience', /^(intended )?audience$|^(who|written) (this is )?for$|^for$|^readers$/],
  ['severity', /^severity( guide| levels| matrix| guidance)?$|^priority( guide| levels)?$/],
  ['objective', /^(incident )?(objective|goal|aim|purpose)$/],
  ['operatorNote', /^(operator|engineer|responder|analyst|technician)('?s)? notes?$|^note for (operators|responders)$|^before you start$/],
];

/** The role of a bold label (`**Severity guide:**`), or undefined when the series does not define it. */
export function labelRole(label: string): LabelRole | undefined {
  const t = comparable(label);
  return labelSynonyms.find(([, pattern]) => pattern.test(t))?.[0];
}
