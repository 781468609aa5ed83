import type { AdaptiveCard } from './types';

// Teams accepts about 28 KB per message; cards are measured as the UTF-8 JSON they are sent as.

/** Cards are shrunk (shorter texts) until they fit this many bytes: well under the 28 KB message limit. */
export const cardBudgetBytes = 24 * 1024;

/** The card's size in bytes as UTF-8 JSON. */
export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/** Text-length scales tried in turn; the first card within the budget wins, else the smallest one. */
const scales = [1, 0.5, 0.25, 0.1] as const;

/** Builds the card at full text lengths, then shorter ones until it fits the budget. */
export function fitToBudget(build: (scale: number) => AdaptiveCard): AdaptiveCard {
  return fitFirst(scales, build);
}

/** The card for the first of these steps that fits the budget, else the card for the last one. */
export function fitFirst<T>(steps: readonly T[], build: (step: T) => AdaptiveCard): AdaptiveCard {
  let card: AdaptiveCard = {};
  for (const step of steps) {
    card = build(step);
    if (cardBytes(card) <= cardBudgetBytes) return card;
  }
  return card;
}

/** Full text lengths with fewer extras first (e.g. timeline entries: `extras` counts), then shorter texts without them. */
export function budgetSteps(extras: readonly number[]): { scale: number; extras: number }[] {
  return [...extras.map((n) => ({ scale: 1, extras: n })), ...scales.slice(1).map((scale) => ({ scale, extras: 0 }))];
}
