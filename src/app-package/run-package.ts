import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { assembleAppPackage, iconFileNames, IconSizeError } from './app-package';
import { ManifestSettingsError, type TeamsManifest } from './manifest';
import { InvalidPngError } from './png';
import { PackageSettingsError, readPackageSettings, type PackageEnv } from './package-settings';

export interface RunPackageOptions {
  /** Project root: reads <root>/appPackage, writes <root>/appPackage/build/appPackage.zip unless outFile is given. */
  readonly root: string;
  readonly env: PackageEnv;
  readonly outFile?: string;
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

/** A source file of the package is missing or unreadable. */
export class PackageSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackageSourceError';
  }
}

const KNOWN_ERRORS = [PackageSettingsError, PackageSourceError, ManifestSettingsError, IconSizeError, InvalidPngError];

function readSource(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new PackageSourceError(`cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function parseManifest(path: string): TeamsManifest {
  try {
    return JSON.parse(readSource(path).toString('utf8')) as TeamsManifest;
  } catch (err) {
    if (err instanceof SyntaxError) throw new PackageSourceError(`${path} is not valid JSON: ${err.message}`);
    throw err;
  }
}

/** `npm run package`: builds the Teams app zip; returns the exit code (0 written, 1 refused with a reason on stderr). */
export function runPackageApp(options: RunPackageOptions): number {
  const { root, env, stdout, stderr } = options;
  const source = join(root, 'appPackage');
  const outFile = options.outFile ?? join(source, 'build', 'appPackage.zip');
  try {
    const settings = readPackageSettings(env);
    const template = parseManifest(join(source, 'manifest.json'));
    const names = iconFileNames(template);
    const icons = { color: readSource(join(source, names.color)), outline: readSource(join(source, names.outline)) };
    const pkg = assembleAppPackage({ template, icons }, settings);
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, pkg.zip);
    stdout(`Wrote ${relative(root, outFile) || outFile} (${pkg.zip.length} bytes):`);
    for (const entry of pkg.entries) stdout(`  ${entry.name} (${entry.data.length} bytes)`);
    stdout(`  app id ${pkg.manifest.id}, bot id ${settings.botId.toLowerCase()}, version ${pkg.manifest.version}`);
    stdout(`  validDomains: ${(pkg.manifest.validDomains ?? []).join(', ') || '(none)'}`);
    stdout('Upload it in Teams: Apps > Manage your apps > Upload an app.');
    return 0;
  } catch (err) {
    if (KNOWN_ERRORS.some((type) => err instanceof type)) {
      stderr(`package: ${(err as Error).message}`);
      return 1;
    }
    throw err;
  }
}
