import type { AdaptiveCard } from './types';

// Text colours that read on a white chat: Teams' and the Playground's "good" (green) and "warning" (yellow) text
// fall below WCAG's 4.5:1 contrast on white, so such text is shown in the default colour and bold; a warning also gets
// a ⚠️ (good news already says so in its words: "Approved by", "Done by", "Posted").

const marks: Record<string, string> = { good: '', warning: '⚠️' };

/** A leading symbol already says the tone (☑ ✅ ⚠ ❌ ➖ …): no second mark. */
const startsWithSymbol = /^[\p{Extended_Pictographic}\u2190-\u2BFF]/u;

/** Pure: every TextBlock coloured good or warning becomes default-coloured, bold and marked (copies only what changes). */
export function withReadableColors(card: AdaptiveCard): AdaptiveCard {
  return readable(card) as AdaptiveCard;
}

/** Walks without allocating: a node is copied only when something under it changes (cards are mostly unchanged). */
function readable(node: unknown): unknown {
  if (!node || typeof node !== 'object') return node;
  if (Array.isArray(node)) {
    let children: unknown[] | undefined;
    for (let i = 0; i < node.length; i++) {
      const next = readable(node[i]);
      if (next !== node[i]) (children ??= node.slice())[i] = next;
    }
    return children ?? node;
  }
  const element = node as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key in element) {
    if (key === 'data' || !Object.hasOwn(element, key)) continue;
    const child = element[key];
    if (!child || typeof child !== 'object') continue;
    const next = readable(child);
    if (next !== child) (copy ??= { ...element })[key] = next;
  }
  if (element.type === 'TextBlock' && typeof element.color === 'string' && Object.hasOwn(marks, element.color)) {
    const mark = marks[element.color];
    const text = element.text;
    copy = { ...(copy ?? element), color: 'default', weight: 'Bolder' };
    if (mark && typeof text === 'string' && text !== '' && !startsWithSymbol.test(text)) copy.text = `${mark} ${text}`;
  }
  return copy ?? element;
}
