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
  summaryChannel: 'summary-channel',
  team: (teamId: string) => `team:${teamId}`,
};

export class TeamsRecords {
  constructor(private readonly store: IncidentStore) {}

  incidentCard(incidentId: string) {
    return this.store.getRecord<PostedActivity>(recordKeys.incidentCard(incidentId));
  }

  saveIncidentCard(incidentId: string, posted: PostedActivity) {
    return this.store.putRecord(recordKeys.incidentCard(incidentId), posted);
  }

  async approvalCards(approvalId: string): Promise<PostedActivity[]> {
    return (await this.store.getRecord<PostedActivity[]>(recordKeys.approvalCards(approvalId))) ?? [];
  }

  async addApprovalCard(approvalId: string, posted: PostedActivity) {
    const all = await this.approvalCards(approvalId);
    await this.store.putRecord(recordKeys.approvalCards(approvalId), [...all, posted]);
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
