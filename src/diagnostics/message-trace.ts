import { z } from 'zod';
import { odataString, type DiagnosticResult, type GraphClient } from './graph-client';

const PERMISSION = 'ExchangeMessageTrace.Read.All';
/** Graph and Get-MessageTraceV2 accept at most 10 days per query. */
const MAX_SPAN_MS = 10 * 24 * 60 * 60 * 1000;

const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

const traceSchema = z.object({
  id: z.string(),
  messageId: optionalText,
  senderAddress: optionalText,
  recipientAddress: optionalText,
  subject: optionalText,
  status: z.string(),
  receivedDateTime: z.string(),
  size: z
    .number()
    .nullish()
    .transform((v) => v ?? undefined),
  fromIP: optionalText,
  toIP: optionalText,
});

const detailSchema = z.object({
  id: optionalText,
  dateTime: z.string(),
  event: z.string(),
  action: optionalText,
  description: optionalText,
  data: optionalText,
});

export type MessageTrace = z.infer<typeof traceSchema>;
export type MessageTraceEvent = z.infer<typeof detailSchema>;

/** Decision ids of the seed runbook exchange-online-mail-flow-failure. */
export type TraceFinding = 'delivered-to-mailbox' | 'failed-with-ndr' | 'quarantined';

export interface TraceQuery {
  sender?: string;
  recipient?: string;
  start: Date;
  end: Date;
}

export interface MessageTraceReport {
  traces: MessageTrace[];
  /** The trace the details belong to: the newest failed / quarantined one, else the newest. */
  focus?: {
    trace: MessageTrace;
    finding?: TraceFinding;
    events: MessageTraceEvent[];
    /** Set when the detail events could not be read; the traces are still good. */
    eventsUnavailable?: string;
  };
}

/** Maps a delivery status (PowerShell or Graph casing) to the runbook's finding, or undefined. */
export function suggestFinding(status: string): TraceFinding | undefined {
  switch (status.toLowerCase()) {
    case 'delivered':
      return 'delivered-to-mailbox';
    case 'failed':
      return 'failed-with-ndr';
    case 'quarantined':
    case 'filteredasspam':
      return 'quarantined';
    default:
      return undefined;
  }
}

/** The $filter for a trace query; string values are quoted as OData literals, dates in UTC. */
export function traceFilter(query: TraceQuery): string {
  const parts = [`receivedDateTime ge ${query.start.toISOString()}`, `receivedDateTime le ${query.end.toISOString()}`];
  if (query.sender) parts.push(`senderAddress eq ${odataString(query.sender)}`);
  if (query.recipient) parts.push(`recipientAddress eq ${odataString(query.recipient)}`);
  return parts.join(' and ');
}

/** Traces messages between sender and recipient in [start, end], then reads the detail events of the focus trace. */
export async function traceMessages(client: GraphClient, query: TraceQuery): Promise<DiagnosticResult<MessageTraceReport>> {
  const invalid = checkQuery(query);
  if (invalid) return { ok: false, reason: `not available: ${invalid}` };

  const traces = await client.getAll(`/admin/exchange/tracing/messageTraces?$filter=${encodeURIComponent(traceFilter(query))}`, traceSchema, {
    permission: PERMISSION,
  });
  if (!traces.ok) return traces;
  const sorted = [...traces.value].sort((a, b) => Date.parse(b.receivedDateTime) - Date.parse(a.receivedDateTime));
  const chosen = pickFocus(sorted);
  if (!chosen) return { ok: true, value: { traces: sorted } };

  const recipient = chosen.recipientAddress ?? query.recipient;
  const finding = suggestFinding(chosen.status);
  if (!recipient) {
    return { ok: true, value: { traces: sorted, focus: { trace: chosen, finding, events: [], eventsUnavailable: 'not available: no recipient address' } } };
  }
  const details = await client.getAll(
    `/admin/exchange/tracing/messageTraces/${encodeURIComponent(chosen.id)}` +
      `/getDetailsByRecipient(recipientAddress=${encodeURIComponent(odataString(recipient))})`,
    detailSchema,
    { permission: PERMISSION },
  );
  const focus = details.ok
    ? { trace: chosen, finding, events: [...details.value].sort((a, b) => Date.parse(a.dateTime) - Date.parse(b.dateTime)) }
    : { trace: chosen, finding, events: [], eventsUnavailable: details.reason };
  return { ok: true, value: { traces: sorted, focus } };
}

/** One line for a card: what the trace says. */
export function describeTrace(report: MessageTraceReport): string {
  if (report.traces.length === 0) return 'No message found in the trace for this sender, recipient and time range.';
  const focus = report.focus;
  const count = report.traces.length === 1 ? '1 message' : `${report.traces.length} messages`;
  if (!focus) return `${count} found.`;
  return `${count} found; the one at ${focus.trace.receivedDateTime} is ${focus.trace.status}.`;
}

function pickFocus(newestFirst: MessageTrace[]): MessageTrace | undefined {
  const problem = newestFirst.find((t) => {
    const f = suggestFinding(t.status);
    return f === 'failed-with-ndr' || f === 'quarantined';
  });
  return problem ?? newestFirst[0];
}

function checkQuery(query: TraceQuery): string | undefined {
  if (!query.sender && !query.recipient) return 'a sender or a recipient is needed';
  if (Number.isNaN(query.start.getTime()) || Number.isNaN(query.end.getTime())) return 'the time range is not valid';
  if (query.end.getTime() <= query.start.getTime()) return 'the end of the time range is before its start';
  if (query.end.getTime() - query.start.getTime() > MAX_SPAN_MS) return 'message trace covers at most 10 days per query';
  return undefined;
}
