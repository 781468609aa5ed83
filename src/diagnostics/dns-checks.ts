import { Resolver } from 'node:dns/promises';
import type { DiagnosticResult } from './graph-client';

/** The upper bound for one lookup. */
const MAX_TIMEOUT_MS = 3000;
const EXO_MX = /\.mail\.protection\.outlook\.com$|\.mx\.microsoft$/i;
const HOSTNAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/i;

export type DnsSeverity = 'error' | 'warning' | 'info';

export interface DnsFinding {
  id: string;
  severity: DnsSeverity;
  /** What is wrong, in words ("two SPF records"). */
  finding: string;
  /** What to change, in words. */
  fix: string;
}

export interface DnsRecords {
  mx?: { exchange: string; priority: number }[];
  spf?: string[];
  dmarc?: string[];
  dkim?: { selector1?: string; selector2?: string };
}

export interface DnsReport {
  domain: string;
  records: DnsRecords;
  findings: DnsFinding[];
  /** Lookups that failed, each "not available: <reason>"; their findings are left out. */
  unavailable: string[];
}

export interface DnsCheckOptions {
  /** Resolver addresses, e.g. ['127.0.0.1:5353']; default: the system's. */
  servers?: string[];
  /** Per lookup; capped at 3 s. */
  timeoutMs?: number;
}

type Lookup<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Checks MX, SPF, DKIM selector CNAMEs and DMARC of a domain for Exchange Online. */
export async function checkMailDns(domain: string, options: DnsCheckOptions = {}): Promise<DiagnosticResult<DnsReport>> {
  const name = domain.trim().replace(/\.$/, '').toLowerCase();
  if (!HOSTNAME.test(name)) return { ok: false, reason: 'not available: not a domain name' };
  const timeoutMs = Math.min(options.timeoutMs ?? MAX_TIMEOUT_MS, MAX_TIMEOUT_MS);
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  if (options.servers) resolver.setServers(options.servers);
  const run = <T>(what: string, fn: () => Promise<T>, empty: T) => lookup(what, fn, empty, timeoutMs);

  const [mx, txt, dmarc, sel1, sel2] = await Promise.all([
    run('MX', () => resolver.resolveMx(name), []),
    run('TXT', () => resolver.resolveTxt(name), [] as string[][]),
    run('DMARC', () => resolver.resolveTxt(`_dmarc.${name}`), [] as string[][]),
    run('DKIM selector1', () => resolver.resolveCname(`selector1._domainkey.${name}`), []),
    run('DKIM selector2', () => resolver.resolveCname(`selector2._domainkey.${name}`), []),
  ]);
  resolver.cancel(); // ends queries the race gave up on
  const all = [mx, txt, dmarc, sel1, sel2];
  const unavailable = all.flatMap((r) => (r.ok ? [] : [r.reason]));
  if (unavailable.length === all.length) return { ok: false, reason: unavailable[0]! };

  const records: DnsRecords = {};
  const findings: DnsFinding[] = [];
  if (mx.ok) {
    records.mx = [...mx.value].sort((a, b) => a.priority - b.priority);
    findings.push(...mxFindings(records.mx));
  }
  if (txt.ok) {
    records.spf = joined(txt.value).filter((t) => /^v=spf1(\s|$)/i.test(t));
    findings.push(...spfFindings(records.spf));
  }
  if (dmarc.ok) {
    records.dmarc = joined(dmarc.value).filter((t) => /^v=DMARC1\s*(;|$)/i.test(t));
    findings.push(...dmarcFindings(records.dmarc));
  }
  if (sel1.ok && sel2.ok) {
    records.dkim = { selector1: sel1.value[0], selector2: sel2.value[0] };
    findings.push(...dkimFindings(records.dkim));
  }
  return { ok: true, value: { domain: name, records, findings, unavailable } };
}

export function mxFindings(mx: { exchange: string }[]): DnsFinding[] {
  if (mx.length === 0) {
    return [
      {
        id: 'no-mx',
        severity: 'error',
        finding: 'no MX record',
        fix: 'Publish one MX record pointing to <token>.mail.protection.outlook.com (value from the Microsoft 365 admin center).',
      },
    ];
  }
  const out: DnsFinding[] = [];
  if (!mx.some((r) => EXO_MX.test(r.exchange.replace(/\.$/, '')))) {
    out.push({
      id: 'mx-not-exo',
      severity: 'error',
      finding: 'MX does not point to Exchange Online (*.mail.protection.outlook.com or *.mx.microsoft)',
      fix: 'Point the MX record to the Exchange Online host from the admin center, unless mail is meant to route through another gateway first.',
    });
  }
  if (mx.length > 1) {
    out.push({
      id: 'multiple-mx',
      severity: 'warning',
      finding: 'more than one MX',
      fix: 'Keep one MX record (the Exchange Online host) unless a second route is intended.',
    });
  }
  return out;
}

export function spfFindings(spf: string[]): DnsFinding[] {
  if (spf.length === 0) {
    return [{ id: 'no-spf', severity: 'error', finding: 'no SPF record', fix: 'Publish one TXT record: v=spf1 include:spf.protection.outlook.com -all' }];
  }
  if (spf.length > 1) {
    return [
      {
        id: 'multiple-spf',
        severity: 'error',
        finding: spf.length === 2 ? 'two SPF records' : `${spf.length} SPF records`,
        fix: 'Merge them into one v=spf1 TXT record; with more than one, SPF fails (permerror).',
      },
    ];
  }
  if (!/(^|\s)[+]?include:spf\.protection\.outlook\.com(\s|$)/i.test(spf[0]!)) {
    return [
      {
        id: 'spf-no-exo',
        severity: 'error',
        finding: 'SPF does not include spf.protection.outlook.com',
        fix: 'Add include:spf.protection.outlook.com to the SPF record (within the 10-lookup limit).',
      },
    ];
  }
  return [];
}

export function dmarcFindings(dmarc: string[]): DnsFinding[] {
  if (dmarc.length === 0) {
    return [
      {
        id: 'no-dmarc',
        severity: 'warning',
        finding: 'no DMARC record',
        fix: 'Publish a TXT record at _dmarc.<domain>, e.g. v=DMARC1; p=quarantine; rua=mailto:<reports address>',
      },
    ];
  }
  if (dmarc.length > 1) {
    return [
      {
        id: 'multiple-dmarc',
        severity: 'error',
        finding: 'more than one DMARC record',
        fix: 'Keep one v=DMARC1 TXT record at _dmarc; receivers ignore DMARC when there are several.',
      },
    ];
  }
  const policy = /(?:^|;)\s*p\s*=\s*([a-z]+)/i.exec(dmarc[0]!)?.[1]?.toLowerCase();
  if (policy === 'none') {
    return [
      {
        id: 'dmarc-none',
        severity: 'info',
        finding: 'DMARC p=none',
        fix: 'Monitoring only; move to p=quarantine, then p=reject, once SPF and DKIM pass for all senders.',
      },
    ];
  }
  return [];
}

export function dkimFindings(dkim: { selector1?: string; selector2?: string }): DnsFinding[] {
  if (!dkim.selector1 && !dkim.selector2) {
    return [
      {
        id: 'no-dkim',
        severity: 'warning',
        finding: 'no DKIM selector CNAMEs',
        fix: 'Publish CNAMEs selector1._domainkey and selector2._domainkey with the targets from Get-DkimSigningConfig, then enable DKIM signing.',
      },
    ];
  }
  if (!dkim.selector1 || !dkim.selector2) {
    const missing = dkim.selector1 ? 'selector2' : 'selector1';
    return [
      {
        id: 'dkim-one-selector',
        severity: 'warning',
        finding: `DKIM ${missing} CNAME missing`,
        fix: `Publish ${missing}._domainkey with the target from Get-DkimSigningConfig; key rotation needs both.`,
      },
    ];
  }
  return [];
}

/** One lookup: absent (NXDOMAIN / no data) is an empty answer, anything else a reason in words. */
async function lookup<T>(what: string, fn: () => Promise<T>, empty: T, timeoutMs: number): Promise<Lookup<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Lookup<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `not available: ${what} lookup timed out after ${seconds(timeoutMs)}` }), timeoutMs);
  });
  const answer = fn().then(
    (value): Lookup<T> => ({ ok: true, value }),
    (err: unknown): Lookup<T> => {
      const code = (err as { code?: unknown } | null)?.code;
      if (code === 'ENODATA' || code === 'ENOTFOUND') return { ok: true, value: empty };
      if (code === 'ETIMEOUT') return { ok: false, reason: `not available: ${what} lookup timed out after ${seconds(timeoutMs)}` };
      return { ok: false, reason: `not available: ${what} lookup failed (${typeof code === 'string' ? code : String(err)})` };
    },
  );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function joined(txt: string[][]): string[] {
  return txt.map((chunks) => chunks.join('').trim());
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
