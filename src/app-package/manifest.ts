/** The Teams app manifest as far as this project fills it; everything else passes through untouched. */
export interface TeamsManifest {
  readonly id: string;
  readonly version: string;
  readonly bots?: ReadonlyArray<{ readonly botId: string } & Record<string, unknown>>;
  readonly validDomains?: readonly string[];
  readonly [key: string]: unknown;
}

export interface ManifestSettings {
  /** Microsoft App ID of the bot registration (Entra app client id). */
  readonly botId: string;
  /** Teams app id; defaults to the bot id. */
  readonly appId?: string;
  /** Host name (no scheme, no path) the bot is reached on; added to validDomains. */
  readonly endpointHost?: string;
  /** App version (x.y.z); defaults to the template's. */
  readonly version?: string;
}

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const PLACEHOLDER_GUID = '00000000-0000-0000-0000-000000000000';
const SEMVER = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;
// A host name, optionally with a leading "*." wildcard label; no scheme, port or path.
const HOST = /^(?=.{1,253}$)(\*\.)?[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

export class ManifestSettingsError extends Error {
  constructor(
    readonly setting: keyof ManifestSettings,
    reason: string,
  ) {
    super(`${setting}: ${reason}`);
    this.name = 'ManifestSettingsError';
  }
}

/** True for a GUID in the form the manifest schema accepts. */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** True for the all-zero GUID the checked-in manifest carries in place of real ids. */
export function isPlaceholderGuid(value: string): boolean {
  return value === PLACEHOLDER_GUID;
}

function requireRealGuid(setting: 'botId' | 'appId', value: string): void {
  if (!isGuid(value)) throw new ManifestSettingsError(setting, `"${value}" is not a GUID`);
  if (isPlaceholderGuid(value)) throw new ManifestSettingsError(setting, 'is the all-zero placeholder GUID');
}

/** Pure: the template with app id, bot id, version and validDomains filled in; the template is not changed. */
export function buildManifest(template: TeamsManifest, settings: ManifestSettings): TeamsManifest {
  const { botId, appId = settings.botId, endpointHost, version = template.version } = settings;
  requireRealGuid('botId', botId);
  requireRealGuid('appId', appId);
  if (!SEMVER.test(version)) throw new ManifestSettingsError('version', `"${version}" is not x.y.z`);
  if (endpointHost !== undefined && !HOST.test(endpointHost)) {
    throw new ManifestSettingsError('endpointHost', `"${endpointHost}" is not a host name`);
  }
  const domains = [...(template.validDomains ?? [])];
  if (endpointHost !== undefined && !domains.includes(endpointHost)) domains.push(endpointHost);
  return {
    ...template,
    id: appId.toLowerCase(),
    version,
    bots: (template.bots ?? []).map((bot) => ({ ...bot, botId: botId.toLowerCase() })),
    validDomains: domains,
  };
}
