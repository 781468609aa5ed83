import { budgetSteps, cardBudgetBytes, cardBytes, extrasBudgetBytes, fitFirst } from '../../src/cards/card-size';

// The card budget: extras (the timeline's earlier entries) give way at 16 KB, texts are cut only past 24 KB.

/** A card of about `bytes` bytes as JSON. */
const cardOf = (bytes: number) => ({ type: "AdaptiveCard", body: [{ type: "TextBlock", text: "x".repeat(Math.max(0, Math.round(bytes) - 63)) }] });

describe('budgetSteps and fitFirst', () => {
  it('holds the most extras to the extras budget and every other step to the card budget', () => {
    expect(budgetSteps([10, 3, 0])).toEqual([
      { scale: 1, extras: 10, budget: extrasBudgetBytes },
      { scale: 1, extras: 3, budget: cardBudgetBytes },
      { scale: 1, extras: 0, budget: cardBudgetBytes },
      { scale: 0.5, extras: 0, budget: cardBudgetBytes },
      { scale: 0.25, extras: 0, budget: cardBudgetBytes },
      { scale: 0.1, extras: 0, budget: cardBudgetBytes },
    ]);
  });

  it('drops the extras of a card past 16 KB but keeps its texts whole while it fits 24 KB', () => {
    const sizes: Record<number, number> = { 10: 17 * 1024, 3: 14 * 1024, 0: 13 * 1024 };
    const tried: string[] = [];
    const card = fitFirst(budgetSteps([10, 3, 0]), ({ scale, extras }) => {
      tried.push(`${extras}@${scale}`);
      return cardOf(sizes[extras] * scale);
    });
    expect(tried).toEqual(['10@1', '3@1']);
    expect(cardBytes(card)).toBeGreaterThan(13 * 1024);
    expect(cardBytes(card)).toBeLessThanOrEqual(14 * 1024);
  });

  it('keeps every extra while the card is within 16 KB', () => {
    const tried: number[] = [];
    fitFirst(budgetSteps([10, 3, 0]), ({ extras }) => (tried.push(extras), cardOf(15 * 1024)));
    expect(tried).toEqual([10]);
  });

  it('cuts texts only when the card without extras is past 24 KB', () => {
    const tried: string[] = [];
    const card = fitFirst(budgetSteps([10, 3, 0]), ({ scale, extras }) => (tried.push(`${extras}@${scale}`), cardOf(30 * 1024 * scale)));
    expect(tried).toEqual(['10@1', '3@1', '0@1', '0@0.5']);
    expect(cardBytes(card)).toBeLessThanOrEqual(cardBudgetBytes);
  });
});
