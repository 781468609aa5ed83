import { buildManifest, type ManifestSettings, type TeamsManifest } from './manifest';
import { readPngSize, type PngSize } from './png';
import { writeZip, type ZipEntry } from './zip';

/** Required icon sizes, from the manifest schema's descriptions. */
export const ICON_SIZES = { color: { width: 192, height: 192 }, outline: { width: 32, height: 32 } } as const;

export type IconKind = keyof typeof ICON_SIZES;

export class IconSizeError extends Error {
  constructor(
    readonly icon: IconKind,
    readonly actual: PngSize,
  ) {
    const want = ICON_SIZES[icon];
    super(`${icon} icon is ${actual.width}x${actual.height}; Teams needs ${want.width}x${want.height}`);
    this.name = 'IconSizeError';
  }
}

export interface AppPackageSources {
  readonly template: TeamsManifest;
  /** Icon file contents by kind; their names inside the zip come from the manifest's icons block. */
  readonly icons: Readonly<Record<IconKind, Buffer>>;
}

export interface AppPackage {
  readonly manifest: TeamsManifest;
  readonly entries: readonly ZipEntry[];
  readonly zip: Buffer;
}

/** The icon file names the manifest refers to (relative to the package root). */
export function iconFileNames(template: TeamsManifest): Record<IconKind, string> {
  const icons = (template.icons ?? {}) as Partial<Record<IconKind, string>>;
  return { color: icons.color ?? 'color.png', outline: icons.outline ?? 'outline.png' };
}

/** Pure: checks the icons, fills the manifest, and zips manifest.json and the icons at the archive root. */
export function assembleAppPackage(sources: AppPackageSources, settings: ManifestSettings): AppPackage {
  for (const kind of Object.keys(ICON_SIZES) as IconKind[]) {
    const size = readPngSize(sources.icons[kind]);
    const want = ICON_SIZES[kind];
    if (size.width !== want.width || size.height !== want.height) throw new IconSizeError(kind, size);
  }
  const manifest = buildManifest(sources.template, settings);
  const names = iconFileNames(manifest);
  const entries: ZipEntry[] = [
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
    { name: names.color, data: sources.icons.color },
    { name: names.outline, data: sources.icons.outline },
  ];
  return { manifest, entries, zip: writeZip(entries) };
}
