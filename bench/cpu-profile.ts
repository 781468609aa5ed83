import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { projectRoot } from '../src/project-root';

// Reads a V8 .cpuprofile and names where the time went: self time by area (our folders, packages) and function,
// and inclusive time of the bot's own functions (src/), so a cost is traced to the code that asked for it.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface ProfileSummary {
  /** Sampled time the main thread was not idle (ms). */
  busyMs: number;
  areas: { area: string; ms: number; share: number }[];
  functions: { name: string; ms: number; share: number }[];
  /** Time with this src/ function anywhere on the stack. */
  inclusive: { name: string; ms: number; share: number }[];
}

const fileOf = (url: string) => relative(projectRoot(), url.replace(/^file:\/\//, ''));

function areaOf(name: string, url: string): string {
  if (name === '(garbage collector)' || name === '(program)') return name;
  if (!url) return '(native: fs, sockets, JSON)';
  if (url.startsWith('node:')) return 'node core';
  const path = fileOf(url);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1];
  const own = /^dist\/(src\/[^/]+|bench)/.exec(path);
  return own ? own[1] : path.split('/').slice(0, 2).join('/');
}

export function summarizeProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    return `${functionName || '(anonymous)'}${url ? ` ${fileOf(url)}:${lineNumber + 1}` : ''}`;
  };
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (!node || node.callFrame.functionName === '(idle)') return;
    busy += ms;
    self.set(label(node), (self.get(label(node)) ?? 0) + ms);
    const area = areaOf(node.callFrame.functionName, node.callFrame.url);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at) as ProfileNode;
      if (!fileOf(n.callFrame.url || '/').startsWith('dist/src/')) continue;
      const name = label(n);
      if (!seen.has(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
      seen.add(name);
    }
  });
  const ranked = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: Math.round((ms / busy) * 1000) / 10 }));
  return {
    busyMs: Math.round(busy),
    areas: ranked(areas).map(({ name, ms, share }) => ({ area: name, ms, share })),
    functions: ranked(self),
    inclusive: ranked(inclusive),
  };
}
