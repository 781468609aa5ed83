import { findInternalDetails, isIPv6 } from '../../src/incident/summary-check';
import type { SummaryWarning } from '../../src/incident/types';

const kinds = (text: string) => findInternalDetails({ f: text }).map((w) => [w.kind, w.match]);

describe('findInternalDetails', () => {
  it('finds nothing in plain customer text', () => {
    expect(
      findInternalDetails({
        whatHappened: 'Mail from contoso.com partners was delayed 09:30-11:00 UTC on 24 Nov.',
        impact: 'About 40 users in Sales and Finance; external mail only. Times 10:30, 10:30:45 and 12:00:00.',
        rootCause: 'A Read-Only connector setting after the 2026.05.29 change (version 15.20.7452.3); code 5.7.23.',
        resolution: 'We fixed the SPF record, then a test message was delivered. Follow-Up booked; see https://status.contoso.com.',
        prevention: 'Set-up of monitoring; a well-known check - daily - from the service desk. Ratio 3:1, scores 1:2:3.',
      }),
    ).toEqual([]);
  });

  it.each([
    ['Mail from 10.0.0.1 was refused', 'ipv4', '10.0.0.1'],
    ['host 192.168.10.254.', 'ipv4', '192.168.10.254'],
    ['range 172.16.0.0/12', 'ipv4', '172.16.0.0'],
    ['via 2603:10a6:20b:130::28 today', 'ipv6', '2603:10a6:20b:130::28'],
    ['full 2001:0db8:0000:0000:0000:ff00:0042:8329', 'ipv6', '2001:0db8:0000:0000:0000:ff00:0042:8329'],
    ['loopback ::1 only', 'ipv6', '::1'],
    ['mapped ::ffff:192.0.2.1', 'ipv6', '::ffff:192.0.2.1'],
    ['fe80::1%eth0', 'ipv6', 'fe80::1'],
    ['id <CAKx=ab+c@mail.gmail.com> bounced', 'message-id', '<CAKx=ab+c@mail.gmail.com>'],
    ['ask alex.wilber@contoso.com', 'email-address', 'alex.wilber@contoso.com'],
    // Issue 14 item 11.10: the apostrophe is part of the local part ("brien@fabrikam.com" was shown before).
    ["mail to o'brien@fabrikam.com bounced", 'email-address', "o'brien@fabrikam.com"],
    ["quoted 'alice@contoso.com' here", 'email-address', 'alice@contoso.com'],
    ['server exch01.corp.local failed', 'internal-host', 'exch01.corp.local'],
    ['relay app.contoso.corp', 'internal-host', 'app.contoso.corp'],
    ['relay SMTP-GW.Internal', 'internal-host', 'SMTP-GW.Internal'],
    ['printer pr1.lan and', 'internal-host', 'pr1.lan'],
    ['share on fs.intra', 'internal-host', 'fs.intra'],
    ['logs in \\\\FS01\\logs$\\mail.', 'internal-host', '\\\\FS01\\logs$\\mail'],
    ['on \\\\exch01', 'internal-host', '\\\\exch01'],
    ['we ran Get-MessageTrace and saw it', 'powershell', 'Get-MessageTrace'],
    ['Set-TransportRule fixed it', 'powershell', 'Set-TransportRule'],
    ['then validate-outboundconnector -identity x', 'powershell', 'validate-outboundconnector'],
    ['Release-QuarantineMessage was used', 'powershell', 'Release-QuarantineMessage'],
    ['trace 0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0 shows', 'guid', '0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0'],
  ])('flags %j as %s %s', (text, kind, match) => {
    expect(kinds(text)).toEqual([[kind, match]]);
  });

  it('flags a whole command once per cmdlet, and the address in it separately', () => {
    expect(kinds('We ran Get-MessageTrace -SenderAddress bob@contoso.com -StartDate 2026-11-24 and Set-TransportRule -Identity x')).toEqual([
      ['powershell', 'Get-MessageTrace'],
      ['email-address', 'bob@contoso.com'],
      ['powershell', 'Set-TransportRule'],
    ]);
  });

  it('reports a message id once, not also as an email address', () => {
    expect(kinds('Message <abc@bob.contoso.local> failed')).toEqual([['message-id', '<abc@bob.contoso.local>']]);
  });

  it('reports an internal address as an email address, not also as a host', () => {
    expect(kinds('from svc-relay@mail.corp')).toEqual([['email-address', 'svc-relay@mail.corp']]);
  });

  it('does not take times or MAC addresses for IPv6, nor versions or four-part overflows for IPv4', () => {
    expect(kinds('at 10:30, 10:30:45, 23:59:59.123 and 00:1A:2B:3C:4D:5E; build 1.2.3.4.5 and 300.1.1.1')).toEqual([]);
  });

  it('builds stable ids from field, kind and match, and removes duplicates within a field', () => {
    const warnings = findInternalDetails({
      impact: 'Servers 10.0.0.1 and 10.0.0.1 again',
      rootCause: 'Server 10.0.0.1',
    });
    expect(warnings).toEqual<SummaryWarning[]>([
      { id: 'impact:ipv4:10.0.0.1', field: 'impact', kind: 'ipv4', match: '10.0.0.1' },
      { id: 'rootCause:ipv4:10.0.0.1', field: 'rootCause', kind: 'ipv4', match: '10.0.0.1' },
    ]);
  });

  it('orders warnings by field, then by position in the text', () => {
    const warnings = findInternalDetails({ b: 'x@contoso.com then 10.1.1.1', a: '<m@n> then 2001:db8::1' });
    expect(warnings.map((w) => w.id)).toEqual(['b:email-address:x@contoso.com', 'b:ipv4:10.1.1.1', 'a:message-id:<m@n>', 'a:ipv6:2001:db8::1']);
  });

  it('returns the same result for the same input (ids are stable)', () => {
    const fields = { resolution: 'Ran Set-TransportRule on EXCH01.corp.local (10.2.3.4)' };
    expect(findInternalDetails(fields)).toEqual(findInternalDetails(fields));
    expect(findInternalDetails(fields).map((w) => w.id)).toEqual([
      'resolution:powershell:Set-TransportRule',
      'resolution:internal-host:EXCH01.corp.local',
      'resolution:ipv4:10.2.3.4',
    ]);
  });

  it('returns nothing for empty fields', () => {
    expect(findInternalDetails({})).toEqual([]);
    expect(findInternalDetails({ impact: '' })).toEqual([]);
  });
});

describe('isIPv6', () => {
  it.each(['::1', '2001:db8::1', '2001:0db8:0000:0000:0000:ff00:0042:8329', '::ffff:192.0.2.1', '64:ff9b::192.0.2.33', 'fe80::'])('accepts %s', (s) => {
    expect(isIPv6(s)).toBe(true);
  });
  it.each(['::', '10:30', '10:30:45', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::1', '::ffff:300.0.2.1', 'ab::', '1:2:3:4:5:6:7::8'])(
    'rejects %s',
    (s) => {
      expect(isIPv6(s)).toBe(false);
    },
  );
});
