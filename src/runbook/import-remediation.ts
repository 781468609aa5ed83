import type { RemediationDraft } from './draft';
import type { NdrCategory } from './schema';
import { kebabId, splitEnumeration, uniqueIds } from './text-ids';

// Pure: "Remediation Actions" bullets -> actions marked intrusive, approval-gated (and why), and NDR categories they fix.

const intrusiveVerbs =
  /\b(?:fix|release|correct|change|delete|reset|disable|enable|remove|restore|unlock|unblock|grant|revoke|block|allow|purge|revert|modify|replace|roll ?back)(?:e?s|e?d|ing)?\b/i;

/** Words that put an action in one of the approval-record categories the Evidence section names. */
const categoryKeywords: { pattern: RegExp; keywords: RegExp }[] = [
  { pattern: /permission/i, keywords: /\b(?:elevat\w*|emergency access|permissions?|(?:admin|administrator) roles?)\b/i },
  { pattern: /restore/i, keywords: /\b(?:restor\w*|recover\w*)\b/i },
  { pattern: /bypass/i, keywords: /\b(?:bypass\w*|releas\w*|exceptions?|allow[- ]?lists?|overrides?|exclusions?)\b/i },
  { pattern: /unlock/i, keywords: /\bunlock\w*/i },
  { pattern: /deletion|delete/i, keywords: /\b(?:delet\w*|remov\w*|purg\w*)\b/i },
  { pattern: /rollback|roll back/i, keywords: /\b(?:roll ?back\w*|revert\w*)\b/i },
  { pattern: /public exposure|public/i, keywords: /\b(?:public\w*|anonymous\w*|anyone links?)\b/i },
];

const ndrKeywords: { pattern: RegExp; categories: NdrCategory[] }[] = [
  { pattern: /\b(?:SPF|DKIM|DMARC|DNS|MX)\b|accepted[- ]domain/i, categories: ['dns', 'recipient'] },
  { pattern: /\bconnectors?\b|\btransport rules?\b/i, categories: ['connector', 'policy'] },
];

/** Approval categories from the evidence item "Approval record for any A, B, or C." (none when there is no such item). */
export function approvalCategories(evidence: string[]): string[] {
  const item = evidence.map((e) => /^Approval record for (?:any |all )?(.+)$/i.exec(e)).find(Boolean);
  return item ? splitEnumeration(item[1]) : [];
}

/** Each bullet becomes an action; intrusive by its verbs; approval when it names change control or an approval category. */
export function importRemediation(items: string[], categories: string[]): RemediationDraft[] {
  const nextId = uniqueIds();
  return items.map((text) => ({
    id: nextId(kebabId(text, 4)),
    text,
    intrusive: intrusiveVerbs.test(text),
    approval: approvalFor(text, categories),
    ndrCategories: [...new Set(ndrKeywords.filter((k) => k.pattern.test(text)).flatMap((k) => k.categories))],
  }));
}

function approvalFor(text: string, categories: string[]): RemediationDraft['approval'] {
  const reasons: string[] = [];
  if (/\bchange control\b/i.test(text)) reasons.push('the action goes through change control');
  const category = categories.find((c) => matchesCategory(text, c));
  if (category) reasons.push(`it is ${/^[aeiou]/i.test(category) ? 'an' : 'a'} ${category}, which needs an approval record (Evidence to Attach)`);
  if (reasons.length === 0) return { required: false };
  const reason = reasons.join('; and ');
  return { required: true, reason: `${reason[0].toUpperCase()}${reason.slice(1)}.` };
}

function matchesCategory(text: string, category: string): boolean {
  const known = categoryKeywords.find((k) => k.pattern.test(category));
  if (known) return known.keywords.test(text);
  const words = category.toLowerCase().split(/\s+/);
  return words.every((w) => text.toLowerCase().includes(w));
}
