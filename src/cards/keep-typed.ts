import { cardBudgetBytes, cardBytes } from './card-size';
import { escapeMarkdown } from './escape';
import type { AdaptiveCard } from './types';

// A refused click comes back with what the person typed still in the inputs, and the inputs it was about marked. Pure.

/** Card data that is not an input of the card: never written back into one. */
const metaKeys = new Set(['incidentId', 'version', 'actionKey', 'key', 'verb']);

/** The string values of a click's data that can be inputs' values, whole (the request body's own limit bounds them). */
export function typedInputs(data: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).filter(([k, v]) => typeof v === 'string' && !metaKeys.has(k))) as Record<string, string>;
}

/** One typed value on its way back into its input: its characters (code points), how many are kept, and why fewer. */
interface Kept {
  points: string[];
  kept: number;
  /** The input's own maxLength, when it cuts the value. */
  box?: number;
  /** Cut (further) so the card stays within its budget. */
  byCard: boolean;
}

/**
 * The card with each input whose id was typed set to the typed value; `flagged` inputs get a marked label. A value is
 * never dropped in silence: one longer than its input takes (maxLength), or than the card has room for within its
 * budget, keeps as many characters as fit (the longest values are cut first) and gets a line under its input saying
 * that it was not kept in full, how much was, and which limit applies.
 */
export function keepTyped(card: AdaptiveCard, typed: Readonly<Record<string, string>>, flagged: ReadonlySet<string> = new Set()): AdaptiveCard {
  if (Object.keys(typed).length === 0 && flagged.size === 0) return card;
  const boxes = inputBoxes(card);
  const values = new Map<string, Kept>();
  for (const [id, value] of Object.entries(typed)) {
    if (!boxes.has(id)) continue;
    const points = [...value];
    const box = boxes.get(id);
    const cut = box !== undefined && points.length > box;
    values.set(id, { points, kept: cut ? box : points.length, ...(cut ? { box } : {}), byCard: false });
  }
  let out = withValues(card, values, flagged);
  while (cardBytes(out) > cardBudgetBytes) {
    const longest = [...values.values()].filter((v) => v.kept > 0).sort((a, b) => b.kept - a.kept)[0];
    if (!longest) return out;
    // The most of the longest value that fits (a bisection on its length); none of it when even that does not fit.
    const full = longest.kept;
    longest.byCard = true;
    let [fits, over] = [0, full];
    while (over - fits > 1) {
      const mid = Math.floor((fits + over) / 2);
      longest.kept = mid;
      if (cardBytes(withValues(card, values, flagged)) <= cardBudgetBytes) fits = mid;
      else over = mid;
    }
    longest.kept = fits;
    out = withValues(card, values, flagged);
  }
  return out;
}

/** Every input's id with its maxLength (undefined where it has none). */
function inputBoxes(card: AdaptiveCard): Map<string, number | undefined> {
  const boxes = new Map<string, number | undefined>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (isInput(o)) boxes.set(o.id, typeof o.maxLength === 'number' ? o.maxLength : undefined);
    Object.values(o).forEach(walk);
  };
  walk(card);
  return boxes;
}

const isInput = (o: Record<string, unknown>): o is Record<string, unknown> & { id: string } =>
  typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string';

/** Why a value is not all there, in words, with the limit that applies; what to do depends on whether it was refused. */
function notKeptWords(v: Kept, refused: boolean): string {
  const sent = v.points.length;
  const limit = v.byCard
    ? `this card has room for the first ${v.kept} (a card holds at most ${Math.floor(cardBudgetBytes / 1024)} KB)`
    : `this box takes at most ${v.box}, so only the first ${v.kept} are in it`;
  const todo = refused || !v.byCard ? 'Shorten it and send again.' : 'Paste it again in full before you send.';
  return `⚠ Not kept in full: you sent ${sent} characters and ${limit}. ${todo}`;
}

function withValues(card: AdaptiveCard, values: ReadonlyMap<string, Kept>, flagged: ReadonlySet<string>): AdaptiveCard {
  const copy = structuredClone(card) as AdaptiveCard;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      // A line under each input whose value is not kept in full, in the same list of elements.
      for (let i = node.length - 1; i >= 0; i--) {
        const o = node[i] as Record<string, unknown> | null;
        const v = o && typeof o === 'object' && isInput(o) ? values.get(o.id) : undefined;
        if (v && v.kept < v.points.length) {
          node.splice(i + 1, 0, { type: 'TextBlock', text: escapeMarkdown(notKeptWords(v, flagged.has(o!.id as string))), color: 'attention', size: 'Small', wrap: true, spacing: 'None' });
        }
      }
      return node.forEach(walk);
    }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (isInput(o)) {
      const v = values.get(o.id);
      if (v) o.value = v.kept === v.points.length ? v.points.join('') : v.points.slice(0, v.kept).join('');
      if (flagged.has(o.id) && typeof o.label === 'string' && !o.label.startsWith('⚠ ')) o.label = `⚠ ${o.label}`;
    }
    Object.values(o).forEach(walk);
  };
  walk(copy);
  return copy;
}
