import { chatFriendly, packMessages } from '../../src/app/pack-messages';

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

describe('the evidence pack in a chat', () => {
  test('a two-column table with an empty header becomes one "**Key**: value" line per row; the rest is kept', () => {
    const md = ['# INC-1', '', '| | |', '| --- | --- |', '| Runbook | Series 04 |', '| Owner | Sam \\| Staff |', '', '## Timeline', '- one'].join('\n');
    expect(chatFriendly(md)).toBe(['# INC-1', '', '- **Runbook**: Series 04', '- **Owner**: Sam \\| Staff', '', '## Timeline', '- one'].join('\n'));
  });

  test('a table with named columns keeps each cell with its column name', () => {
    const md = ['| Code | Fix |', '| :--- | ---: |', '| 5.7.1 | Allow relay |', 'after'].join('\n');
    expect(chatFriendly(md)).toBe(['- Code: 5.7.1 · Fix: Allow relay', 'after'].join('\n'));
  });

  test('a line that only starts with a pipe, without a separator row under it, is not a table', () => {
    const md = '| not a table\nnext';
    expect(chatFriendly(md)).toBe(md);
  });

  test('the real pack has no table left', async () => {
    const { evidencePack } = await import('../../src/incident/evidence-pack');
    const { typical, seed, walkSeed } = await import('../helpers/card-incidents');
    const pack = chatFriendly(evidencePack(walkSeed(typical).phases.closed, seed));
    expect(pack).not.toMatch(/^\|.*\|\s*$/m);
    expect(pack).toMatch(/^- \*\*Audit chain\*\*: verified \(\d+ entries\)$/m);
  });
});
