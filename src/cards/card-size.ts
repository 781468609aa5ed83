import type { AdaptiveCard } from './types';

// Teams accepts about 28 KB per message; cards are measured as the UTF-8 JSON they are sent as.

/** Cards are shrunk (shorter texts) until they fit this many bytes: well under the 28 KB message limit. */
export const cardBudgetBytes = 24 * 1024;

/** A card's optional extras (the timeline's earlier entries) are shown only while it stays within this: light on a phone. */
export const extrasBudgetBytes = 16 * 1024;

/** The card's size in bytes as UTF-8 JSON. */
export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/** Text-length scales tried in turn; the first card within the budget wins, else the smallest one. */
const scales = [1, 0.5, 0.25, 0.1] as const;

/** Builds the card at full text lengths, then shorter ones until it fits the budget. */
export function fitToBudget(build: (scale: number) => AdaptiveCard): AdaptiveCard {
  return fitFirst(
    scales.map((scale) => ({ scale, budget: cardBudgetBytes })),
    ({ scale }) => build(scale),
  );
}

/** The card for the first of these steps that fits its budget, else the card for the last one. */
export function fitFirst<T extends { budget: number }>(steps: readonly T[], build: (step: T) => AdaptiveCard): AdaptiveCard {
  let card: AdaptiveCard = {};
  for (const step of steps) {
    card = build(step);
    if (cardBytes(card) <= step.budget) return card;
  }
  return card;
}

/**
 * Full text lengths with fewer extras next (e.g. timeline entries: `extras` counts, most first), then shorter texts
 * without them. The most extras only within the extras budget; texts are cut only past the card budget.
 */
export function budgetSteps(extras: readonly number[]): { scale: number; extras: number; budget: number }[] {
  return [
    ...extras.map((n, i) => ({ scale: 1, extras: n, budget: i === 0 && extras.length > 1 ? extrasBudgetBytes : cardBudgetBytes })),
    ...scales.slice(1).map((scale) => ({ scale, extras: 0, budget: cardBudgetBytes })),
  ];
}
