import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { aadObjectIdsWithRole, PLAYGROUND, PLAYGROUND_USERS, playgroundBotEnv, type PlaygroundUser } from '../../src/dev/playground-users';
import { projectRoot } from '../../src/project-root';

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/;

function readConfig(): Record<string, unknown> {
  return parse(readFileSync(join(projectRoot(), '.m365agentsplayground.yml'), 'utf8')) as Record<string, unknown>;
}

/** The yml form of a roster user (the playground spells it userPrincipleName). */
function ymlUser(user: PlaygroundUser) {
  return {
    id: user.id,
    name: user.name,
    userPrincipleName: user.email,
    aadObjectId: user.aadObjectId,
    givenName: user.givenName,
    surname: user.surname,
    email: user.email,
  };
}

describe('.m365agentsplayground.yml', () => {
  test('agrees with src/dev/playground-users.ts, key for key', () => {
    expect(readConfig()).toEqual({
      version: PLAYGROUND.configVersion,
      tenantId: PLAYGROUND.tenantId,
      bot: PLAYGROUND.bot,
      currentUser: ymlUser(PLAYGROUND_USERS[PLAYGROUND.currentUser]),
      users: PLAYGROUND.otherUsers.map((key) => ymlUser(PLAYGROUND_USERS[key])),
      personalChat: PLAYGROUND.personalChat,
      groupChat: PLAYGROUND.groupChat,
      team: { ...PLAYGROUND.team, channels: [PLAYGROUND.leadsChannel] },
    });
  });

  test('keeps to the playground schema 0.1.1 limits', () => {
    const config = readConfig();
    expect(Object.keys(config).sort()).toEqual(['bot', 'currentUser', 'groupChat', 'personalChat', 'team', 'tenantId', 'users', 'version'].sort());
    expect(config.users).toHaveLength(5); // the schema says minItems 5 and maxItems 5
    expect((config.team as { channels: unknown[] }).channels.length).toBeLessThanOrEqual(1);
    expect(PLAYGROUND.bot.name.length).toBeLessThanOrEqual(42);
  });
});

describe('playground roster', () => {
  const everyone = Object.values(PLAYGROUND_USERS);

  test('covers every user exactly once: the current user plus the five others', () => {
    const keys = [PLAYGROUND.currentUser, ...PLAYGROUND.otherUsers].sort();
    expect(keys).toEqual(Object.keys(PLAYGROUND_USERS).sort());
  });

  test('has unique ids and GUID-form Entra object ids', () => {
    expect(new Set(everyone.map((u) => u.id)).size).toBe(everyone.length);
    expect(new Set(everyone.map((u) => u.aadObjectId)).size).toBe(everyone.length);
    for (const u of everyone) expect(u.aadObjectId).toMatch(GUID);
    for (const id of [PLAYGROUND.tenantId, PLAYGROUND.bot.id, PLAYGROUND.team.aadGroupId]) expect(id).toMatch(GUID);
  });

  test('has the people the scenarios need', () => {
    expect(PLAYGROUND_USERS[PLAYGROUND.currentUser]).toMatchObject({ name: 'Sam Staff', role: 'staff' });
    expect(everyone.filter((u) => u.role === 'approver').map((u) => u.name)).toEqual(['Alex Approver', 'Avery Approver']);
    expect(everyone.filter((u) => u.role === 'lead').map((u) => u.name)).toEqual(['Lee Lead']);
    expect(PLAYGROUND_USERS.olive).toMatchObject({ name: 'Olive Outsider', role: 'outsider' });
  });

  test('playgroundBotEnv points the bot at the approvers, their chat, the leads channel and the team', () => {
    expect(playgroundBotEnv()).toEqual({
      APPROVER_IDS: `${PLAYGROUND_USERS.alex.aadObjectId},${PLAYGROUND_USERS.avery.aadObjectId}`,
      APPROVERS_CONVERSATION_ID: PLAYGROUND.groupChat.id,
      SUMMARY_CHANNEL_ID: PLAYGROUND.leadsChannel.id,
      TEAM_ID: PLAYGROUND.team.id,
      TENANT_ID: PLAYGROUND.tenantId,
      OUTBOX_LEASE_SECONDS: '5',
      REMINDER_SWEEP_SECONDS: '5',
    });
    expect(aadObjectIdsWithRole('lead')).toEqual([PLAYGROUND_USERS.lee.aadObjectId]);
  });
});
