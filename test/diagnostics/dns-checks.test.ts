import { checkMailDns, type DnsReport } from '../../src/diagnostics/dns-checks';
import { startDnsStandIn, type Zone } from './dns-stand-in';

const SPF_EXO = 'v=spf1 include:spf.protection.outlook.com -all';

const zone: Zone = {
  'good.test': {
    MX: [{ exchange: 'good-test.mail.protection.outlook.com', priority: 0 }],
    TXT: ['MS=ms12345678', ['v=spf1 include:spf.prot', 'ection.outlook.com -all']],
  },
  '_dmarc.good.test': { TXT: ['v=DMARC1; p=reject; rua=mailto:dmarc@good.test'] },
  'selector1._domainkey.good.test': { CNAME: 'selector1-good-test._domainkey.contoso.onmicrosoft.com' },
  'selector2._domainkey.good.test': { CNAME: 'selector2-good-test._domainkey.contoso.onmicrosoft.com' },

  'dnssec.test': { MX: [{ exchange: 'dnssec-test.o-v1.mx.microsoft', priority: 0 }], TXT: [SPF_EXO] },
  '_dmarc.dnssec.test': { TXT: ['v=DMARC1; p=quarantine'] },
  'selector1._domainkey.dnssec.test': { CNAME: 'selector1-x._domainkey.contoso.onmicrosoft.com' },
  'selector2._domainkey.dnssec.test': { CNAME: 'selector2-x._domainkey.contoso.onmicrosoft.com' },

  'broken.test': {
    MX: [
      { exchange: 'broken-test.mail.protection.outlook.com', priority: 10 },
      { exchange: 'mx1.broken.test', priority: 5 },
    ],
    TXT: [SPF_EXO, 'v=spf1 include:_spf.example.net ~all'],
  },
  '_dmarc.broken.test': { TXT: ['v=DMARC1; p=none; rua=mailto:d@broken.test'] },

  'legacy.test': { MX: [{ exchange: 'mail.legacy.test', priority: 10 }], TXT: ['v=spf1 ip4:192.0.2.0/24 -all'] },
  'selector1._domainkey.legacy.test': { CNAME: 'selector1-legacy._domainkey.contoso.onmicrosoft.com' },

  'bare.test': { TXT: ['google-site-verification=abc'] },

  'servfail.test': 'servfail',
  '_dmarc.servfail.test': 'servfail',
  'selector1._domainkey.servfail.test': 'servfail',
  'selector2._domainkey.servfail.test': 'servfail',

  'slow.test': 'silent',
  '_dmarc.slow.test': { TXT: ['v=DMARC1; p=reject'] },
};

const ids = (r: DnsReport) => r.findings.map((f) => f.id);

describe('checkMailDns against a loopback DNS server', () => {
  let dns: Awaited<ReturnType<typeof startDnsStandIn>>;
  const check = (domain: string, timeoutMs = 500) => checkMailDns(domain, { servers: [dns.server], timeoutMs });

  beforeAll(async () => {
    dns = await startDnsStandIn(zone);
  });
  afterAll(() => dns.stop());

  it('finds nothing wrong with a domain set up for Exchange Online (SPF split over two strings)', async () => {
    const res = await check('Good.Test.');
    if (!res.ok) throw new Error(res.reason);
    expect(res.value).toEqual({
      domain: 'good.test',
      records: {
        mx: [{ exchange: 'good-test.mail.protection.outlook.com', priority: 0 }],
        spf: [SPF_EXO],
        dmarc: ['v=DMARC1; p=reject; rua=mailto:dmarc@good.test'],
        dkim: {
          selector1: 'selector1-good-test._domainkey.contoso.onmicrosoft.com',
          selector2: 'selector2-good-test._domainkey.contoso.onmicrosoft.com',
        },
      },
      findings: [],
      unavailable: [],
    });
  });

  it('accepts the DNSSEC MX form *.mx.microsoft', async () => {
    const res = await check('dnssec.test');
    expect(res.ok && ids(res.value)).toEqual([]);
  });

  it('reports two SPF records, more than one MX, DMARC p=none and no DKIM selectors', async () => {
    const res = await check('broken.test');
    if (!res.ok) throw new Error(res.reason);
    expect(res.value.records.mx?.map((m) => m.exchange)).toEqual(['mx1.broken.test', 'broken-test.mail.protection.outlook.com']);
    expect(res.value.findings.map((f) => [f.severity, f.finding])).toEqual([
      ['warning', 'more than one MX'],
      ['error', 'two SPF records'],
      ['info', 'DMARC p=none'],
      ['warning', 'no DKIM selector CNAMEs'],
    ]);
    expect(res.value.findings.every((f) => f.fix.length > 10)).toBe(true);
  });

  it('reports an MX elsewhere, SPF without Exchange Online, no DMARC and a missing selector', async () => {
    const res = await check('legacy.test');
    if (!res.ok) throw new Error(res.reason);
    expect(res.value.findings.map((f) => f.finding)).toEqual([
      'MX does not point to Exchange Online (*.mail.protection.outlook.com or *.mx.microsoft)',
      'SPF does not include spf.protection.outlook.com',
      'no DMARC record',
      'DKIM selector2 CNAME missing',
    ]);
  });

  it('reports no MX and no SPF for a domain with only other TXT records', async () => {
    const res = await check('bare.test');
    expect(res.ok && ids(res.value)).toEqual(['no-mx', 'no-spf', 'no-dmarc', 'no-dkim']);
  });

  it('treats a domain that does not exist as having no records', async () => {
    const res = await check('missing.test');
    expect(res.ok && ids(res.value)).toEqual(['no-mx', 'no-spf', 'no-dmarc', 'no-dkim']);
  });

  it('says not available when every lookup fails', async () => {
    await expect(check('servfail.test')).resolves.toEqual({ ok: false, reason: 'not available: MX lookup failed (ESERVFAIL)' });
  });

  it('keeps the answers it got when some lookups time out', async () => {
    const res = await check('slow.test', 300);
    if (!res.ok) throw new Error(res.reason);
    expect(res.value.unavailable).toEqual(['not available: MX lookup timed out after 0.3 s', 'not available: TXT lookup timed out after 0.3 s']);
    expect(res.value.records.dmarc).toEqual(['v=DMARC1; p=reject']);
    expect(ids(res.value)).toEqual(['no-dkim']);
  });

  it('caps the lookup timeout at 3 s', async () => {
    const started = Date.now();
    const res = await checkMailDns('slow.test', { servers: [dns.server], timeoutMs: 60_000 });
    expect(res.ok && res.value.unavailable[0]).toBe('not available: MX lookup timed out after 3 s');
    expect(Date.now() - started).toBeLessThan(3600);
  });

  it('refuses input that is not a domain name without a lookup', async () => {
    const before = dns.queries.length;
    await expect(check('contoso.com; rm -rf /')).resolves.toEqual({ ok: false, reason: 'not available: not a domain name' });
    await expect(check('user@contoso.com')).resolves.toMatchObject({ ok: false });
    expect(dns.queries.length).toBe(before);
  });
});
