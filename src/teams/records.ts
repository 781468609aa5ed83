import type { IncidentStore } from '../store/incident-store';
import type { PostedActivity } from './transport';

// Named records the Teams layer keeps beside incidents: where cards were posted, and the leads' channel.

export interface SummaryChannel {
  channelId: string;
  name?: string;
  teamId?: string;
  setBy?: string;
  at?: string;
}

export interface TeamRecord {
  teamId: string;
  name?: string;
  channels: { id: string; name?: string }[];
  tenantId?: string;
  serviceUrl?: string;
  at: string;
}

export const recordKeys = {
  incidentCard: (incidentId: string) => `incident-card:${incidentId}`,
  approvalCards: (approvalId: string) => `approval-cards:${approvalId}`,
  escalationPosted: (incidentId: string) => `escalation-posted:${incidentId}`,
  repairsSince: 'repairs-since',
  summaryChannel: 'summary-channel',
  team: (teamId: string) => `team:${teamId}`,
  teamsUser: (aadObjectId: string) => `teams-user:${aadObjectId}`,
};

export class TeamsRecords {
  private readonly knownUsers = new Map<string, string>();

  constructor(private readonly store: IncidentStore) {}

  /** Remembers a person's Teams user id (29:...) by Entra object id; written once per process and person. */
  async rememberUser(aadObjectId: string, teamsUserId: string): Promise<void> {
    if (this.knownUsers.get(aadObjectId) === teamsUserId) return;
    this.knownUsers.set(aadObjectId, teamsUserId);
    await this.store.putRecord(recordKeys.teamsUser(aadObjectId), teamsUserId);
  }

  /** Teams user ids for these Entra object ids, or undefined when any is not known yet. */
  async teamsUserIds(aadObjectIds: readonly string[]): Promise<string[] | undefined> {
    const ids: string[] = [];
    for (const aad of aadObjectIds) {
      const id = this.knownUsers.get(aad) ?? (await this.store.getRecord<string>(recordKeys.teamsUser(aad)));
      if (!id) return undefined;
      ids.push(id);
    }
    return ids;
  }

  incidentCard(incidentId: string) {
    return this.store.getRecord<PostedActivity>(recordKeys.incidentCard(incidentId));
  }

  /**
   * Remembers where the incident's card is, to update it in place later. A click on the card already remembered
   * writes nothing: who clicked and the click's own id (in the reference) play no part in updating a card, and a
   * read is far cheaper than a durable write.
   */
  async saveIncidentCard(incidentId: string, posted: PostedActivity): Promise<void> {
    const key = recordKeys.incidentCard(incidentId);
    const current = await this.store.getRecord<PostedActivity>(key);
    if (current !== undefined && samePlace(cardPlace(current), cardPlace(posted))) return;
    await this.store.putRecord(key, posted);
  }

  async approvalCards(approvalId: string): Promise<PostedActivity[]> {
    return (await this.store.getRecord<PostedActivity[]>(recordKeys.approvalCards(approvalId))) ?? [];
  }

  async addApprovalCard(approvalId: string, posted: PostedActivity) {
    const all = await this.approvalCards(approvalId);
    await this.store.putRecord(recordKeys.approvalCards(approvalId), [...all, posted]);
  }

  /** When the incident's escalation reached the leads' channel (the repairer re-posts it when this is missing). */
  escalationPosted(incidentId: string) {
    return this.store.getRecord<string>(recordKeys.escalationPosted(incidentId));
  }

  markEscalationPosted(incidentId: string, at: string) {
    return this.store.putRecord(recordKeys.escalationPosted(incidentId), at);
  }

  /** When this installation first looked for lost sendings (older escalations have no "posted" mark). */
  repairsSince() {
    return this.store.getRecord<string>(recordKeys.repairsSince);
  }

  markRepairsSince(at: string) {
    return this.store.putRecord(recordKeys.repairsSince, at);
  }

  summaryChannel() {
    return this.store.getRecord<SummaryChannel>(recordKeys.summaryChannel);
  }

  saveSummaryChannel(channel: SummaryChannel) {
    return this.store.putRecord(recordKeys.summaryChannel, channel);
  }

  saveTeam(team: TeamRecord) {
    return this.store.putRecord(recordKeys.team(team.teamId), team);
  }

  team(teamId: string) {
    return this.store.getRecord<TeamRecord>(recordKeys.team(teamId));
  }
}

/** What locates a posted card: the message id and the conversation it is in, without the per-click parts of the reference. */
function cardPlace(posted: PostedActivity): PostedActivity {
  const { activityId: _click, user: _clicker, locale: _locale, ...where } = posted.reference;
  return { reference: where, activityId: posted.activityId };
}

/** Plain JSON first (the same reference usually serialises in the same key order), sorted keys only when that differs. */
function samePlace(a: PostedActivity, b: PostedActivity): boolean {
  return JSON.stringify(a) === JSON.stringify(b) || canonical(a) === canonical(b);
}

/** JSON with sorted keys: records go through JSON, so key order and undefined properties do not count. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  );
}
