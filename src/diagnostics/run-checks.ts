import type { DiagnosticItem, DiagnosticTone } from '../incident/types';
import type { DiagnosticsSpec } from '../runbook/schema';
import { checkMailDns, type DnsCheckOptions, type DnsReport } from './dns-checks';
import type { GraphClient } from './graph-client';
import { describeTrace, type MessageTraceReport, traceMessages } from './message-trace';
import { serviceHealth, type ServiceHealthReport } from './service-health';
import type { RequestBudget } from './request-budget';
import { toUtc, traceWindow } from './trace-window';

// One round of live checks for an incident: every lookup the runbook names and the installation can run, in parallel.

export interface CheckDeps {
  /** Absent: no app registration, message trace and service health are skipped. */
  graph?: GraphClient;
  /** Absent: DNS checks are off. */
  dns?: DnsCheckOptions;
  /** Message trace quota; absent: not limited here. */
  traceBudget?: RequestBudget;
  now: () => Date;
}

export interface CheckRound {
  items: DiagnosticItem[];
  /** Delivery status of the trace the details belong to, when a trace answered with a message. */
  traceStatus?: string;
}

const maxEvents = 8;

type Answer = { item: DiagnosticItem; traceStatus?: string };

/** Runs the round; never throws: a failed lookup is an item whose summary says "not available: <reason>". */
export async function runChecks(spec: DiagnosticsSpec, intake: Record<string, string>, deps: CheckDeps): Promise<CheckRound> {
  const jobs: Promise<Answer>[] = [];
  if (spec.messageTrace && deps.graph) jobs.push(traceItem(spec.messageTrace, intake, deps.graph, deps.now(), deps.traceBudget));
  if (spec.serviceHealth && deps.graph) jobs.push(healthItem(spec.serviceHealth.service, deps.graph).then((item) => ({ item })));
  if (spec.mailDns && deps.dns) {
    for (const domain of domainsOf(spec.mailDns.fields, intake)) jobs.push(dnsItem(domain, deps.dns).then((item) => ({ item })));
  }
  const settled: Answer[] = await Promise.all(
    jobs.map((job) => job.catch((err: unknown): Answer => ({ item: failed('check', 'Live check', `not available: ${String(err)}`) }))),
  );
  return { items: settled.map((s) => s.item), traceStatus: settled.find((s) => s.traceStatus)?.traceStatus };
}

async function traceItem(
  spec: NonNullable<DiagnosticsSpec['messageTrace']>,
  intake: Record<string, string>,
  graph: GraphClient,
  now: Date,
  budget?: RequestBudget,
): Promise<Answer> {
  const sender = intake[spec.sender];
  const recipient = intake[spec.recipient];
  const title = `Message trace ${sender ?? 'any sender'} → ${recipient ?? 'any recipient'}`;
  const started = intake[spec.startedAt] ? toUtc(intake[spec.startedAt]!, spec.timeZone ? intake[spec.timeZone] : undefined) : undefined;
  // A round asks Graph twice (the list, then the details); past the quota, say when to check again.
  const allowance = budget?.take(2);
  if (allowance && !allowance.ok) {
    return {
      item: failed('message-trace', title, `not available: message trace allows 100 queries per 5 minutes; Check again in ${allowance.retryInSeconds} s`),
    };
  }
  const window = traceWindow(started, now);
  const res = await traceMessages(graph, { sender, recipient, start: window.start, end: window.end });
  if (!res.ok) return { item: failed('message-trace', title, res.reason) };
  const range = `${window.start.toISOString().slice(0, 16)}Z to ${window.end.toISOString().slice(0, 16)}Z${window.clipped ? ' (clipped to 10 days)' : ''}`;
  return { item: traceSummary(title, range, res.value), traceStatus: res.value.focus?.trace.status };
}

function traceSummary(title: string, range: string, report: MessageTraceReport): DiagnosticItem {
  const focus = report.focus;
  const lines: DiagnosticItem['lines'] = [{ text: `Searched ${range}.`, tone: 'default' }];
  if (focus) {
    const t = focus.trace;
    lines.push({ text: `Subject "${t.subject ?? ''}", message id ${t.messageId ?? 'unknown'}, trace id ${t.id}.`, tone: 'default' });
    for (const e of focus.events.slice(-maxEvents)) {
      lines.push({ text: `${e.dateTime} ${e.event}${e.description ? `: ${e.description}` : ''}`, tone: /fail/i.test(e.event) ? 'attention' : 'default' });
    }
    if (focus.eventsUnavailable) lines.push({ text: `Details ${focus.eventsUnavailable}`, tone: 'warning' });
  }
  return { id: 'message-trace', title, ok: true, summary: describeTrace(report), tone: statusTone(focus?.trace.status), lines };
}

/** Delivered is good, Failed needs attention; anything else (quarantined, pending, no message found) is a warning. */
function statusTone(status: string | undefined): DiagnosticTone {
  const s = status?.toLowerCase();
  return s === 'delivered' ? 'good' : s === 'failed' ? 'attention' : 'warning';
}

async function healthItem(service: string, graph: GraphClient): Promise<DiagnosticItem> {
  const title = `${service} service health`;
  const res = await serviceHealth(graph, service);
  if (!res.ok) return failed('service-health', title, res.reason);
  return healthSummary(title, res.value);
}

function healthSummary(title: string, report: ServiceHealthReport): DiagnosticItem {
  return {
    id: 'service-health',
    title,
    ok: true,
    summary: report.sentence,
    tone: report.healthy ? 'good' : 'attention',
    lines: report.openIssues.map((i) => ({
      text: `${i.id} (${i.classification}, ${i.status}) since ${i.startDateTime}: ${i.title}`,
      tone: i.classification === 'incident' ? 'attention' : 'warning',
    })),
  };
}

async function dnsItem(domain: string, options: DnsCheckOptions): Promise<DiagnosticItem> {
  const title = `DNS of ${domain}`;
  const res = await checkMailDns(domain, options);
  if (!res.ok) return failed(`dns:${domain}`, title, res.reason);
  return dnsSummary(title, res.value);
}

function dnsSummary(title: string, report: DnsReport): DiagnosticItem {
  const problems = report.findings.filter((f) => f.severity !== 'info');
  const summary =
    problems.length === 0
      ? 'MX, SPF, DKIM and DMARC look right for Exchange Online.'
      : `${problems.length === 1 ? '1 problem' : `${problems.length} problems`}: ${problems.map((f) => f.finding).join('; ')}.`;
  const tone: DiagnosticTone = report.findings.some((f) => f.severity === 'error') ? 'attention' : problems.length ? 'warning' : 'good';
  return {
    id: `dns:${report.domain}`,
    title,
    ok: true,
    summary,
    tone,
    lines: [
      ...report.findings.map((f) => ({
        text: `${f.finding}. Fix: ${f.fix}`,
        tone: f.severity === 'error' ? ('attention' as const) : f.severity === 'warning' ? ('warning' as const) : ('default' as const),
      })),
      ...report.unavailable.map((reason) => ({ text: reason, tone: 'warning' as const })),
    ],
  };
}

/** The distinct domains of the named email fields, in field order. */
export function domainsOf(fields: string[], intake: Record<string, string>): string[] {
  const domains = fields.map((f) => intake[f]?.split('@')[1]?.trim().toLowerCase()).filter((d): d is string => !!d);
  return [...new Set(domains)];
}

function failed(id: string, title: string, reason: string): DiagnosticItem {
  return { id, title, ok: false, summary: reason, tone: 'warning', lines: [] };
}
