import { devBotEnv, parseListeningPort, playgroundEnv, requestedPlaygroundPort } from '../../src/dev/dev-env';
import { createLinePrefixer } from '../../src/dev/line-prefixer';
import { PLAYGROUND, PLAYGROUND_USERS } from '../../src/dev/playground-users';

describe('devBotEnv', () => {
  test('fills STORE, PORT and the playground ids when they are not set', () => {
    const env = devBotEnv({ PATH: '/bin', UNSET: undefined });
    expect(env).toMatchObject({
      PATH: '/bin',
      STORE: 'file',
      PORT: '3978',
      APPROVER_IDS: `${PLAYGROUND_USERS.alex.aadObjectId},${PLAYGROUND_USERS.avery.aadObjectId}`,
      APPROVERS_CONVERSATION_ID: PLAYGROUND.groupChat.id,
      SUMMARY_CHANNEL_ID: PLAYGROUND.leadsChannel.id,
      TEAM_ID: PLAYGROUND.team.id,
    });
    expect('UNSET' in env).toBe(false);
  });

  test('keeps values already set, and replaces empty ones', () => {
    const env = devBotEnv({ STORE: 'memory', PORT: '4000', APPROVER_IDS: 'someone', TEAM_ID: '' });
    expect(env).toMatchObject({ STORE: 'memory', PORT: '4000', APPROVER_IDS: 'someone', TEAM_ID: PLAYGROUND.team.id });
  });
});

describe('playground helpers', () => {
  test('playgroundEnv turns the browser off and sets the config path', () => {
    expect(playgroundEnv({ HOME: '/root', TEAMSAPPTESTER_BROWSER: 'chrome' }, '/p/.m365agentsplayground.yml')).toEqual({
      HOME: '/root',
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: '/p/.m365agentsplayground.yml',
    });
  });

  test('parseListeningPort reads the port the playground took', () => {
    expect(parseListeningPort('Listening on 56150\n')).toBe(56150);
    expect(parseListeningPort('Listening on 41234')).toBe(41234);
    expect(parseListeningPort('Microsoft 365 Agents Playground is being launched')).toBeUndefined();
  });

  test('requestedPlaygroundPort honours TEAMSAPPTESTER_PORT, else 56150', () => {
    expect(requestedPlaygroundPort({})).toBe(56150);
    expect(requestedPlaygroundPort({ TEAMSAPPTESTER_PORT: '56200' })).toBe(56200);
    expect(requestedPlaygroundPort({ TEAMSAPPTESTER_PORT: 'abc' })).toBe(56150);
  });
});

describe('createLinePrefixer', () => {
  test('writes whole lines only, each with the prefix, and flushes a trailing partial line', () => {
    const written: string[] = [];
    const lines = createLinePrefixer('[bot] ', (text) => written.push(text));
    lines.push('first li');
    expect(written).toEqual([]);
    lines.push(Buffer.from('ne\r\nsecond\nthi'));
    expect(written).toEqual(['[bot] first line\n', '[bot] second\n']);
    lines.flush();
    lines.flush();
    expect(written).toEqual(['[bot] first line\n', '[bot] second\n', '[bot] thi\n']);
  });
});
