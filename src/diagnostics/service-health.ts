import { z } from 'zod';
import type { DiagnosticResult, GraphClient } from './graph-client';

const PERMISSION = 'ServiceHealth.Read.All';
const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

const issueSchema = z.object({
  id: z.string(),
  title: z.string(),
  classification: z.string(),
  status: z.string(),
  startDateTime: z.string(),
  isResolved: z.boolean().nullish(),
  impactDescription: optionalText,
});

const overviewSchema = z.object({
  service: z.string(),
  status: z.string(),
  issues: z.array(issueSchema).nullish(),
});

export interface ServiceIssue {
  id: string;
  title: string;
  classification: string;
  status: string;
  startDateTime: string;
  impactDescription?: string;
}

export interface ServiceHealthReport {
  service: string;
  status: string;
  healthy: boolean;
  openIssues: ServiceIssue[];
  /** One sentence for the card. */
  sentence: string;
}

const STATUS_WORDS: Record<string, string> = {
  serviceOperational: 'operational',
  investigating: 'under investigation',
  restoringService: 'restoring service',
  verifyingService: 'verifying service',
  serviceRestored: 'restored',
  postIncidentReviewPublished: 'restored (post-incident review published)',
  serviceDegradation: 'degraded',
  serviceInterruption: 'interrupted',
  extendedRecovery: 'in extended recovery',
  falsePositive: 'operational (the reported issue was a false positive)',
  investigationSuspended: 'operational (investigation suspended)',
};

/** Reads the health overview of one Microsoft 365 service with its issues; open = not resolved. */
export async function serviceHealth(client: GraphClient, service = 'Exchange Online'): Promise<DiagnosticResult<ServiceHealthReport>> {
  const res = await client.get(`/admin/serviceAnnouncement/healthOverviews/${encodeURIComponent(service)}?$expand=issues`, overviewSchema, {
    permission: PERMISSION,
  });
  if (!res.ok) return res;
  const openIssues = (res.value.issues ?? [])
    .filter((i) => i.isResolved !== true)
    .sort((a, b) => Date.parse(b.startDateTime) - Date.parse(a.startDateTime))
    .map(({ id, title, classification, status, startDateTime, impactDescription }) => ({
      id,
      title,
      classification,
      status,
      startDateTime,
      ...(impactDescription ? { impactDescription } : {}),
    }));
  const healthy = res.value.status === 'serviceOperational' && !openIssues.some((i) => i.classification === 'incident');
  return {
    ok: true,
    value: { service: res.value.service, status: res.value.status, healthy, openIssues, sentence: sentence(res.value.service, res.value.status, openIssues) },
  };
}

function sentence(service: string, status: string, open: ServiceIssue[]): string {
  const state = STATUS_WORDS[status] ?? status;
  if (open.length === 0) return `${service} is ${state}; no open issues.`;
  const incidents = open.filter((i) => i.classification === 'incident').length;
  const advisories = open.length - incidents;
  const counts = [plural(incidents, 'incident'), plural(advisories, 'advisory', 'advisories')].filter(Boolean).join(' and ');
  const first = open[0]!;
  return `${service} is ${state} with ${counts} open; newest: ${first.id} "${first.title}" since ${first.startDateTime}.`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 0 ? '' : `${n} ${n === 1 ? one : many}`;
}
