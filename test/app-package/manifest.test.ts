import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildManifest, isGuid, ManifestSettingsError, type TeamsManifest } from '../../src/app-package/manifest';
import { projectRoot } from '../../src/project-root';
import { manifestSchemaExists, schemaErrors } from './manifest-schema';

const withSchema = manifestSchemaExists ? test : test.skip;

const BOT_ID = '1b2c3d4e-5f60-4a1b-8c9d-0e1f2a3b4c5d';
const APP_ID = '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';

function template(): TeamsManifest {
  return JSON.parse(readFileSync(join(projectRoot(), 'appPackage', 'manifest.json'), 'utf8')) as TeamsManifest;
}

interface CommandList {
  scopes: string[];
  commands: { title: string; description?: string }[];
}

function commandLists(manifest: TeamsManifest): CommandList[] {
  return (manifest.bots?.[0]?.commandLists ?? []) as CommandList[];
}

describe('appPackage/manifest.json', () => {
  withSchema('validates against the shared Teams v1.29 schema', () => {
    expect(schemaErrors(template())).toEqual([]);
  });

  withSchema('the validator does reject a broken manifest', () => {
    const broken = { ...template(), manifestVersion: '1.28', id: 'not-a-guid' };
    expect(schemaErrors(broken)).toEqual(expect.arrayContaining([expect.stringContaining('/manifestVersion'), expect.stringContaining('/id')]));
  });

  test('carries the placeholder GUID, names and one bot in every scope', () => {
    const manifest = template();
    expect(manifest.id).toBe('00000000-0000-0000-0000-000000000000');
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots?.[0]).toMatchObject({
      botId: '00000000-0000-0000-0000-000000000000',
      scopes: ['personal', 'team', 'groupChat'],
      supportsFiles: false,
      isNotificationOnly: false,
    });
    expect(manifest.name).toMatchObject({ short: 'Runbook Incident Bot' });
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(manifest.webApplicationInfo).toBeUndefined();
  });

  test('has one command list per scope, at most 12 commands each; "set summary channel" only in team', () => {
    const lists = commandLists(template());
    expect(lists.map((l) => l.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    const common = ['start', 'status', 'help', 'note', 'cancel', 'escalate', 'handover'];
    for (const list of lists) {
      const titles = list.commands.map((c) => c.title);
      expect(titles.length).toBeLessThanOrEqual(12);
      expect(titles).toEqual(list.scopes[0] === 'team' ? [...common, 'set summary channel'] : common);
      expect(list.commands.every((c) => (c.description ?? '').length > 0)).toBe(true);
    }
    expect(lists[0].commands[0]).toEqual({ title: 'start', description: 'Open a new incident' });
  });
});

describe('buildManifest', () => {
  test('fills app id, bot id, version and the endpoint host, leaving the template untouched', () => {
    const source = template();
    const before = JSON.stringify(source);
    const built = buildManifest(source, { botId: BOT_ID, appId: APP_ID, endpointHost: 'bot.example.com', version: '1.2.3' });
    expect(built.id).toBe(APP_ID);
    expect(built.bots?.[0].botId).toBe(BOT_ID);
    expect(built.version).toBe('1.2.3');
    expect(built.validDomains).toEqual(['bot.example.com']);
    expect(built.bots?.[0].commandLists).toEqual(source.bots?.[0].commandLists);
    expect(JSON.stringify(source)).toBe(before);
  });

  test('defaults the app id to the bot id (lower case) and keeps the template version', () => {
    const built = buildManifest(template(), { botId: BOT_ID.toUpperCase() });
    expect(built.id).toBe(BOT_ID);
    expect(built.bots?.[0].botId).toBe(BOT_ID);
    expect(built.version).toBe(template().version);
    expect(built.validDomains).toEqual([]);
  });

  test('does not list a domain twice', () => {
    const once = buildManifest(template(), { botId: BOT_ID, endpointHost: 'bot.example.com' });
    const twice = buildManifest(once, { botId: BOT_ID, endpointHost: 'bot.example.com' });
    expect(twice.validDomains).toEqual(['bot.example.com']);
  });

  withSchema('output still validates against the schema', () => {
    const built = buildManifest(template(), { botId: BOT_ID, appId: APP_ID, endpointHost: 'abc123.ngrok-free.app', version: '2.0.0' });
    expect(schemaErrors(built)).toEqual([]);
  });

  test.each([
    [{ botId: 'not-a-guid' }, 'botId'],
    [{ botId: '00000000-0000-0000-0000-000000000000' }, 'botId'],
    [{ botId: BOT_ID, appId: '1234' }, 'appId'],
    [{ botId: BOT_ID, version: '1.0' }, 'version'],
    [{ botId: BOT_ID, endpointHost: 'https://bot.example.com/api/messages' }, 'endpointHost'],
  ] as const)('rejects %j (%s)', (settings, setting) => {
    let caught: unknown;
    try {
      buildManifest(template(), settings);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ManifestSettingsError);
    expect((caught as ManifestSettingsError).setting).toBe(setting);
  });

  test('isGuid accepts the schema form only', () => {
    expect(isGuid(BOT_ID)).toBe(true);
    expect(isGuid(`{${BOT_ID}}`)).toBe(false);
    expect(isGuid(BOT_ID.replace(/-/g, ''))).toBe(false);
  });
});
