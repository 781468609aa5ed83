import Ajv from 'ajv';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readPackageSettings } from '../../src/app-package/package-settings';
import { runPackageApp } from '../../src/app-package/run-package';
import { configKeys, loadConfig } from '../../src/config';
import { devBotEnv } from '../../src/dev/dev-env';
import { projectRoot } from '../../src/project-root';

// The Agents Toolkit files (m365agents*.yml, env/, .vscode/) checked without the Toolkit: against its
// published YAML schema, and against what they call (infra/azure.bicep, npm run package, src/config.ts).

const root = projectRoot();
const text = (path: string) => readFileSync(join(root, path), 'utf8');

// @microsoft/m365agentstoolkit-cli 1.1.17 (npm), resource/yaml-schema/v1.11/yaml.schema.json, copied unchanged;
// https://aka.ms/m365-agents-toolkits/v1.11/yaml.schema.json is the URL the files declare.
const SCHEMA_FILE = 'test/infra/m365agents-yaml-schema-v1.11.json';
const SCHEMA_SHA256 = '770f17db22632ce179c0a9b259f0895abae8eef40f28ce2761403b50cca883ff';
const VERSION = 'v1.11';

type Action = { uses: string; name?: string; env?: Record<string, string>; with?: Record<string, unknown>; writeToEnvironmentFile?: Record<string, string> };
type Project = { version: string; environmentFolderPath?: string } & Partial<Record<Lifecycle, Action[]>>;
type Lifecycle = 'provision' | 'deploy' | 'publish';
const LIFECYCLES: readonly Lifecycle[] = ['provision', 'deploy', 'publish'];

/** The Toolkit environment each file serves, as the Toolkit names them (m365agents.<env>.yml; the bare file is "dev"). */
const PROJECTS = { dev: 'm365agents.yml', local: 'm365agents.local.yml', playground: 'm365agents.playground.yml' } as const;
type EnvName = keyof typeof PROJECTS;
const project = (env: EnvName) => parse(text(PROJECTS[env])) as Project;
const actions = (p: Project) => LIFECYCLES.flatMap((l) => p[l] ?? []);

/** The Toolkit's placeholder syntax (fx-core lifecycle.js resolveString). */
const placeholders = (value: unknown) => [...JSON.stringify(value).matchAll(/\$\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g)].map((m) => m[1]);

interface EnvLine { value: string; comment: string }
/** env/.env.<name>: KEY=VALUE lines, each with the comment block above it. */
function envFile(name: EnvName): Map<string, EnvLine> {
  const lines = new Map<string, EnvLine>();
  let comment = '';
  for (const line of text(`env/.env.${name}`).split('\n')) {
    if (line.startsWith('#')) comment += `${line}\n`;
    else if (line.trim() === '') comment = '';
    else {
      const [key, ...rest] = line.split('=');
      lines.set(key.trim(), { value: rest.join('=').trim(), comment });
      comment = '';
    }
  }
  return lines;
}

const bicep = text('infra/azure.bicep');
/** arm/deploy writes each template output to the env file under its name upper-cased (fx-core arm/util/util.js convertOutput). */
const bicepOutputs = [...bicep.matchAll(/^output (\w+) /gm)].map((m) => m[1].toUpperCase());
const bicepParams = [...bicep.matchAll(/^param (\w+) \w+( =)?/gm)].map((m) => ({ name: m[1], required: !m[2] }));

interface Task {
  label: string;
  type?: string;
  command?: string;
  dependsOn?: string[];
  dependsOrder?: string;
  args?: { env?: string; portOccupancy?: number[]; ports?: Array<{ writeToEnvironmentFile?: Record<string, string> }> };
  problemMatcher?: { background?: { endsPattern?: string } };
}
interface LaunchEntry { name: string; port?: number; url?: string; preLaunchTask?: string; configurations?: string[]; cascadeTerminateToConfigurations?: string[]; stopAll?: boolean }
const tasks = JSON.parse(text('.vscode/tasks.json')) as { tasks: Task[] };
const launch = JSON.parse(text('.vscode/launch.json')) as { configurations: LaunchEntry[]; compounds: LaunchEntry[] };
const task = (label: string) => tasks.tasks.find((t) => t.label === label);
/** Variables a VS Code task writes before provision (the dev tunnel's endpoint and domain). */
const taskOutputs = (env: EnvName) =>
  tasks.tasks.filter((t) => t.args?.env === env).flatMap((t) => (t.args?.ports ?? []).flatMap((p) => Object.values(p.writeToEnvironmentFile ?? {})));

describe('the YAML files against the Toolkit schema', () => {
  const schema = readFileSync(join(root, SCHEMA_FILE));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(schema.toString('utf8')));
  const errors = (data: unknown) => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`));

  test('the schema is the published file, unchanged, for the version the files declare', () => {
    expect(createHash('sha256').update(schema).digest('hex')).toBe(SCHEMA_SHA256);
    expect(JSON.parse(schema.toString('utf8')).properties.version.const).toBe(VERSION);
  });

  test.each(Object.keys(PROJECTS) as EnvName[])('%s: declares the schema and version, and is valid against it', (env) => {
    expect(text(PROJECTS[env]).split('\n')[0]).toBe(`# yaml-language-server: $schema=https://aka.ms/m365-agents-toolkits/${VERSION}/yaml.schema.json`);
    const p = project(env);
    expect(p.version).toBe(VERSION);
    expect(p.environmentFolderPath).toBe('./env');
    expect(errors(p)).toEqual([]);
  });

  test('the validator rejects an action the Toolkit does not know and a missing required input', () => {
    const p = project('dev');
    expect(errors({ ...p, deploy: [{ uses: 'azureAppService/deploy', with: { artifactFolder: '.' } }] }).length).toBeGreaterThan(0);
    expect(errors({ ...p, deploy: [{ uses: 'azureAppService/zipDeploy', with: { artifactFolder: '.' } }] }).length).toBeGreaterThan(0);
  });
});

describe('variables', () => {
  test.each(Object.keys(PROJECTS) as EnvName[])('%s: every ${{VAR}} is in env/.env.<env> and has a value when its action runs', (env) => {
    const file = envFile(env);
    expect(file.get('TEAMSFX_ENV')?.value).toBe(env);
    // Set by hand before the first run (commented "Required before"), or asked for by the Toolkit when empty.
    const byHand = [...file].filter(([, l]) => /Required before/.test(l.comment)).map(([k]) => k);
    const prompted = ['AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME'];
    const known = new Set([...[...file].filter(([, l]) => l.value !== '').map(([k]) => k), ...byHand, ...prompted, ...taskOutputs(env)]);
    const missing: string[] = [];
    for (const action of actions(project(env))) {
      for (const name of placeholders({ ...action, writeToEnvironmentFile: undefined })) {
        if (!known.has(name)) missing.push(`${action.name ?? action.uses}: ${name} has no value yet`);
        if (!name.startsWith('SECRET_') && !file.has(name)) missing.push(`${action.uses}: ${name} is not listed in env/.env.${env}`);
      }
      for (const name of Object.values(action.writeToEnvironmentFile ?? {})) known.add(name);
      if (action.uses === 'arm/deploy') bicepOutputs.forEach((o) => known.add(o));
    }
    expect(missing).toEqual([]);
  });

  test('the committed env files hold no secrets; .user files and generated bot environments are git-ignored', () => {
    for (const env of Object.keys(PROJECTS) as EnvName[]) {
      for (const [key, line] of envFile(env)) {
        expect(key).not.toMatch(/^SECRET_|PASSWORD|CLIENT_SECRET/);
        expect(line.value).not.toMatch(/^[A-Za-z0-9~._-]{30,}$/); // no client-secret-shaped values
      }
    }
    const ignored = text('.gitignore').split('\n').map((l) => l.trim());
    for (const line of ['env/.env.*.user', '.localConfigs', '.localConfigs.playground', '.deployment/']) expect(ignored).toContain(line);
    expect(ignored).not.toContain('env/');
  });
});

describe('provision: infra/azure.bicep', () => {
  const arm = actions(project('dev')).find((a) => a.uses === 'arm/deploy')!;
  const templates = arm.with!.templates as Array<{ path: string; parameters: string }>;

  test('deploys infra/azure.bicep with a parameters file whose parameters the template declares', () => {
    expect(templates.map((t) => t.path)).toEqual(['./infra/azure.bicep']);
    const paramsPath = templates[0].parameters;
    expect(existsSync(join(root, paramsPath))).toBe(true);
    const given = Object.keys(JSON.parse(text(paramsPath)).parameters);
    for (const name of given) expect(bicepParams.map((p) => p.name)).toContain(name);
    for (const p of bicepParams.filter((d) => d.required)) expect(given).toContain(p.name);
    const file = envFile('dev');
    for (const name of placeholders(JSON.parse(text(paramsPath)))) expect([name, file.has(name)]).toEqual([name, true]);
  });

  test('the bot runs as the managed identity, so the bot id the package gets is the identity\'s client id', () => {
    const params = JSON.parse(text(templates[0].parameters)).parameters;
    expect(params.botAppType.value).toBe('UserAssignedMSI');
    expect(bicep).toContain("msaAppId: botAppType == 'UserAssignedMSI' ? identity.properties.clientId : botAppId");
    expect(bicep).toMatch(/^output managedIdentityClientId string = identity\.properties\.clientId$/m);
    expect(bicep).toMatch(/^output appHostName string = app\.properties\.defaultHostName$/m);
    expect(bicep).toMatch(/^output AZURE_APP_SERVICE_RESOURCE_ID string = app\.id$/m);
    const pkg = actions(project('dev')).find((a) => a.with?.args === 'run package')!;
    expect(pkg.env).toEqual({ BOT_ID: '${{MANAGEDIDENTITYCLIENTID}}', TEAMS_APP_ID: '${{TEAMS_APP_ID}}', BOT_DOMAIN: '${{APPHOSTNAME}}' });
  });
});

describe('the Teams app package: npm run package, as by hand', () => {
  test.each(['dev', 'local'] as const)('%s: package, validate and update use one zip, filled from the variables npm run package reads', (env) => {
    const all = actions(project(env));
    expect(all.filter((a) => a.uses === 'teamsApp/zipAppPackage')).toEqual([]);
    const packaging = all.filter((a) => a.uses === 'cli/runNpmCommand' && a.with?.args === 'run package');
    expect(packaging.length).toBeGreaterThan(0);
    for (const a of all.filter((x) => /^teamsApp\/(validateAppPackage|update|publishAppPackage)$/.test(x.uses))) {
      expect(a.with!.appPackagePath).toBe('./appPackage/build/appPackage.zip');
    }
    for (const a of all.filter((x) => x.uses === 'teamsApp/validateManifest')) expect(a.with!.manifestPath).toBe('./appPackage/manifest.json');
    expect(JSON.parse(text('package.json')).scripts.package).toContain('scripts/package-app.js');
    for (const p of packaging) expect(Object.keys(p.env!).sort()).toEqual(['BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
  });

  test('those variables fill the checked-in manifest (app id, bot id, valid domain)', () => {
    const settings = readPackageSettings({ BOT_ID: '1b2c3d4e-5f60-4a1b-8c9d-0e1f2a3b4c5d', TEAMS_APP_ID: '2b2c3d4e-5f60-4a1b-8c9d-0e1f2a3b4c5d', BOT_DOMAIN: 'runbook-bot-x.azurewebsites.net' });
    expect(settings).toEqual({ botId: '1b2c3d4e-5f60-4a1b-8c9d-0e1f2a3b4c5d', appId: '2b2c3d4e-5f60-4a1b-8c9d-0e1f2a3b4c5d', endpointHost: 'runbook-bot-x.azurewebsites.net' });
    const dir = mkdtempSync(join(tmpdir(), 'atk-package-'));
    try {
      const out: string[] = [];
      const code = runPackageApp({ root, env: { BOT_ID: settings.botId, TEAMS_APP_ID: settings.appId, BOT_DOMAIN: settings.endpointHost }, outFile: join(dir, 'app.zip'), stdout: (l) => out.push(l), stderr: (l) => out.push(l) });
      expect([code, out.join('\n')]).toEqual([0, expect.stringContaining(`app id ${settings.appId}, bot id ${settings.botId}`)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy: the artefact of the README\'s az path', () => {
  const deploy = project('dev').deploy!;

  test('builds, stages dist/src, cards/, src/runbooks/ and package files, installs production modules there, zip-deploys that folder', () => {
    expect(deploy.map((a) => a.uses)).toEqual(['cli/runNpmCommand', 'cli/runNpmCommand', 'script', 'cli/runNpmCommand', 'azureAppService/zipDeploy']);
    const stage = String(deploy[2].with!.run);
    for (const part of ['dist/src', 'cards', 'src/runbooks', 'package.json', 'package-lock.json']) expect(stage).toContain(`'${part}'`);
    const folder = String(deploy[4].with!.artifactFolder);
    expect(stage).toContain(`const out='${folder.replace(/^\.\//, '')}'`);
    expect(deploy[3].with).toEqual({ args: 'ci --omit=dev --no-audit --no-fund', workingDirectory: folder });
    expect(deploy[4].with!.resourceId).toBe('${{AZURE_APP_SERVICE_RESOURCE_ID}}');
    // App Service starts the staged entry point and builds nothing itself.
    expect(bicep).toContain("appCommandLine: 'node dist/src/index.js'");
    expect(bicep).toContain("{ name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }");
  });
});

describe('the bot environments the Toolkit writes', () => {
  const written = (env: EnvName) => {
    const a = actions(project(env)).find((x) => x.uses === 'file/createOrUpdateEnvironmentFile')!;
    return { target: String(a.with!.target), envs: Object.fromEntries(Object.entries(a.with!.envs as object).map(([k, v]) => [k, String(v)])) };
  };

  test('playground: exactly what npm run dev gives the bot, and it starts with it', () => {
    const { envs } = written('playground');
    expect(envs).toEqual(devBotEnv({}));
    const loaded = loadConfig(envs);
    expect(loaded.ok ? [] : loaded.problems).toEqual([]);
  });

  test('local: config keys only, and valid once the Toolkit has filled the placeholders', () => {
    const { envs } = written('local');
    for (const key of Object.keys(envs)) expect(configKeys).toContain(key);
    const filled = { ...envs, MicrosoftAppId: '1b2c3d4e-5f60-4a1b-8c9d-0e1f2a3b4c5d', MicrosoftAppPassword: 'x', APPROVER_IDS: 'a2000000-0000-4000-8000-000000000002' };
    const loaded = loadConfig(filled);
    expect(loaded.ok ? [] : loaded.problems).toEqual([]);
  });

  test.each([['playground', 'Start application (Microsoft 365 Agents Playground)'], ['local', 'Start application']] as const)(
    '%s: the start task reads that file, opens the debugger on the attach port and waits for the bot\'s own log line',
    (env, label) => {
      const { target, envs } = written(env);
      const start = task(label)!;
      expect(start.command).toBe(`node --env-file=${target.replace(/^\.\//, '')} --inspect=9239 dist/src/index.js`);
      expect(launch.configurations.find((c) => c.name === 'Attach to Local Service')!.port).toBe(9239);
      expect(start.problemMatcher?.background?.endsPattern).toMatch(/^bot listening\|/);
      expect(text('src/index.ts')).toMatch(/'bot listening',?\s*\);/);
      expect(envs.PORT).toBe('3978');
    },
  );
});

describe('.vscode', () => {
  const labels = tasks.tasks.map((t) => t.label as string);
  const configurations = launch.configurations.map((c) => c.name as string);

  test('labels and names are unique; every reference resolves', () => {
    expect(new Set(labels).size).toBe(labels.length);
    expect(new Set(configurations).size).toBe(configurations.length);
    for (const t of tasks.tasks) for (const dep of t.dependsOn ?? []) expect([t.label, labels.includes(dep)]).toEqual([t.label, true]);
    for (const c of [...launch.compounds, ...launch.configurations]) {
      if (c.preLaunchTask) expect(labels).toContain(c.preLaunchTask);
      for (const name of c.configurations ?? []) expect(configurations).toContain(name);
      for (const name of c.cascadeTerminateToConfigurations ?? []) expect(configurations).toContain(name);
    }
  });

  test('F5 in the Playground: the Toolkit\'s compound and task chain, on the ports the files use', () => {
    const compound = launch.compounds.find((c) => c.name === 'Debug in Microsoft 365 Agents Playground')!;
    expect(compound).toMatchObject({ configurations: ['Attach to Local Service'], preLaunchTask: 'Start App in Microsoft 365 Agents Playground', stopAll: true });
    expect(task(compound.preLaunchTask!)!.dependsOrder).toBe('sequence');
    expect(task('Validate prerequisites (Microsoft 365 Agents Playground)')!.args?.portOccupancy).toEqual([3978, 9239, Number(envFile('playground').get('TEAMSAPPTESTER_PORT')!.value)]);
    const playground = task('Start Microsoft 365 Agents Playground')!;
    expect(playground.command).toContain('--env-file=env/.env.playground node_modules/@microsoft/m365agentsplayground/cli.js start');
    expect(playground.command).toContain('-e http://localhost:3978/api/messages -c msteams');
  });

  test('every Toolkit task names an environment that has a YAML file and an env file', () => {
    const toolkit = tasks.tasks.filter((t) => t.type === 'teamsfx' && ['provision', 'deploy'].includes(t.command ?? ''));
    expect(toolkit.length).toBeGreaterThan(0);
    for (const t of toolkit) {
      expect(Object.keys(PROJECTS)).toContain(t.args?.env);
      const p = project(t.args?.env as EnvName);
      expect(p[t.command as Lifecycle]?.length).toBeGreaterThan(0);
    }
    for (const c of launch.configurations) {
      for (const m of (c.url ?? '').matchAll(/\$\{\{(?:(\w+):)?(\w+)\}\}/g)) expect([c.name, envFile((m[1] ?? 'dev') as EnvName).has(m[2])]).toEqual([c.name, true]);
    }
  });
});
