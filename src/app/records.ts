import { deepFreeze } from '../store/deep-freeze';
import type { IncidentStore } from '../store/incident-store';
import { z } from 'zod';
import type { PostedActivity } from './outbound';

// Named records kept beside incidents: where cards were posted, who is who in Teams, and the leads' channel.
// Every record is parsed with its schema when read: one that does not parse counts as absent, never as trusted data.

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

const posted = z.object({ reference: z.looseObject({ conversation: z.looseObject({ id: z.string().optional() }).optional() }), activityId: z.string() });
const schemas = {
  posted,
  postedList: z.array(posted),
  teamsUser: z.string().min(1).max(200),
  summaryChannel: z.object({
    channelId: z.string().min(1),
    name: z.string().optional(),
    teamId: z.string().optional(),
    setBy: z.string().optional(),
    at: z.string().optional(),
  }),
  team: z.object({
    teamId: z.string().min(1),
    name: z.string().optional(),
    channels: z.array(z.object({ id: z.string(), name: z.string().optional() })),
    tenantId: z.string().optional(),
    serviceUrl: z.string().optional(),
    at: z.string(),
  }),
};

const absent = Symbol('absent');
/** Frozen records (the file store hands out one frozen value per unchanged file) as each schema read them. */
const checkedFrozen = new WeakMap<object, Map<z.ZodType, unknown>>();

/** The record as its schema reads it; anything else (hand-edited, from another version) is absent. A frozen value is checked once. */
function checked<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  const frozen = typeof value === 'object' && value !== null && Object.isFrozen(value);
  const known = frozen ? checkedFrozen.get(value)?.get(schema) : undefined;
  if (known !== undefined) return known === absent ? undefined : (known as T);
  const parsed = schema.safeParse(value);
  if (!frozen) return parsed.success ? parsed.data : undefined;
  // Frozen in, frozen out: zod's copy shares the value's other parts, which are frozen already.
  const result = parsed.success ? deepFreeze(parsed.data) : undefined;
  let bySchema = checkedFrozen.get(value);
  if (!bySchema) checkedFrozen.set(value, (bySchema = new Map()));
  bySchema.set(schema, result ?? absent);
  return result;
}

export const recordKeys = {
  incidentCard: (incidentId: string) => `incident-card:${incidentId}`,
  approvalCards: (approvalId: string) => `approval-cards:${approvalId}`,
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
      const id = this.knownUsers.get(aad) ?? checked(schemas.teamsUser, await this.store.getRecord<unknown>(recordKeys.teamsUser(aad)));
      if (!id) return undefined;
      ids.push(id);
    }
    return ids;
  }

  async incidentCard(incidentId: string): Promise<PostedActivity | undefined> {
    return checked(schemas.posted, await this.store.getRecord<unknown>(recordKeys.incidentCard(incidentId))) as PostedActivity | undefined;
  }

  /**
   * Remembers where the incident's card is, to update it in place later. A click on the card already remembered
   * writes nothing: who clicked and the click's own id (in the reference) play no part in updating a card, and a
   * read is far cheaper than a durable write. Returns the card it took over from in the same conversation, if another.
   */
  async saveIncidentCard(incidentId: string, posted: PostedActivity): Promise<PostedActivity | undefined> {
    const key = recordKeys.incidentCard(incidentId);
    const current = await this.incidentCard(incidentId);
    if (current !== undefined && samePlace(cardPlace(current), cardPlace(posted))) return undefined;
    await this.store.putRecord(key, posted);
    // The card this one takes over from (the caller turns it into a stub).
    return current && takesOver(posted, current) ? current : undefined;
  }

  async approvalCards(approvalId: string): Promise<PostedActivity[]> {
    return (checked(schemas.postedList, await this.store.getRecord<unknown>(recordKeys.approvalCards(approvalId))) ?? []) as PostedActivity[];
  }

  async addApprovalCard(approvalId: string, posted: PostedActivity) {
    const all = await this.approvalCards(approvalId);
    await this.store.putRecord(recordKeys.approvalCards(approvalId), [...all, posted]);
  }

  async summaryChannel(): Promise<SummaryChannel | undefined> {
    return checked(schemas.summaryChannel, await this.store.getRecord<unknown>(recordKeys.summaryChannel));
  }

  saveSummaryChannel(channel: SummaryChannel) {
    return this.store.putRecord(recordKeys.summaryChannel, channel);
  }

  saveTeam(team: TeamRecord) {
    return this.store.putRecord(recordKeys.team(team.teamId), team);
  }

  async team(teamId: string): Promise<TeamRecord | undefined> {
    return checked(schemas.team, await this.store.getRecord<unknown>(recordKeys.team(teamId)));
  }
}

/** True when `newer` is another card than `older` in the same conversation: the live one there instead of it. */
export function takesOver(newer: PostedActivity, older: PostedActivity): boolean {
  return newer.activityId !== older.activityId && newer.reference.conversation?.id === older.reference.conversation?.id;
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
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
