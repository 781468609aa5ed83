import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configKeys, devOnlyConfigKeys, loadConfig } from '../../src/config';
import { devBotEnv } from '../../src/dev/dev-env';
import { projectRoot } from '../../src/project-root';

// DEV_ACT_AS: off by default, on only for `npm run dev` without an app id, refused in words with one.

const approver = 'a2000000-0000-4000-8000-000000000002';
const appId = '11111111-2222-4333-8444-555555555555';

test('off by default; 1 or true turns it on without an app id', () => {
  expect(loadConfig({ APPROVER_IDS: approver })).toMatchObject({ ok: true, config: { DEV_ACT_AS: false } });
  expect(loadConfig({ APPROVER_IDS: approver, DEV_ACT_AS: '' })).toMatchObject({ ok: true, config: { DEV_ACT_AS: false } });
  expect(loadConfig({ APPROVER_IDS: approver, DEV_ACT_AS: '1' })).toMatchObject({ ok: true, config: { DEV_ACT_AS: true } });
  expect(loadConfig({ APPROVER_IDS: approver, DEV_ACT_AS: 'true' })).toMatchObject({ ok: true, config: { DEV_ACT_AS: true } });
  expect(loadConfig({ APPROVER_IDS: approver, DEV_ACT_AS: '0' })).toMatchObject({ ok: true, config: { DEV_ACT_AS: false } });
});

test('a value that is not a switch is a start-up problem naming the key', () => {
  const loaded = loadConfig({ APPROVER_IDS: approver, DEV_ACT_AS: 'yes' });
  expect(loaded.ok).toBe(false);
  expect(loaded.ok ? [] : loaded.problems).toEqual([expect.stringMatching(/^DEV_ACT_AS: /)]);
});

test('on with an app id (Bot Framework auth) stops start-up with the reason in words; off with one is fine', () => {
  const loaded = loadConfig({ APPROVER_IDS: approver, MicrosoftAppId: appId, MicrosoftAppPassword: 'pw-s3cret', DEV_ACT_AS: '1' });
  expect(loaded.ok).toBe(false);
  const problems = loaded.ok ? [] : loaded.problems;
  expect(problems).toEqual([
    'DEV_ACT_AS: is for npm run dev against the local Playground only (anonymous auth); it cannot be on with MicrosoftAppId set. Remove DEV_ACT_AS',
  ]);
  expect(problems.join('\n')).not.toContain('pw-s3cret');
  // Reported alongside other problems, not instead of them.
  const both = loadConfig({ MicrosoftAppId: appId, MicrosoftAppPassword: 'x', DEV_ACT_AS: 'true' });
  expect(both.ok ? [] : both.problems.map((p) => p.split(':')[0])).toEqual(['DEV_ACT_AS', 'APPROVER_IDS']);
  expect(loadConfig({ APPROVER_IDS: approver, MicrosoftAppId: appId, MicrosoftAppPassword: 'x', DEV_ACT_AS: '0' })).toMatchObject({
    ok: true,
    config: { DEV_ACT_AS: false },
  });
});

test('a dev-only key: documented in .env.example, left out of the production key list, never set by infra', () => {
  expect(devOnlyConfigKeys).toEqual(['DEV_ACT_AS']);
  expect(configKeys).not.toContain('DEV_ACT_AS');
  expect(configKeys).toContain('LOG_LEVEL');
  const example = readFileSync(join(projectRoot(), '.env.example'), 'utf8');
  expect(example).toMatch(/^# Dev only: `npm run dev` sets it\..*\n(#.*\n)*DEV_ACT_AS=$/m);
  expect(readFileSync(join(projectRoot(), 'infra', 'azure.bicep'), 'utf8')).not.toContain('DEV_ACT_AS');
});

test('npm run dev turns it on unless an app id is set or DEV_ACT_AS is given', () => {
  expect(devBotEnv({ PATH: '/bin' })).toMatchObject({ DEV_ACT_AS: '1', STORE: 'file' });
  expect(devBotEnv({ MicrosoftAppId: '' }).DEV_ACT_AS).toBe('1');
  expect('DEV_ACT_AS' in devBotEnv({ MicrosoftAppId: appId })).toBe(false);
  expect(devBotEnv({ DEV_ACT_AS: '0' }).DEV_ACT_AS).toBe('0');
  // What it produces passes the config schema.
  const { PATH: _p, ...env } = devBotEnv({ PATH: '/bin' });
  expect(loadConfig(env)).toMatchObject({ ok: true, config: { DEV_ACT_AS: true, STORE: 'file' } });
});
