import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { analyzeNdr, extractNdrCodes, ndrSourceLimit, unknownCodeMeaning } from '../../src/incident/ndr';
import { z } from 'zod';
import { remediationActionSchema } from '../../src/runbook/schema';

/** The seed runbook's remediation list, parsed with the schema's own part (the analysis needs no more). */
const seed = {
  remediation: z
    .array(remediationActionSchema)
    .parse(parse(readFileSync(join(__dirname, '../../src/runbooks/exchange-online-mail-flow-failure.yaml'), 'utf8')).remediation),
};

describe('extractNdrCodes', () => {
  it.each([
    ['550 5.1.1 RESOLVER.ADR.RecipNotFound; not found', ['5.1.1']],
    ['5.7.1', ['5.7.1']],
    ['#4.4.7', ['4.4.7']],
    ["Remote Server returned '550 5.7.23 Message rejected due to SPF'", ['5.7.23']],
    ['status code 5.7.509 Access denied, sending domain does not pass DMARC', ['5.7.509']],
    ['550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup', ['5.7.133']],
    ['Delivery failed with 5.7.1.', ['5.7.1']],
    ['550-5.7.1 (multi-line SMTP reply)', ['5.7.1']],
    ['dsn=5.7.57, status=bounced', ['5.7.57']],
    ['[5.4.14]', ['5.4.14']],
  ])('finds the code in %j', (text, codes) => {
    expect(extractNdrCodes(text)).toEqual(codes);
  });

  it('keeps order of first appearance and drops duplicates', () => {
    const text = '#550 5.7.23 SPF fail ... 421 4.4.7 expired ... again 5.7.23 and 5.1.1 and #4.4.7';
    expect(extractNdrCodes(text)).toEqual(['5.7.23', '4.4.7', '5.1.1']);
  });

  it.each([
    ['an IP address', 'Connecting IP 10.0.0.1 was refused'],
    ['an IP address with a class-like start', 'host 5.7.1.20 answered'],
    ['a dotted date', 'since 2026.05.29 at noon'],
    ['an Exchange build', 'Microsoft SMTP Server id 15.20.7452.3'],
    ['a three-part version glued to a word', 'client v5.7.1 and build5.1.1'],
    ['a class digit other than 2, 4 or 5', 'version 3.2.1 and 1.1.1'],
    ['a detail of four digits', 'ref 5.7.1234'],
    ['a subject of four digits', 'ref 5.1000.1'],
    ['store diagnostic pairs', '16.55847:92110000, 255.23226:C42F0000, 4.21921:D6040000'],
    ['a time with a fraction', '05:14:28.293Z'],
  ])('takes no code from %s', (_, text) => {
    expect(extractNdrCodes(text)).toEqual([]);
  });

  it('never takes a code from an IPv4 address or a four-part version, wherever it stands', () => {
    const dotted = fc.oneof(
      fc.ipV4(),
      fc.array(fc.nat(99999), { minLength: 4, maxLength: 6 }).map((parts) => parts.join('.')),
    );
    fc.assert(
      fc.property(
        fc.string({ maxLength: 5 }).filter((s) => !/[\d.]/.test(s)),
        dotted,
        fc.constantFrom('', ' ', '.', ')', ' ok'),
        (before, value, after) => {
          expect(extractNdrCodes(`${before}${value}${after}`)).toEqual([]);
        },
      ),
    );
  });

  it('reads a full Exchange Online NDR without picking up header versions or IPs', () => {
    const ndr = [
      'Delivery has failed to these recipients or groups:',
      'partner@fabrikam.com',
      'Diagnostic information for administrators:',
      'Generating server: VI1PR03MB3102.eurprd03.prod.outlook.com',
      "Remote Server returned '550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required'",
      'Received: from AM7PR03CA0018.eurprd03.prod.outlook.com (2603:10a6:20b:130::28)',
      ' by VI1PR03MB3102.eurprd03.prod.outlook.com (10.175.7.135) with Microsoft SMTP Server id 15.20.2347.22',
      '421 4.4.0 Unable to lookup DNS',
    ].join('\n');
    expect(extractNdrCodes(ndr)).toEqual(['5.7.133', '4.4.0']);
  });
});

describe('analyzeNdr', () => {
  it('explains known codes and suggests the seed remediation for their categories, by first code', () => {
    const analysis = analyzeNdr("  Remote Server returned '550 5.7.23 SPF'; later 550 5.7.1 Unable to relay  ", seed);
    expect(analysis.codes).toEqual([
      { code: '5.7.23', meaning: 'SPF violation.', category: 'dns', fix: "Fix the sender's SPF record." },
      expect.objectContaining({ code: '5.7.1', category: 'policy' }),
    ]);
    expect(analysis.suggestedActions).toEqual(['correct-dns-records', 'fix-rules-or-connectors']);
    expect(analysis.source).toBe("Remote Server returned '550 5.7.23 SPF'; later 550 5.7.1 Unable to relay");
  });

  it('orders suggestions by the first code: a connector code first puts the connector fix first', () => {
    const analysis = analyzeNdr('451 4.4.317 incomplete chain, then 550 5.1.1 RecipNotFound', seed);
    expect(analysis.codes.map((c) => c.category)).toEqual(['connector', 'recipient']);
    expect(analysis.suggestedActions).toEqual(['fix-rules-or-connectors', 'correct-dns-records']);
  });

  it('lists unknown codes as other with the "read the text" meaning, and suggests nothing the seed does not map', () => {
    const analysis = analyzeNdr('554 5.6.0 Corrupt message content; 421 4.4.7 expired', seed);
    expect(analysis.codes).toEqual([
      { code: '5.6.0', meaning: unknownCodeMeaning, category: 'other', fix: 'Read the text after the code.' },
      expect.objectContaining({ code: '4.4.7', category: 'other', meaning: 'Message expired in the queue.' }),
    ]);
    expect(unknownCodeMeaning).toBe('Not in the NDR table: read the text after the code');
    expect(analysis.suggestedActions).toEqual([]);
  });

  it('returns no codes and no actions for text without a code', () => {
    expect(analyzeNdr('The message could not be delivered.', seed)).toEqual({
      source: 'The message could not be delivered.',
      codes: [],
      suggestedActions: [],
    });
  });

  it('keeps at most 2000 characters of source but reads codes from the whole text', () => {
    const text = `${'x'.repeat(3000)} 550 5.7.23 SPF`;
    const analysis = analyzeNdr(text, seed);
    expect(analysis.source).toHaveLength(ndrSourceLimit);
    expect(ndrSourceLimit).toBe(2000);
    expect(analysis.codes.map((c) => c.code)).toEqual(['5.7.23']);
  });

  it('does not split a surrogate pair when it truncates', () => {
    const text = `${'a'.repeat(1999)}😀tail`;
    const { source } = analyzeNdr(text, seed);
    expect(source).toBe('a'.repeat(1999));
  });

  it('suggests an action once even when several codes share its categories', () => {
    const analysis = analyzeNdr('5.7.1 then 5.7.124 then 5.7.57', seed);
    expect(analysis.suggestedActions).toEqual(['fix-rules-or-connectors']);
  });
});
