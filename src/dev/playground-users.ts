/**
 * The Agents Playground roster: who is who in `.m365agentsplayground.yml`.
 * Contract: these values and the yml agree (test/app-package/playground-config.test.ts checks it);
 * scripts/dev.ts and the browser tests read ids from here, never from the yml.
 */

export type PlaygroundRole = 'staff' | 'approver' | 'lead' | 'outsider';

export interface PlaygroundUser {
  /** Channel account id (`from.id` in activities). */
  readonly id: string;
  readonly name: string;
  readonly givenName: string;
  readonly surname: string;
  /** Also used as userPrincipleName (sic, the playground's spelling). */
  readonly email: string;
  /** Entra object id (`from.aadObjectId`); what APPROVER_IDS lists. */
  readonly aadObjectId: string;
  readonly role: PlaygroundRole;
}

function user(id: string, givenName: string, surname: string, aadObjectId: string, role: PlaygroundRole): PlaygroundUser {
  const email = `${givenName}.${surname}@contoso.example`.toLowerCase();
  return { id, name: `${givenName} ${surname}`, givenName, surname, email, aadObjectId, role };
}

export const PLAYGROUND_USERS = {
  sam: user('29:sam-staff', 'Sam', 'Staff', 'a1000000-0000-4000-8000-000000000001', 'staff'),
  alex: user('29:alex-approver', 'Alex', 'Approver', 'a2000000-0000-4000-8000-000000000002', 'approver'),
  avery: user('29:avery-approver', 'Avery', 'Approver', 'a2000000-0000-4000-8000-000000000003', 'approver'),
  lee: user('29:lee-lead', 'Lee', 'Lead', 'a3000000-0000-4000-8000-000000000004', 'lead'),
  olive: user('29:olive-outsider', 'Olive', 'Outsider', 'a4000000-0000-4000-8000-000000000005', 'outsider'),
  riley: user('29:riley-responder', 'Riley', 'Responder', 'a1000000-0000-4000-8000-000000000006', 'staff'),
} as const satisfies Record<string, PlaygroundUser>;

export type PlaygroundUserKey = keyof typeof PLAYGROUND_USERS;

export const PLAYGROUND = {
  configVersion: '0.1.1',
  tenantId: 'c0ffee00-0000-4000-8000-000000000000',
  bot: { id: 'b0700000-0000-4000-8000-000000000001', name: 'Runbook Incident Bot' },
  /** Typed messages in the playground always come from this user (there is no user switcher). */
  currentUser: 'sam',
  /** Exactly five: the playground's schema allows neither fewer nor more. */
  otherUsers: ['alex', 'avery', 'lee', 'olive', 'riley'],
  personalChat: { id: 'a:personal-chat-sam-staff' },
  /** The approvers' room; the playground puts every configured user in it. */
  groupChat: { id: '19:incident-approvers@thread.v2', name: 'Incident Approvers' },
  team: {
    /** Also the id of the implicit General channel, where incidents are run. */
    id: '19:incident-response-general@thread.tacv2',
    name: 'Incident Response',
    aadGroupId: 'd0000000-0000-4000-8000-000000000010',
  },
  /** The leads' channel, where closed incidents' customer summaries are posted. */
  leadsChannel: { id: '19:incident-leads@thread.tacv2', name: 'Incident Leads' },
  /** Where the playground serves its web client unless told otherwise. */
  url: 'http://localhost:56150',
} as const satisfies {
  configVersion: string;
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundUserKey;
  otherUsers: readonly PlaygroundUserKey[];
  personalChat: { id: string };
  groupChat: { id: string; name: string };
  team: { id: string; name: string; aadGroupId: string };
  leadsChannel: { id: string; name: string };
  url: string;
};

/** Entra object ids of everyone with the given role, in roster order. */
export function aadObjectIdsWithRole(role: PlaygroundRole): string[] {
  return Object.values(PLAYGROUND_USERS)
    .filter((u) => u.role === role)
    .map((u) => u.aadObjectId);
}

/** The environment the bot needs to run against the playground's team, chats and approvers. */
export function playgroundBotEnv(): Record<string, string> {
  return {
    APPROVER_IDS: aadObjectIdsWithRole('approver').join(','),
    APPROVERS_CONVERSATION_ID: PLAYGROUND.groupChat.id,
    SUMMARY_CHANNEL_ID: PLAYGROUND.leadsChannel.id,
    TEAM_ID: PLAYGROUND.team.id,
    TENANT_ID: PLAYGROUND.tenantId,
    // On one developer machine nothing else holds a claim: a send the Playground dropped is sent again within seconds.
    OUTBOX_LEASE_SECONDS: '5',
    REMINDER_SWEEP_SECONDS: '5',
  };
}
