import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { z } from 'zod';
import { quotePowerShell, renderCommand, renderCommands } from '../../src/incident/powershell';
import { commandStarterSchema, intakeFieldSchema, type CommandStarter, type IntakeField } from '../../src/runbook/schema';
import { readVerbatimString } from '../helpers/powershell-tokenizer';

/** The seed's command starters and the intake fields they bind, parsed with the schema's own parts. */
const seedDoc = parse(readFileSync(join(__dirname, '../../src/runbooks/exchange-online-mail-flow-failure.yaml'), 'utf8'));
const commands = z.array(commandStarterSchema).parse(seedDoc.commands);
const bound = new Set(commands.flatMap((c) => Object.values(c.bind)));
const seed = {
  commands,
  intake: z.array(intakeFieldSchema).parse(z.array(z.object({ id: z.string() }).loose()).parse(seedDoc.intake).filter((f) => bound.has(f.id))),
};



const nasty = ["'", '"', '\u2018', '\u2019', '\u201a', '\u201b', '\u201c', '\u201d', '\u201e', '`', '$()', '$(Remove-Item x)', ';', '|', '&', '\n', '\r', "@'", "'@", '$env:PATH', '${x}', '#', '<#', ' ', '-', 'a', 'é', '😀'];
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
        text: "Get-MessageTrace -SenderAddress 'alex@contoso.com' -RecipientAddress 'o''neil@fabrikam.com'",
        missing: [],
      },
      {
        starterId: 'message-trace-detail',
        title: 'Message trace detail',
        text: "Get-MessageTraceDetail -MessageTraceId '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' -RecipientAddress 'o''neil@fabrikam.com'",
        missing: [],
      },
      { starterId: 'transport-rules', title: 'Transport rules', text: 'Get-TransportRule', missing: [] },
      { starterId: 'connectors', title: 'Inbound and outbound connectors', text: 'Get-InboundConnector; Get-OutboundConnector', missing: [] },
    ]);
  });

  it('lists the trace id as missing until triage supplies it', () => {
    const [trace, detail] = renderCommands(seed, { sender: 'alex@contoso.com', recipient: 'bob@fabrikam.com' });
    expect(trace.missing).toEqual([]);
    expect(detail.text).toBe("Get-MessageTraceDetail -MessageTraceId <id> -RecipientAddress 'bob@fabrikam.com'");
    expect(detail.missing).toEqual([{ placeholder: 'id', fieldId: 'messageTraceId', label: 'Message trace id' }]);
  });

  it('with no values, every placeholder stays visible and is listed', () => {
    const [trace] = renderCommands(seed, {});
    expect(trace.text).toBe('Get-MessageTrace -SenderAddress <sender> -RecipientAddress <recipient>');
    expect(trace.missing.map((m) => m.label)).toEqual(['Sender address', 'Recipient address']);
  });
});
