import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { z } from 'zod';
import { quotePowerShell, renderCommand, renderCommands } from '../../src/incident/powershell';
import { commandStarterSchema, intakeFieldSchema, type CommandStarter, type IntakeField } from '../../src/runbook/schema';
import { readVerbatimString } from '../helpers/powershell-tokenizer';

/** These four characters all open and close an expandable (double-quoted) string. */
const doubleQuoteChars = new Set(['"', '\u201c', '\u201d', '\u201e']);

/**
 * One expandable string from `start`, read strictly (about_Quoting_Rules), independently of the code under test: a backtick
 * may only escape a backtick, `$` or a double quote; two double quotes stand for the second; a bare `$` is refused.
 */
function readExpandableString(text: string, start: number): { value: string; end: number } {
  if (!doubleQuoteChars.has(text[start])) throw new Error(`no double quote at ${start} in ${text}`);
  let value = '';
  for (let i = start + 1; i < text.length; i += 1) {
    const [c, next] = [text[i], text[i + 1]];
    if (c === '$') throw new Error(`unescaped $ at ${i} in ${text}`);
    if (c === '`' && next !== '`' && next !== '$' && !doubleQuoteChars.has(next)) throw new Error(`backtick before ${JSON.stringify(next)} at ${i}`);
    if (c === '`' || (doubleQuoteChars.has(c) && doubleQuoteChars.has(next))) value += text[++i];
    else if (doubleQuoteChars.has(c)) return { value, end: i + 1 };
    else value += c;
  }
  throw new Error('unterminated string');
}

/** A rendered command as expected: literal text, then string tokens whose values (and, for filters, inner verbatim values) are known. */
type Part = string | { verbatim: string } | { expandable: string } | { filter: [string, string, string] };

/** Reads the parts in order from `text` and fails unless they account for all of it, each token exactly. */
function parseBack(text: string, parts: Part[]): void {
  let at = 0;
  for (const part of parts) {
    if (typeof part === 'string') {
      expect(text.slice(at, at + part.length)).toBe(part);
      at += part.length;
    } else if ('verbatim' in part) {
      const token = readVerbatimString(text, at);
      expect(token.value).toBe(part.verbatim);
      at = token.end;
    } else {
      const token = readExpandableString(text, at);
      at = token.end;
      if ('expandable' in part) expect(token.value).toBe(part.expandable);
      else {
        const [before, inner, after] = part.filter;
        expect(token.value.slice(0, before.length)).toBe(before);
        const quoted = readVerbatimString(token.value, before.length);
        expect(quoted.value).toBe(inner);
        expect(token.value.slice(quoted.end)).toBe(after);
      }
    }
  }
  expect(at).toBe(text.length);
}

/** The seed's command starters and the intake fields they bind, parsed with the schema's own parts. */
const seedDoc = parse(readFileSync(join(__dirname, '../../src/runbooks/exchange-online-mail-flow-failure.yaml'), 'utf8'));
const commands = z.array(commandStarterSchema).parse(seedDoc.commands);
const bound = new Set(commands.flatMap((c) => Object.values(c.bind)));
const seed = {
  commands,
  intake: z.array(intakeFieldSchema).parse(
    z
      .array(z.object({ id: z.string() }).loose())
      .parse(seedDoc.intake)
      .filter((f) => bound.has(f.id)),
  ),
};

const nasty = [
  "''",
  '""',
  '`"',
  '`$',
  '"@',
  '@"',
  "'",
  '"',
  '\u2018',
  '\u2019',
  '\u201a',
  '\u201b',
  '\u201c',
  '\u201d',
  '\u201e',
  '`',
  '$()',
  '$(Remove-Item x)',
  ';',
  '|',
  '&',
  '\n',
  '\r',
  "@'",
  "'@",
  '$env:PATH',
  '${x}',
  '#',
  '<#',
  ' ',
  '-',
  'a',
  'é',
  '😀',
];
const arbitraryValue = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.array(fc.constantFrom(...nasty), { maxLength: 20 }).map((parts) => parts.join('')),
  )
  .filter((s) => !s.includes('\u0000'));

describe('quotePowerShell', () => {
  it.each([
    ['plain', "'plain'"],
    ["o'brien@contoso.com", "'o''brien@contoso.com'"],
    ['o\u2019brien', "'o\u2019\u2019brien'"],
    ['\u2018\u201a\u201b', "'\u2018\u2018\u201a\u201a\u201b\u201b'"],
    ['"$(Remove-Item x)"', '\'"$(Remove-Item x)"\''],
    ['', "''"],
  ])('quotes %j as %j', (value, literal) => {
    expect(quotePowerShell(value)).toBe(literal);
  });

  it('round-trips any value through a PowerShell verbatim-string tokenizer, and the token spans the whole literal', () => {
    fc.assert(
      fc.property(arbitraryValue, (value) => {
        const literal = quotePowerShell(value);
        const token = readVerbatimString(literal, 0);
        expect(token.value).toBe(value);
        expect(token.end).toBe(literal.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('a value cannot break out of its argument in a rendered command', () => {
    const starter: CommandStarter = {
      id: 'trace',
      title: 'Trace',
      template: 'Get-MessageTrace -SenderAddress <sender> -RecipientAddress <recipient>',
      bind: { sender: 'sender', recipient: 'recipient' },
    };
    fc.assert(
      fc.property(arbitraryValue, arbitraryValue, (sender, recipient) => {
        const { text, missing } = renderCommand(starter, [], { sender: sender || 'x', recipient: recipient || 'y' });
        expect(missing).toEqual([]);
        const head = 'Get-MessageTrace -SenderAddress ';
        expect(text.startsWith(head)).toBe(true);
        const first = readVerbatimString(text, head.length);
        expect(first.value).toBe(sender || 'x');
        const middle = ' -RecipientAddress ';
        expect(text.slice(first.end, first.end + middle.length)).toBe(middle);
        const second = readVerbatimString(text, first.end + middle.length);
        expect(second.value).toBe(recipient || 'y');
        expect(second.end).toBe(text.length);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('renderCommand parses back in every quoting context', () => {
  const cases: Array<[string, string, (v: string) => Part[]]> = [
    ['bare', 'Get-Mailbox -Identity <v> -ResultSize 1', (v) => ['Get-Mailbox -Identity ', { verbatim: v }, ' -ResultSize 1']],
    ['single', "Get-X -Name 'pre <v> post' -Y 1", (v) => ['Get-X -Name ', { verbatim: `pre ${v} post` }, ' -Y 1']],
    ['smart single', 'Get-X -Name \u2018<v>\u2019; Get-Y', (v) => ['Get-X -Name ', { verbatim: v }, '; Get-Y']],
    ['double', 'Write-Output "pre <v> post" -Y 1', (v) => ['Write-Output ', { expandable: `pre ${v} post` }, ' -Y 1']],
    ['double after escapes', 'Write-Output "a ""b"" `$c <v>"', (v) => ['Write-Output ', { expandable: `a "b" $c ${v}` }]],
    ['smart double', 'Write-Output \u201e<v>\u201d | Out-Null', (v) => ['Write-Output ', { expandable: v }, ' | Out-Null']],
    [
      'double-single',
      `Get-Recipient -Filter "Name -eq '<v>' -and Alias -ne 'x'" -ResultSize 1`,
      (v) => ['Get-Recipient -Filter ', { filter: ['Name -eq ', v, " -and Alias -ne 'x'"] }, ' -ResultSize 1'],
    ],
    [
      'double-single after an escaped quote',
      `Get-Recipient -Filter "Name -eq 'O''<v>'"`,
      (v) => ['Get-Recipient -Filter ', { filter: ['Name -eq ', `O'${v}`, ''] }],
    ],
    [
      'multi-line, every context',
      'Get-X -A <v> `\n  -B \'<v>\' `\n  -C "<v>" `\n  -D "N -eq \'<v>\'"',
      (v) => ['Get-X -A ', { verbatim: v }, ' `\n  -B ', { verbatim: v }, ' `\n  -C ', { expandable: v }, ' `\n  -D ', { filter: ['N -eq ', v, ''] }],
    ],
    ['two in one string', 'Write-Output "<v>:<v>"', (v) => ['Write-Output ', { expandable: `${v}:${v}` }]],
  ];

  it.each(cases)('%s: the value comes back inside exactly one string token, the rest unchanged', (_, template, parts) => {
    const starter: CommandStarter = { id: 'c', title: 'C', template, bind: { v: 'field' } };
    fc.assert(
      fc.property(arbitraryValue, (raw) => {
        const value = raw || 'x';
        const rendered = renderCommand(starter, [], { field: value });
        expect(rendered.missing).toEqual([]);
        expect(rendered.unsafe).toBeUndefined();
        parseBack(rendered.text, parts(value));
      }),
      { numRuns: 500 },
    );
  });
});

describe('renderCommand', () => {
  const fields: IntakeField[] = [
    { id: 'sender', label: 'Sender address', type: 'email', required: true, stage: 'intake' },
    { id: 'recipient', label: 'Recipient address', type: 'email', required: true, stage: 'intake' },
  ];
  const starter: CommandStarter = {
    id: 'trace',
    title: 'Message trace',
    template: 'Get-MessageTrace -SenderAddress <sender> -RecipientAddress <rcpt>; Write-Output <sender>',
    bind: { sender: 'sender', rcpt: 'recipient' },
  };

  it('fills every bound placeholder, each occurrence, with the quoted value', () => {
    expect(renderCommand(starter, fields, { sender: "o'brien@contoso.com", recipient: 'bob@fabrikam.com' })).toEqual({
      starterId: 'trace',
      title: 'Message trace',
      text: "Get-MessageTrace -SenderAddress 'o''brien@contoso.com' -RecipientAddress 'bob@fabrikam.com'; Write-Output 'o''brien@contoso.com'",
      missing: [],
    });
  });

  it('leaves a placeholder without value visible and lists it once, with field id and label', () => {
    const rendered = renderCommand(starter, fields, { recipient: 'bob@fabrikam.com', sender: '' });
    expect(rendered.text).toBe("Get-MessageTrace -SenderAddress <sender> -RecipientAddress 'bob@fabrikam.com'; Write-Output <sender>");
    expect(rendered.missing).toEqual([{ placeholder: 'sender', fieldId: 'sender', label: 'Sender address' }]);
  });

  it('does not substitute placeholders that appear inside a value', () => {
    const rendered = renderCommand(starter, fields, { sender: '<rcpt>', recipient: '<sender>' });
    expect(rendered.text).toBe("Get-MessageTrace -SenderAddress '<rcpt>' -RecipientAddress '<sender>'; Write-Output '<rcpt>'");
    expect(rendered.missing).toEqual([]);
  });

  it.each([
    ["Get-Mailbox -Identity '<sender>'", "Get-Mailbox -Identity 'o''brien@contoso.com'"],
    ['Get-Mailbox -Identity "<sender>"', 'Get-Mailbox -Identity "o\'brien@contoso.com"'],
    [`Get-Recipient -Filter "Name -eq '<sender>'"`, `Get-Recipient -Filter "Name -eq 'o''brien@contoso.com'"`],
  ])("fills an author-quoted placeholder inside the author's string: %s", (template, text) => {
    const quoted: CommandStarter = { id: 'q', title: 'Q', template, bind: { sender: 'sender' } };
    expect(renderCommand(quoted, fields, { sender: "o'brien@contoso.com" })).toEqual({ starterId: 'q', title: 'Q', text, missing: [] });
  });

  it('fills nothing in an unsafe template and says why', () => {
    const unsafe: CommandStarter = { id: 'u', title: 'U', template: 'Get-User user-<sender> -Manager <rcpt>', bind: { sender: 'sender', rcpt: 'recipient' } };
    expect(renderCommand(unsafe, fields, { sender: 'alex', recipient: 'bob' })).toEqual({
      starterId: 'u',
      title: 'U',
      text: 'Get-User user-<sender> -Manager <rcpt>',
      missing: [
        { placeholder: 'sender', fieldId: 'sender', label: 'Sender address' },
        { placeholder: 'rcpt', fieldId: 'recipient', label: 'Recipient address' },
      ],
      unsafe: [
        `placeholder <sender> is part of the larger bare word "user-<sender>", so PowerShell would join the value with the text around it; quote the whole word: 'user-<sender>'`,
      ],
    });
  });

  it('fills a multi-line template with backtick continuations', () => {
    const multi: CommandStarter = {
      id: 'm',
      title: 'M',
      template: 'Get-MessageTrace `\n  -SenderAddress <sender> `\n  -RecipientAddress "<rcpt>"',
      bind: { sender: 'sender', rcpt: 'recipient' },
    };
    expect(renderCommand(multi, fields, { sender: 'a@b.c', recipient: '$x' }).text).toBe(
      'Get-MessageTrace `\n  -SenderAddress \'a@b.c\' `\n  -RecipientAddress "`$x"',
    );
  });

  it('takes no value from the object prototype', () => {
    const odd: CommandStarter = { id: 'odd', title: 'Odd', template: 'Get-X <constructor> <toString>', bind: {} };
    const rendered = renderCommand(odd, fields, {});
    expect(rendered.text).toBe('Get-X <constructor> <toString>');
    expect(rendered.missing.map((m) => [m.placeholder, m.fieldId, m.label])).toEqual([
      ['constructor', 'constructor', 'constructor'],
      ['toString', 'toString', 'toString'],
    ]);
  });
});

describe('renderCommands with the seed runbook', () => {
  it('renders all four starters with values filled in', () => {
    const rendered = renderCommands(seed, {
      sender: 'alex@contoso.com',
      recipient: "o'neil@fabrikam.com",
      messageTraceId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    });
    expect(rendered).toEqual([
      {
        starterId: 'message-trace',
        title: 'Message trace',
        text: "Get-MessageTraceV2 -SenderAddress 'alex@contoso.com' -RecipientAddress 'o''neil@fabrikam.com'",
        missing: [],
      },
      {
        starterId: 'message-trace-detail',
        title: 'Message trace detail',
        text: "Get-MessageTraceDetailV2 -MessageTraceId '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' -RecipientAddress 'o''neil@fabrikam.com'",
        missing: [],
      },
      { starterId: 'transport-rules', title: 'Transport rules', text: 'Get-TransportRule', missing: [] },
      { starterId: 'connectors', title: 'Inbound and outbound connectors', text: 'Get-InboundConnector; Get-OutboundConnector', missing: [] },
    ]);
  });

  it('lists the trace id as missing until triage supplies it', () => {
    const [trace, detail] = renderCommands(seed, { sender: 'alex@contoso.com', recipient: 'bob@fabrikam.com' });
    expect(trace.missing).toEqual([]);
    expect(detail.text).toBe("Get-MessageTraceDetailV2 -MessageTraceId <id> -RecipientAddress 'bob@fabrikam.com'");
    expect(detail.missing).toEqual([{ placeholder: 'id', fieldId: 'messageTraceId', label: 'Message trace id' }]);
  });

  it('with no values, every placeholder stays visible and is listed', () => {
    const [trace] = renderCommands(seed, {});
    expect(trace.text).toBe('Get-MessageTraceV2 -SenderAddress <sender> -RecipientAddress <recipient>');
    expect(trace.missing.map((m) => m.label)).toEqual(['Sender address', 'Recipient address']);
  });
});
