import { cardBudgetBytes, cardBytes } from '../../src/cards/card-size';
import { keepTyped, typedInputs } from '../../src/cards/keep-typed';
import type { AdaptiveCard } from '../../src/cards/types';

// Typed values back into a refused card's inputs, within the input's length and the card's budget.

const card = (): AdaptiveCard => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'Input.Text', id: 'f_sender', label: 'Sender address', maxLength: 10 },
    { type: 'Container', items: [{ type: 'Input.Text', id: 'comment', label: 'Comment', isMultiline: true }] },
    { type: 'Input.ChoiceSet', id: 'f_scope', label: 'Scope', choices: [{ title: 'One user', value: 'single-user' }] },
  ],
});

test('typed values land in their inputs, clipped to maxLength with a line saying so; flagged inputs are marked once; the original is untouched', () => {
  const original = card();
  const kept = keepTyped(original, { f_sender: 'bob@contoso.example', comment: 'keep <this>', f_scope: 'single-user', stray: 'x' }, new Set(['f_sender']));
  expect(kept.body).toEqual([
    { type: 'Input.Text', id: 'f_sender', label: '⚠ Sender address', maxLength: 10, value: 'bob@contos' },
    {
      type: 'TextBlock',
      text: '⚠ Not kept in full: you sent 19 characters and this box takes at most 10, so only the first 10 are in it. Shorten it and send again.',
      color: 'attention',
      size: 'Small',
      wrap: true,
      spacing: 'None',
    },
    { type: 'Container', items: [{ type: 'Input.Text', id: 'comment', label: 'Comment', isMultiline: true, value: 'keep <this>' }] },
    { type: 'Input.ChoiceSet', id: 'f_scope', label: 'Scope', choices: [{ title: 'One user', value: 'single-user' }], value: 'single-user' },
  ]);
  expect(original).toEqual(card());
  expect((keepTyped(kept, {}, new Set(['f_sender'])).body as { label: string }[])[0].label).toBe('⚠ Sender address');
  // Within its box: no line.
  const body = card().body as Record<string, unknown>[];
  expect(keepTyped(original, { f_sender: 'a@b.ex' }).body).toEqual([{ ...body[0], value: 'a@b.ex' }, ...body.slice(1)]);
});

test('a value that would push the card past its budget keeps as much as fits, longest first, with a line under its input; the card always fits', () => {
  const big = 'y'.repeat(cardBudgetBytes);
  const kept = keepTyped(card(), { comment: big, f_sender: 'a@b.ex', f_scope: 'single-user' });
  expect(cardBytes(kept)).toBeLessThanOrEqual(cardBudgetBytes);
  const [comment, note] = (kept.body as { items: { value?: string; text?: string }[] }[])[1].items;
  expect(big.startsWith(comment.value!)).toBe(true);
  // All of the budget but the card itself and the line: nothing is left out that would have fitted.
  expect(cardBytes(kept)).toBeGreaterThan(cardBudgetBytes - 8);
  expect(note.text).toBe(
    `⚠ Not kept in full: you sent ${cardBudgetBytes} characters and this card has room for the first ${comment.value!.length} \\(a card holds at most 24 KB\\). Paste it again in full before you send.`,
  );
  expect((kept.body as { value?: string }[])[0].value).toBe('a@b.ex');
  expect((kept.body as { value?: string }[])[2].value).toBe('single-user');

  // Two values too long for the card: the longest is cut first, down to what fits with the other whole.
  const two = keepTyped(card(), { comment: 'c'.repeat(20_000), f_scope: 's'.repeat(15_000) });
  expect(cardBytes(two)).toBeLessThanOrEqual(cardBudgetBytes);
  const values = new Map(
    JSON.stringify(two)
      .match(/"value":"(c+|s+)"/g)!
      .map((m) => [m[9], m.length - 10]),
  );
  expect(values.get('s')).toBe(15_000);
  expect(values.get('c')).toBeLessThan(15_000);
});

test('only strings that are not card metadata count as typed, kept whole whatever their length', () => {
  const huge = 'z'.repeat(20_001);
  expect(typedInputs({ incidentId: 'INC-1', version: '3', actionKey: 'k', f_sender: 'a@b.example', done: true, n: 3, huge })).toEqual({ f_sender: 'a@b.example', huge });
});
