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

test('typed values land in their inputs, clipped to maxLength; flagged inputs are marked once; the original is untouched', () => {
  const original = card();
  const kept = keepTyped(original, { f_sender: 'bob@contoso.example', comment: 'keep <this>', f_scope: 'single-user', stray: 'x' }, new Set(['f_sender']));
  expect(kept.body).toEqual([
    { type: 'Input.Text', id: 'f_sender', label: '⚠ Sender address', maxLength: 10, value: 'bob@contos' },
    { type: 'Container', items: [{ type: 'Input.Text', id: 'comment', label: 'Comment', isMultiline: true, value: 'keep <this>' }] },
    { type: 'Input.ChoiceSet', id: 'f_scope', label: 'Scope', choices: [{ title: 'One user', value: 'single-user' }], value: 'single-user' },
  ]);
  expect(original).toEqual(card());
  expect((keepTyped(kept, {}, new Set(['f_sender'])).body as { label: string }[])[0].label).toBe('⚠ Sender address');
});

test('values that would push the card past its budget are left out, longest first; the card always fits', () => {
  const big = 'y'.repeat(cardBudgetBytes);
  const kept = keepTyped(card(), { comment: big, f_scope: 'single-user' });
  expect(cardBytes(kept)).toBeLessThanOrEqual(cardBudgetBytes);
  expect(JSON.stringify(kept)).not.toContain('yyyy');
  expect((kept.body as { value?: string }[])[2].value).toBe('single-user');
});

test('only strings that are not card metadata count as typed', () => {
  expect(typedInputs({ incidentId: 'INC-1', version: '3', actionKey: 'k', f_sender: 'a@b.example', done: true, n: 3, huge: 'z'.repeat(20_001) })).toEqual({ f_sender: 'a@b.example' });
});
