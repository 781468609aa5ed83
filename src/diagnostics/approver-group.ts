import { z } from 'zod';
import type { DiagnosticResult, GraphClient } from './graph-client';

// Choice: read the group's members (GET, paged, $select=id) once per cache period and answer every
// check from memory, rather than POST /users/{id}/checkMemberGroups per click. Card clicks must be
// answered within seconds, so the check should not wait on Graph per actor; one read serves all
// approvers, GET is safe to retry, and it needs only GroupMember.Read.All. `transitive` follows
// nested groups (/transitiveMembers) when the approver group contains other groups.

const PERMISSION = 'GroupMember.Read.All';
const memberSchema = z.object({ id: z.string() });

export interface ApproverGroupOptions {
  /** Entra object ids from configuration (APPROVER_IDS); always approvers. */
  configuredIds: readonly string[];
  /** Entra group object id; without it only the configured ids count. */
  groupId?: string;
  client?: GraphClient;
  cacheMinutes?: number;
  /** After a failed read, wait this long before asking Graph again. */
  retryAfterFailureMs?: number;
  transitive?: boolean;
  /** Milliseconds since the epoch; injected so tests control the cache. */
  clock?: () => number;
  /** Told once per failed read, e.g. to log it. */
  onFallback?: (reason: string) => void;
}

export type ApproverSource = { source: 'configured-only'; reason?: string } | { source: 'group'; memberCount: number; fetchedAt: number };

/** ApproverCheck (src/teams/incident-service.ts) over configured ids plus a cached Entra group. */
export class ApproverGroupCheck {
  private readonly configured: Set<string>;
  private members?: { ids: Set<string>; fetchedAt: number };
  private failure?: { reason: string; at: number };
  private inFlight?: Promise<void>;
  private readonly clock: () => number;
  private readonly cacheMs: number;
  private readonly retryMs: number;

  constructor(private readonly options: ApproverGroupOptions) {
    this.configured = new Set(options.configuredIds.map(normalise));
    this.clock = options.clock ?? Date.now;
    this.cacheMs = (options.cacheMinutes ?? 10) * 60_000;
    this.retryMs = options.retryAfterFailureMs ?? 60_000;
  }

  /** True for a configured id or a member of the group; when Graph fails, configured ids only. Waits on Graph only before the first read. */
  async isApprover(actorId: string): Promise<boolean> {
    const id = normalise(actorId);
    if (this.configured.has(id)) return true;
    if (!this.options.groupId || !this.options.client) return false;
    await this.ensureFresh();
    return this.members?.ids.has(id) ?? false;
  }

  /** Everyone known to approve right now: configured ids and the cached group members (for refresh.userIds). */
  knownApproverIds(): string[] {
    return [...new Set([...this.configured, ...(this.members?.ids ?? [])])];
  }

  /** Reads the group now (e.g. at start-up, so the first click does not wait). */
  async refresh(): Promise<void> {
    this.inFlight ??= this.load().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Where the last answer came from, for a status line or the log. */
  source(): ApproverSource {
    if (this.members) return { source: 'group', memberCount: this.members.ids.size, fetchedAt: this.members.fetchedAt };
    if (!this.options.groupId || !this.options.client) return { source: 'configured-only' };
    return { source: 'configured-only', reason: this.failure?.reason };
  }

  /** A stale cache answers at once and is refreshed in the background, so a click never waits on Graph once read. */
  private async ensureFresh(): Promise<void> {
    const now = this.clock();
    if (this.members && now - this.members.fetchedAt < this.cacheMs) return;
    if (this.failure && now - this.failure.at < this.retryMs) return;
    if (this.members) {
      void this.refresh();
      return;
    }
    await this.refresh();
  }

  private async load(): Promise<void> {
    const res = await readMembers(this.options.client!, this.options.groupId!, this.options.transitive ?? false);
    const now = this.clock();
    if (res.ok) {
      this.members = { ids: new Set(res.value.map(normalise)), fetchedAt: now };
      this.failure = undefined;
      return;
    }
    // Fail closed: someone removed from the group must not keep approving through a Graph outage.
    this.members = undefined;
    this.failure = { reason: res.reason, at: now };
    this.options.onFallback?.(`approver group ignored, configured approvers only: ${res.reason}`);
  }
}

/** The object ids of a group's members, all pages. */
export async function readMembers(client: GraphClient, groupId: string, transitive: boolean): Promise<DiagnosticResult<string[]>> {
  const relation = transitive ? 'transitiveMembers' : 'members';
  const res = await client.getAll(`/groups/${encodeURIComponent(groupId)}/${relation}?$select=id&$top=999`, memberSchema, {
    permission: PERMISSION,
  });
  return res.ok ? { ok: true, value: res.value.map((m) => m.id) } : res;
}

function normalise(id: string): string {
  return id.trim().toLowerCase();
}
