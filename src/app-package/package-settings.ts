import { isGuid, isPlaceholderGuid, type ManifestSettings } from './manifest';

/** A problem with the packaging environment, worded for the person running `npm run package`. */
export class PackageSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackageSettingsError';
  }
}

export type PackageEnv = Readonly<Record<string, string | undefined>>;

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function readGuid(env: PackageEnv, name: string, label: string): string | undefined {
  const value = nonEmpty(env[name]);
  if (value === undefined) return undefined;
  if (!isGuid(value)) {
    throw new PackageSettingsError(`${name} "${value}" is not a GUID; ${label} looks like 1b2c3d4e-5f60-4a1b-8c9d-0e1f2a3b4c5d.`);
  }
  if (isPlaceholderGuid(value)) {
    throw new PackageSettingsError(`${name} is the all-zero placeholder GUID; set it to the real ${label}.`);
  }
  return value;
}

function endpointHost(env: PackageEnv): string | undefined {
  const domain = nonEmpty(env.BOT_DOMAIN);
  if (domain !== undefined) return domain;
  const endpoint = nonEmpty(env.BOT_ENDPOINT);
  if (endpoint === undefined) return undefined;
  try {
    return new URL(endpoint).hostname;
  } catch {
    throw new PackageSettingsError(`BOT_ENDPOINT "${endpoint}" is not a URL; expected e.g. https://bot.example.com/api/messages.`);
  }
}

/**
 * Parses the packaging environment: BOT_ID (else MICROSOFT_APP_ID, required), TEAMS_APP_ID,
 * BOT_DOMAIN (else BOT_ENDPOINT's host) and APP_VERSION. Throws PackageSettingsError.
 */
export function readPackageSettings(env: PackageEnv): ManifestSettings {
  const botIdName = nonEmpty(env.BOT_ID) !== undefined ? 'BOT_ID' : 'MICROSOFT_APP_ID';
  const botId = readGuid(env, botIdName, "the bot's Microsoft App ID");
  if (botId === undefined) {
    throw new PackageSettingsError(
      "BOT_ID is not set. Set BOT_ID (or MICROSOFT_APP_ID) to the bot's Microsoft App ID, " +
        'the GUID of its Azure Bot / Entra app registration, e.g. BOT_ID=1b2c3d4e-5f60-4a1b-8c9d-0e1f2a3b4c5d npm run package',
    );
  }
  const appId = readGuid(env, 'TEAMS_APP_ID', 'Teams app id');
  const host = endpointHost(env);
  const version = nonEmpty(env.APP_VERSION);
  return {
    botId,
    ...(appId !== undefined && { appId }),
    ...(host !== undefined && { endpointHost: host }),
    ...(version !== undefined && { version }),
  };
}
