// Pure text helpers for the importer: ids from prose, readable labels from identifiers, list splitting.

const articles = new Set(['a', 'an', 'the']);
const connectives = new Set(['and', 'or', 'for', 'with', 'from', 'to', 'of', 'in', 'on', 'by', 'as', 'at', 'is', 'are', 'only', 'after', 'before']);

/**
 * kebab-case id from prose. Whole: "Exchange Online Mail Flow Failure" -> "exchange-online-mail-flow-failure".
 * Abbreviated to `maxWords` words without function words: "Run message trace for both sender" -> "run-message-trace-both".
 */
export function kebabId(text: string, maxWords = Infinity): string {
  const skip = Number.isFinite(maxWords) ? (w: string) => articles.has(w) || connectives.has(w) : (w: string) => articles.has(w);
  const words = text
    .toLowerCase()
    .replace(/[/_]/g, ' ')
    .replace(/[^a-z0-9\s-]/g, '')
    .split(/[\s-]+/)
    .filter((w) => w && !skip(w))
    .slice(0, maxWords);
  const id = words.join('-') || 'item';
  return /^[a-z]/.test(id) ? id : `item-${id}`;
}

/** camelCase id: "Root cause" -> "rootCause", "MessageTraceId" -> "messageTraceId". */
export function camelId(text: string): string {
  const words = splitWords(text).map((w) => w.toLowerCase());
  const id = words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('') || 'item';
  return /^[a-z]/.test(id) ? id : `item${id}`;
}

/** Words of an identifier or phrase, splitting camelCase and keeping acronyms: "SPOTenant" -> ["SPO", "Tenant"]. */
export function splitWords(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

const acronyms = new Map([
  ['url', 'URL'],
  ['upn', 'UPN'],
  ['ip', 'IP'],
  ['dns', 'DNS'],
  ['ndr', 'NDR'],
]);

/** A label from an identifier: "SenderAddress" -> "Sender address", "siteUrl" -> "Site URL". */
export function humanize(identifier: string): string {
  const words = splitWords(identifier).map((w) => (/^[A-Z0-9]+$/.test(w) && w.length > 1 ? w : (acronyms.get(w.toLowerCase()) ?? w.toLowerCase())));
  return capitalize(words.join(' '));
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Ends the text with a full stop unless it already ends with punctuation. */
export function sentence(text: string): string {
  const t = capitalize(text.trim());
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** Items of an enumeration: "A, B, or C" / "A or B" -> ["A", "B", "C"]; with `alsoAnd`, "and" separates too. */
export function splitEnumeration(text: string, alsoAnd = false): string[] {
  const separator = alsoAnd ? /\s+(?:and|or)\s+/ : /\s+or\s+/;
  return text
    .trim()
    .replace(/[.;:]$/, '')
    .split(/\s*,\s*/)
    .flatMap((p) => p.split(separator))
    .map((p) => p.replace(/^(?:and|or)\s+/i, '').trim())
    .filter(Boolean);
}

/** Hands out ids unique within one list: "x", "x-2", "x-3". */
export function uniqueIds(): (base: string) => string {
  const seen = new Set<string>();
  return (base) => {
    let id = base;
    for (let n = 2; seen.has(id); n++) id = `${base}-${n}`;
    seen.add(id);
    return id;
  };
}

/** Sentences of a paragraph (split after . ! ? followed by a space and a capital). */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The text without these characters at its ends; linear (a `[...]+$` regex backtracks quadratically on long runs). */
export function trimChars(text: string, chars: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && chars.includes(text[start])) start++;
  while (end > start && chars.includes(text[end - 1])) end--;
  return text.slice(start, end);
}

/** The text without these characters at its end only. */
export function trimEndChars(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1])) end--;
  return text.slice(0, end);
}
