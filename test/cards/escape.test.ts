import fc from 'fast-check';
import { escapeMarkdown, renderIncidentCard, renderMessageCard, truncate } from '../../src/cards';
import { clipper } from '../../src/cards/escape';
import { inputs, nodes, unescapedIn, unescapeMarkdown, visibleText } from '../helpers/card-checks';
import { seed, typical, walkSeed } from '../helpers/card-incidents';

// User text on cards renders literally: no markdown, links, HTML, mentions or entities, and no template expressions.

/** Markdown-active characters that must never reach a TextBlock unescaped. */
const specials = /[\\`*_~[\]()#<>&|]/;


describe('escapeMarkdown', () => {
  it.each([
    ['[click](https://evil.example)', '\\[click\\]\\(https://evil.example\\)'],
    ['![img](https://evil.example/x.png)', '!\\[img\\]\\(https://evil.example/x.png\\)'],
    ['**bold** and _it_ and ~~gone~~', '\\*\\*bold\\*\\* and \\_it\\_ and \\~\\~gone\\~\\~'],
    ['<at>Grace</at> <b>x</b>', '\\<at\\>Grace\\</at\\> \\<b\\>x\\</b\\>'],
    ['<https://evil.example>', '\\<https://evil.example\\>'],
    ['&lt;script&gt; &amp; R&D', '\\&lt;script\\&gt; \\&amp; R\\&D'],
    ['`Get-Mailbox` | Format-List', '\\`Get-Mailbox\\` \\| Format-List'],
    ['# Heading', '\\# Heading'],
    ['> quoted', '\\> quoted'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['---', '\\---'],
    ['1. first', '1\\. first'],
    ['12) twelfth', '12\\) twelfth'],
    ['5.7.1 stays a code', '5.7.1 stays a code'],
    ['C:\\temp\\x', 'C:\\\\temp\\\\x'],
    ['He said "hi" and \'bye\'', 'He said "hi" and \'bye\''],
    ['${x} ${$root.title} @{x}', '${x} ${$root.title} @{x}'],
    ['line one\nline two\r\nline three', 'line one\n\nline two\n\nline three'],
    ['    indented code?', '\u00a0\u00a0\u00a0\u00a0indented code?'],
    ['\tTabbed', '\u00a0\u00a0\u00a0\u00a0Tabbed'],
    ['a  b   c', 'a \u00a0b \u00a0\u00a0c'],
    ['bell\u0007 rtl\u202e nul\u0000', 'bell\uFFFD rtl\uFFFD nul\uFFFD'],
    ['lone \uD800 surrogate, pair 😀 kept', 'lone \uFFFD surrogate, pair 😀 kept'],
    ['plain text stays plain.', 'plain text stays plain.'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  const markdownish = fc.string({
    unit: fc.oneof(
      fc.constantFrom(...'\\`*_~[]()#<>&|!-+=.1 \n\r\u2028${}@"\''.split('')),
      fc.constantFrom('a', 'é', '😀', '1.', '- ', '> ', '    '),
    ),
    maxLength: 80,
  });

  it('leaves no markdown-active character unescaped', () => {
    fc.assert(fc.property(markdownish, (text) => unescapedIn(escapeMarkdown(text), specials).length === 0));
  });

  it('starts no line with a block marker', () => {
    fc.assert(
      fc.property(markdownish, (text) =>
        escapeMarkdown(text)
          .split('\n')
          .every((line) => !/^\u00a0*([-+*>#]|\d{1,9}[.)]( |$)|`{3}|~{3})/.test(line)),
      ),
    );
  });

  it('renders back to the same text once a markdown renderer removes the escapes', () => {
    fc.assert(
      fc.property(markdownish, (text) => {
        const shown = unescapeMarkdown(escapeMarkdown(text)).replace(/\u00a0/g, ' ');
        return shown === text.split(/\r\n|[\r\n\u2028\u2029]/).join('\n\n');
      }),
    );
  });
});

describe('truncate and clip', () => {
  it('cuts to the limit with an ellipsis, never inside a surrogate pair', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect(truncate('😀😀😀😀😀', 3)).toBe('😀😀…');
    expect([...truncate('😀'.repeat(700), 600)]).toHaveLength(600);
  });

  it('cuts before escaping, so an escape is never split', () => {
    const clip = clipper(1);
    expect(clip('*'.repeat(100), 50)).toBe(`${'\\*'.repeat(49)}…`);
  });
});

describe('user text on real cards', () => {
  const injections = [
    '[Approve here](https://evil.example/approve)',
    '**URGENT** _click_',
    '<at>Grace Hopper</at>',
    '${$root.title} ${x} @{x} ${json(\'{}\')}',
    'quote " and \' and \\',
    'first line\n- bullet\n1. numbered\n# heading',
  ];
  const profile = {
    ...typical,
    staff: { id: 'staff-1', name: '[Ada](https://evil.example) **Lovelace** ${x}' },
    intake: {
      ...typical.intake,
      affectedUsers: injections.join(' ').replace(/\n/g, ' '),
      subject: '${$root.title}',
      ndrText: `550 5.7.1 ${injections.join('\n')}`,
    },
    summary: (fieldId: string) => `${fieldId}: ${injections.join('\n')}`,
    note: (i: number) => `${injections.join('\n')} (${i})`,
    evidence: (i: number) => ({ text: `${injections.join('\n')} (${i})` }),
    cancelReason: injections.join(' '),
  };
  const walk = walkSeed(profile);
  const cards = Object.entries(walk.phases).map(([name, incident]) => ({
    name,
    incident,
    card: renderIncidentCard(incident, seed, new Date('2026-11-24T12:00:00Z'), { text: injections.join(' '), tone: 'attention' }),
  }));

  it.each(cards.map((c) => [c.name, c.card] as const))('%s: every TextBlock and fact shows the text literally', (_name, card) => {
    const texts = nodes(card).flatMap((n) => (n.type === 'TextBlock' ? [String(n.text)] : n.type === 'FactSet' ? (n.facts as { title: string; value: string }[]).flatMap((f) => [f.title, f.value]) : []));
    for (const text of texts) expect(unescapedIn(text, /[\\`*_~[\]<>&|#]/)).toEqual([]);
  });

  it('keeps ${...} in user text as text: the templating engine does not evaluate it', () => {
    const triage = cards.find((c) => c.name === 'triage')?.card;
    const facts = nodes(triage).flatMap((n) => (n.type === 'FactSet' ? (n.facts as { title: string; value: string }[]) : []));
    expect(facts.find((f) => f.title === 'Subject')?.value).toBe('${$root.title}');
    const shown = unescapeMarkdown(visibleText(triage));
    expect(shown).toContain("${$root.title} ${x} @{x} ${json('{}')}");
    expect(shown).toContain('[Ada](https://evil.example) **Lovelace** ${x}');
  });

  it('puts stored values into inputs unescaped, exactly as stored', () => {
    const decision = cards.find((c) => c.name === 'decision')?.card;
    expect(inputs(decision).find((i) => i.id === 'ndrText')?.value).toBe(profile.intake.ndrText);
    const summary = cards.find((c) => c.name === 'summary');
    const values = Object.fromEntries(inputs(summary?.card).map((i) => [i.id, i.value]));
    expect(values.s_whatHappened).toBe(summary?.incident.summary.fields.whatHappened);
    expect(values.s_whatHappened).toContain('${$root.title}');
  });
});

describe('message card', () => {
  it('escapes its text, which may quote user input', () => {
    const card = renderMessageCard('Not valid', 'The link must be https: "[x](javascript:alert(1))"', 'attention');
    expect(JSON.stringify(card)).toContain('\\\\[x\\\\]\\\\(javascript:alert\\\\(1\\\\)\\\\)');
    expect(inputs(card)).toEqual([]);
  });

  it('renders a ${...} title literally', () => {
    expect(visibleText(renderMessageCard('${title}', 'x'))).toContain('${title}');
  });
});

