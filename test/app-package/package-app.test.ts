import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleAppPackage, IconSizeError } from '../../src/app-package/app-package';
import type { TeamsManifest } from '../../src/app-package/manifest';
import { PackageSettingsError, readPackageSettings } from '../../src/app-package/package-settings';
import { encodePng, readPngSize } from '../../src/app-package/png';
import { runPackageApp } from '../../src/app-package/run-package';
import { projectRoot } from '../../src/project-root';
import { manifestSchemaExists, schemaErrors } from './manifest-schema';
import { readZip } from './zip-reader';

const withSchema = manifestSchemaExists ? test : test.skip;
const BOT_ID = '1b2c3d4e-5f60-4a1b-8c9d-0e1f2a3b4c5d';

/** A scratch project root holding a copy of appPackage/ (never writes into the real one). */
function scratchRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'app-package-'));
  cpSync(join(projectRoot(), 'appPackage'), join(root, 'appPackage'), {
    recursive: true,
    filter: (src) => !src.includes(`${join('appPackage', 'build')}`),
  });
  return root;
}

function run(env: Record<string, string>, root: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runPackageApp({ root, env, stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err };
}

describe('runPackageApp', () => {
  let root: string;
  beforeEach(() => (root = scratchRoot()));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('writes appPackage/build/appPackage.zip with the filled manifest and both icons', () => {
    const { code, out, err } = run({ BOT_ID, BOT_ENDPOINT: 'https://bot.example.com/api/messages' }, root);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^Wrote appPackage\/build\/appPackage\.zip \(\d+ bytes\):$/);
    expect(out.join('\n')).toContain('manifest.json');

    const entries = readZip(readFileSync(join(root, 'appPackage', 'build', 'appPackage.zip')));
    expect(entries.map((e) => e.name)).toEqual(['manifest.json', 'color.png', 'outline.png']);
    const manifest = JSON.parse(entries[0].data.toString('utf8')) as TeamsManifest;
    expect(manifest.id).toBe(BOT_ID);
    expect(manifest.bots?.[0].botId).toBe(BOT_ID);
    expect(manifest.validDomains).toEqual(['bot.example.com']);
    expect(readPngSize(entries[1].data)).toEqual({ width: 192, height: 192 });
    expect(readPngSize(entries[2].data)).toEqual({ width: 32, height: 32 });
    if (manifestSchemaExists) expect(schemaErrors(manifest)).toEqual([]);
  });

  test('without BOT_ID it says so on stderr, exits 1 and writes nothing', () => {
    const { code, out, err } = run({}, root);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain('BOT_ID is not set');
    expect(err[0]).toContain('MICROSOFT_APP_ID');
    expect(() => readFileSync(join(root, 'appPackage', 'build', 'appPackage.zip'))).toThrow();
  });

  test('a BOT_ID that is not a GUID is refused in words', () => {
    const { code, err } = run({ BOT_ID: 'my-bot' }, root);
    expect(code).toBe(1);
    expect(err[0]).toMatch(/BOT_ID "my-bot" is not a GUID/);
  });

  test('a missing icon is refused with its path', () => {
    rmSync(join(root, 'appPackage', 'outline.png'));
    const { code, err } = run({ BOT_ID }, root);
    expect(code).toBe(1);
    expect(err[0]).toContain('outline.png');
  });

  test('an icon that is not a PNG is refused in words on stderr', () => {
    writeFileSync(join(root, 'appPackage', 'color.png'), 'GIF89a, not a PNG');
    const { code, out, err } = run({ BOT_ID }, root);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual(['package: not a usable PNG: no PNG signature']);
    expect(() => readFileSync(join(root, 'appPackage', 'build', 'appPackage.zip'))).toThrow();
  });

  test('the same sources give the same zip bytes', () => {
    const first = join(root, 'first.zip');
    const second = join(root, 'second.zip');
    for (const outFile of [first, second]) {
      expect(runPackageApp({ root, env: { BOT_ID }, outFile, stdout: () => {}, stderr: () => {} })).toBe(0);
    }
    expect(readFileSync(first).equals(readFileSync(second))).toBe(true);
  });

  test('an icon of the wrong size is refused', () => {
    writeFileSync(join(root, 'appPackage', 'outline.png'), encodePng({ width: 16, height: 16, rgba: new Uint8Array(16 * 16 * 4) }));
    const { code, err } = run({ BOT_ID }, root);
    expect(code).toBe(1);
    expect(err[0]).toContain('outline icon is 16x16; Teams needs 32x32');
  });
});

describe('readPackageSettings', () => {
  test('takes MICROSOFT_APP_ID when BOT_ID is absent, and BOT_DOMAIN before BOT_ENDPOINT', () => {
    expect(
      readPackageSettings({
        MICROSOFT_APP_ID: BOT_ID,
        BOT_DOMAIN: 'bots.example.com',
        BOT_ENDPOINT: 'https://other.example.com/api/messages',
      }),
    ).toEqual({ botId: BOT_ID, endpointHost: 'bots.example.com' });
  });

  test('BOT_ID wins over MICROSOFT_APP_ID; TEAMS_APP_ID and APP_VERSION pass through', () => {
    const appId = '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
    expect(readPackageSettings({ BOT_ID, MICROSOFT_APP_ID: 'ignored', TEAMS_APP_ID: appId, APP_VERSION: '1.4.0' })).toEqual({
      botId: BOT_ID,
      appId,
      version: '1.4.0',
    });
  });

  test.each([
    [{}, /BOT_ID is not set/],
    [{ BOT_ID: '   ' }, /BOT_ID is not set/],
    [{ BOT_ID: '00000000-0000-0000-0000-000000000000' }, /placeholder/],
    [{ MICROSOFT_APP_ID: 'abc' }, /MICROSOFT_APP_ID "abc" is not a GUID/],
    [{ BOT_ID, TEAMS_APP_ID: 'x' }, /TEAMS_APP_ID "x" is not a GUID/],
    [{ BOT_ID, BOT_ENDPOINT: 'not a url' }, /BOT_ENDPOINT "not a url" is not a URL/],
  ])('refuses %j', (env, message) => {
    expect(() => readPackageSettings(env)).toThrow(PackageSettingsError);
    expect(() => readPackageSettings(env)).toThrow(message);
  });
});

describe('assembleAppPackage', () => {
  withSchema('puts a schema-valid manifest at the zip root', () => {
    const source = join(projectRoot(), 'appPackage');
    const pkg = assembleAppPackage(
      {
        template: JSON.parse(readFileSync(join(source, 'manifest.json'), 'utf8')) as TeamsManifest,
        icons: { color: readFileSync(join(source, 'color.png')), outline: readFileSync(join(source, 'outline.png')) },
      },
      { botId: BOT_ID },
    );
    expect(schemaErrors(pkg.manifest)).toEqual([]);
    expect(readZip(pkg.zip)[0].data.toString('utf8')).toBe(`${JSON.stringify(pkg.manifest, null, 2)}\n`);
  });

  test('refuses a colour icon of the wrong size with a typed error', () => {
    const small = encodePng({ width: 32, height: 32, rgba: new Uint8Array(32 * 32 * 4) });
    expect(() => assembleAppPackage({ template: { id: BOT_ID, version: '1.0.0' }, icons: { color: small, outline: small } }, { botId: BOT_ID })).toThrow(
      IconSizeError,
    );
  });
});
