import { cardBudgetBytes, cardBytes } from './card-size';
import type { AdaptiveCard } from './types';

// A refused click comes back with what the person typed still in the inputs, and the inputs it was about marked. Pure.

/** Most an input keeps of what was typed (the inputs' own maxLength is smaller still). */
const maxKept = 20_000;
/** Card data that is not an input of the card: never written back into one. */
const metaKeys = new Set(['incidentId', 'version', 'actionKey', 'key', 'verb']);

/** The string values of a click's data that can be inputs' values. */
export function typedInputs(data: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).filter(([k, v]) => typeof v === 'string' && !metaKeys.has(k) && v.length <= maxKept)) as Record<
    string,
    string
  >;
}

/**
 * The card with each input whose id was typed set to the typed value (never longer than the input takes); `flagged`
 * inputs get a marked label. Within the card budget: should the values not fit, the longest are left out, never the card.
 */
export function keepTyped(card: AdaptiveCard, typed: Readonly<Record<string, string>>, flagged: ReadonlySet<string> = new Set()): AdaptiveCard {
  if (Object.keys(typed).length === 0 && flagged.size === 0) return card;
  let values = { ...typed };
  for (;;) {
    const kept = withValues(card, values, flagged);
    if (cardBytes(kept) <= cardBudgetBytes) return kept;
    const longest = Object.entries(values).sort(([, a], [, b]) => b.length - a.length)[0];
    if (!longest || longest[1].length === 0) return withValues(card, {}, flagged);
    const { [longest[0]]: _dropped, ...rest } = values;
    values = rest;
  }
}

function withValues(card: AdaptiveCard, typed: Readonly<Record<string, string>>, flagged: ReadonlySet<string>): AdaptiveCard {
  const copy = structuredClone(card) as AdaptiveCard;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string') {
      if (Object.hasOwn(typed, o.id)) o.value = typeof o.maxLength === 'number' ? [...typed[o.id]].slice(0, o.maxLength).join('') : typed[o.id];
      if (flagged.has(o.id) && typeof o.label === 'string' && !o.label.startsWith('⚠ ')) o.label = `⚠ ${o.label}`;
    }
    Object.values(o).forEach(walk);
  };
  walk(copy);
  return copy;
}
