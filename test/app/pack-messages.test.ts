import { packMessages } from '../../src/app/pack-messages';

test('a long pack is split at line breaks into at most five messages, each under 20,000 characters', () => {
  const short = packMessages('# INC\n\nline');
  expect(short).toEqual({ messages: ['# INC\n\nline\n'], truncated: false });
  const lines = Array.from({ length: 3000 }, (_, i) => `line ${i} ${'x'.repeat(90)}`);
  const long = packMessages(lines.join('\n'));
  expect(long.messages.length).toBe(5);
  expect(long.truncated).toBe(true);
  expect(long.messages.every((m) => m.length <= 20_000)).toBe(true);
  expect(long.messages[1].startsWith('line ')).toBe(true);
  const medium = packMessages(lines.slice(0, 300).join('\n'));
  expect(medium.truncated).toBe(false);
  expect(medium.messages.join('')).toBe(`${lines.slice(0, 300).join('\n')}\n`);
});
