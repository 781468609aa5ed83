import { promises as fs } from 'node:fs';
import { join } from 'node:path';

// The incident documents the file store writes, sized while a run goes on (the floor bot writes documents of this
// size): every poll, the size of each document that changed since the previous poll. Sampled, not every write.

export interface DocumentSizes {
  /** Document versions seen. */
  n: number;
  mean: number;
  max: number;
}

/** Polls DATA_DIR/incidents every `everyMs` until stop(); stop resolves with the sizes seen. */
export function watchDocuments(dataDir: string, everyMs = 20): { stop(): Promise<DocumentSizes> } {
  const dir = join(dataDir, 'incidents');
  const seen = new Map<string, string>();
  const sizes: number[] = [];
  let stopping = false;
  const poll = async () => {
    const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
    await Promise.all(
      names.map(async (name) => {
        const st = await fs.stat(join(dir, name)).catch(() => undefined);
        if (!st) return;
        const key = `${st.ino}:${st.size}:${st.mtimeMs}`;
        if (seen.get(name) === key) return;
        seen.set(name, key);
        sizes.push(st.size);
      }),
    );
  };
  const loop = (async () => {
    while (!stopping) {
      await poll();
      await new Promise((r) => setTimeout(r, everyMs));
    }
    await poll();
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      return { n: sizes.length, mean: sizes.length ? Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length) : 0, max: Math.max(0, ...sizes) };
    },
  };
}
