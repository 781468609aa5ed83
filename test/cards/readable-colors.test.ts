import { withReadableColors } from '../../src/cards/readable-colors';

describe('text colours that read on white', () => {
  const card = {
    type: 'AdaptiveCard',
    body: [
      { type: 'TextBlock', text: 'Approved by Alex', color: 'good' },
      { type: 'TextBlock', text: 'Only 2 min left.', color: 'warning' },
      { type: 'TextBlock', text: '⚠ already marked', color: 'warning' },
      { type: 'TextBlock', text: 'Refused', color: 'attention' },
      { type: 'Container', style: 'good', items: [{ type: 'TextBlock', text: 'nested', color: 'warning' }] },
    ],
    actions: [{ type: 'Action.Execute', verb: 'x', data: { color: 'warning', type: 'TextBlock', text: 'payload' } }],
  };

  test('good becomes default and bold, warning also gets one mark; attention and container styles stay', () => {
    const out = withReadableColors(card) as typeof card;
    expect(out.body.slice(0, 4)).toEqual([
      { type: 'TextBlock', text: 'Approved by Alex', color: 'default', weight: 'Bolder' },
      { type: 'TextBlock', text: '⚠️ Only 2 min left.', color: 'default', weight: 'Bolder' },
      { type: 'TextBlock', text: '⚠ already marked', color: 'default', weight: 'Bolder' },
      { type: 'TextBlock', text: 'Refused', color: 'attention' },
    ]);
    expect(out.body[4]).toEqual({ type: 'Container', style: 'good', items: [{ type: 'TextBlock', text: '⚠️ nested', color: 'default', weight: 'Bolder' }] });
  });

  test('action data is never touched, and the input card is not changed (templates share their constant parts)', () => {
    const before = JSON.stringify(card);
    const out = withReadableColors(card) as typeof card;
    expect(out.actions).toBe(card.actions);
    expect(JSON.stringify(card)).toBe(before);
  });
});
