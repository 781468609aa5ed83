import type { RemediationDraft } from './draft';
import type { ImportNotes } from './import-report';
import type { NdrCategory } from './schema';
import { capitalize, kebabId, splitEnumeration, uniqueIds } from './text-ids';

// Pure: remediation lines -> actions marked intrusive and approval-gated, failing safe: any word of approval gates the action.

const intrusiveVerbs =
  /\b(?:fix|release|correct|change|delete|reset|disable|enable|remove|restore|unlock|unblock|grant|revoke|block|allow|purge|revert|modify|replace|roll ?back|re-?enrol+|wipe|retire|reassign|assign|unassign|update|rotate|re-?register|re-?create|recreate|migrate|move|convert|rebuild|restart|force|override|exclude|add)(?:e?s|e?d|ing)?\b/i;

/** Wording that speaks of an approval: each found phrase gates the action, whatever the sentence around it says. */
const approvalWords =
  /\b(?:approv\w*|sign(?:s|ed)?[- ]?off|consent\w*|authori[sz]\w*|change[- ](?:control|request|process|ticket|record|board|management|advisory board)|E?CAB\b|permission (?:from|of)|agree(?:s|d|ment)?\b|ok(?:ay)? from|OK\b|go[- ]ahead|green light|second pair of eyes|four[- ]eyes|dual control|peer[- ]review\w*)/i;
/** Negated approval ("no approval needed") still gates the action (fail safe), with a note. */
const negated = /\b(?:no|without|not|never)\b[^.]{0,30}\b(?:approv\w*|sign[- ]?off|consent|change (?:control|request))/i;
/** Who approves, when the line names a role: "only after the owner approves", "with the security lead's sign-off". */
const approverPatterns = [
  /\b((?:the|a|an|their|its|your)\s+)?((?:[\w-]+\s){0,3}?[\w-]+)\s+(?:must|should|has to|needs to)\s+(?:approve|sign off|agree|consent)\b/i,
  /\b(?:approval|sign[- ]?off|consent|agreement|OK)\s+(?:from|of)\s+((?:the|a|an|their|its|your)\s+)?([\w-]+(?:\s(?!(?:before|and|or|if|when|once|to|for|so|then)\b)[\w-]+){0,3})/i,
  /\b(?:after|once|until|when|with|by|from|having)\s+((?:the|a|an|their|its|your)\s+)?((?:[\w-]+\s){0,3}?[\w-]+?)(?:'s)?\s+(?:approves?|approved|approval|sign[- ]?off|signs? off|consent|agrees|accepts|authori[sz]\w*)\b/i,
  /\b(?:approved|authori[sz]ed|signed off)\s+by\s+((?:the|a|an|their|its|your)\s+)?([\w-]+(?:\s(?!(?:before|and|or|if|when|once|to|for|so|then)\b)[\w-]+){0,3})/i,
];
const notRoles = /^(?:written|explicit|formal|prior|documented|change|policy|proper|an?|the|approval|manager's|appropriate|it|this|that|you|we|they)$/i;

/** Words that put an action in one of the approval-record categories the Evidence section names. */
const categoryKeywords: { pattern: RegExp; keywords: RegExp }[] = [
  { pattern: /permission/i, keywords: /\b(?:elevat\w*|emergency access|permissions?|(?:admin|administrator) roles?|grant\w*)\b/i },
  { pattern: /restore/i, keywords: /\b(?:restor\w*|recover\w*)\b/i },
  {
    pattern: /bypass/i,
    keywords: /\b(?:bypass\w*|releas\w*|exceptions?|allow[- ]?lists?|allow\/block lists?|overrides?|exclusions?|exclud\w*|whitelist\w*|safe senders?)\b/i,
  },
  { pattern: /unlock/i, keywords: /\b(?:unlock\w*|unblock\w*)/i },
  { pattern: /deletion|delete/i, keywords: /\b(?:delet\w*|remov\w*|purg\w*|wip\w*)\b/i },
  { pattern: /rollback|roll back/i, keywords: /\b(?:roll ?back\w*|revert\w*)\b/i },
  { pattern: /public exposure|public/i, keywords: /\b(?:public\w*|anonymous\w*|anyone links?)\b/i },
];
/** Words too common to gate an action on their own when an approval category is matched by its words. */
const genericWords =
  /^(?:data|accounts?|users?|polic(?:y|ies)|changes?|configurations?|settings?|access|records?|emergency|tenants?|services?|devices?|mailbox(?:es)?|sites?|files?|groups?|licen[cs]es?|rules?|messages?|teams?|phones?|numbers?|admin|any|other)$/i;

const ndrKeywords: { pattern: RegExp; categories: NdrCategory[] }[] = [
  { pattern: /\b(?:SPF|DKIM|DMARC|DNS|MX)\b|accepted[- ]domain/i, categories: ['dns', 'recipient'] },
  { pattern: /\bconnectors?\b|\btransport rules?\b/i, categories: ['connector', 'policy'] },
];

/** Approval categories from the evidence item "Approval record for any A, B, or C." (none when there is no such item). */
export function approvalCategories(evidence: string[]): string[] {
  return evidence.flatMap((e) => {
    const m = /\bapprovals?(?: records?| evidence| tickets?)?\b[^:]{0,40}?\b(?:for|of|covering)\b\s*(?:any|all|every)?(?:\s+of)?\s*:?\s*(.+)$/i.exec(
      e.replace(/\s*\([^)]*\)/g, ''),
    );
    return m ? m[1].split(/\s*[.;]\s*/).flatMap((part) => splitEnumeration(part, true)) : [];
  });
}

/** Each line becomes an action; intrusive by its verbs; approval when it speaks of approval or falls in an approval category. */
export function importRemediation(
  items: string[],
  categories: string[],
  notes: ImportNotes,
  gates: ReadonlyMap<string, string> = new Map(),
): RemediationDraft[] {
  const nextId = uniqueIds();
  return items.map((text) => {
    const approval = approvalFor(text, categories, notes, gates.get(text));
    const action: RemediationDraft = {
      id: nextId(kebabId(text, 4)),
      text,
      intrusive: intrusiveVerbs.test(text) || approval.required,
      approval,
      ndrCategories: [...new Set(ndrKeywords.filter((k) => k.pattern.test(text)).flatMap((k) => k.categories))],
    };
    if (approval.required)
      notes.info(`Remediation "${text}": needs approval (${approval.reason})${approval.approver ? `; approver named: ${approval.approver}` : ''}.`);
    return action;
  });
}

/** True when a text speaks of an approval in any of the ways approvalWords knows. */
export function speaksOfApproval(text: string): boolean {
  return approvalWords.test(text);
}

function approvalFor(text: string, categories: string[], notes: ImportNotes, structural?: string): RemediationDraft['approval'] {
  const reasons: string[] = structural ? [structural] : [];
  const phrase = approvalWords.exec(text)?.[0];
  if (phrase) reasons.push(`the runbook says "${phrase}"`);
  if (phrase && negated.test(text)) {
    notes.guess(
      `Remediation "${text}": it speaks of approval in a way the importer cannot read for sure; approval is required (fail safe). Edit the YAML if it needs none.`,
    );
  }
  const category = categories.find((c) => matchesCategory(text, c));
  if (category && !categoryKeywords.some((k) => k.pattern.test(category)) && !text.toLowerCase().includes(category.toLowerCase())) {
    notes.guess(
      `Remediation "${text}": shares a word with the approval-record category "${category}" (Evidence to Attach); approval is required (fail safe). Edit the YAML if it needs none.`,
    );
  }
  if (category) reasons.push(`it is ${/^[aeiou]/i.test(category) ? 'an' : 'a'} ${category}, which needs an approval record (Evidence to Attach)`);
  if (reasons.length === 0) return { required: false };
  const approver = approverIn(text);
  return { required: true, reason: `${capitalize(reasons.join('; and '))}.`, ...(approver ? { approver } : {}) };
}

/** The role that approves, as written ("the owner", "the security lead"), or undefined. */
export function approverIn(text: string): string | undefined {
  for (const pattern of approverPatterns) {
    const m = pattern.exec(text);
    const role = m?.[2]?.trim();
    const cleaned = role?.replace(/\s+(?:has|have|had|is|was)$/i, '');
    if (m && cleaned && !notRoles.test(cleaned) && !/^(?:change|approval|sign)/i.test(cleaned)) return `${m[1] ?? ''}${cleaned}`.trim();
  }
  return undefined;
}

function matchesCategory(text: string, category: string): boolean {
  const known = categoryKeywords.find((k) => k.pattern.test(category));
  if (known) return known.keywords.test(text);
  // Unknown category: fail safe, any of its own words (stemmed) in the action gates it.
  const stem = (w: string) => w.toLowerCase().replace(/(?:als?|ions?|ments?|ing|ed|es|s|e)$/, '');
  const words = category
    .split(/[^A-Za-z]+/)
    .filter((w) => w.length >= 4 && !genericWords.test(w))
    .map(stem);
  const said = new Set(
    text
      .split(/[^A-Za-z]+/)
      .filter((w) => w.length >= 4)
      .map(stem),
  );
  return words.some((w) => said.has(w));
}
