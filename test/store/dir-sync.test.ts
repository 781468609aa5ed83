import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fd, syncDir, writeAtomic } from '../../src/store/file-io';

// Group commit of directory fsyncs: a caller is answered only after an fsync of the folder that started after it
// called; callers that come while one runs share the next one.

afterEach(() => jest.restoreAllMocks());

test('a sync asked for while one runs waits for the next one, which all such callers share', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dirsync-'));
  const events: string[] = [];
  const gates: (() => void)[] = [];
  let n = 0;
  jest.spyOn(fd, 'fsync').mockImplementation((() => {
    const k = ++n;
    events.push(`fsync ${k} starts`);
    return new Promise<void>((resolve) => gates.push(() => (events.push(`fsync ${k} ends`), resolve())));
  }) as never);
  const first = syncDir(dir).then(() => events.push('first answered'));
  await new Promise((r) => setTimeout(r, 20));
  const second = syncDir(dir).then(() => events.push('second answered'));
  const third = syncDir(dir).then(() => events.push('third answered'));
  await new Promise((r) => setTimeout(r, 20));
  expect(events).toEqual(['fsync 1 starts']);
  gates.shift()!();
  await first;
  await new Promise((r) => setTimeout(r, 20));
  // The second and third came while fsync 1 ran: it may not cover their renames, so they wait for fsync 2.
  expect(events).toEqual(['fsync 1 starts', 'fsync 1 ends', 'first answered', 'fsync 2 starts']);
  gates.shift()!();
  await Promise.all([second, third]);
  expect(events.slice(4)).toEqual(['fsync 2 ends', 'second answered', 'third answered']);
  expect(n).toBe(2);
  // Nothing runs now: the next caller starts its own fsync at once.
  const fourth = syncDir(dir);
  await new Promise((r) => setTimeout(r, 20));
  expect(events[events.length - 1]).toBe('fsync 3 starts');
  gates.shift()!();
  await fourth;
});

test('a failing directory fsync fails every caller that shared it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dirsync-'));
  const eio = Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
  jest.spyOn(fd, 'fsync').mockImplementation((() => new Promise((_, reject) => setTimeout(() => reject(eio), 10))) as never);
  const results = await Promise.allSettled([syncDir(dir), syncDir(dir), syncDir(dir)]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
  expect(results.map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['EIO', 'EIO', 'EIO']);
});

test('twenty writes at once into one folder: every file whole, far fewer directory fsyncs than writes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dirsync-'));
  const dirOpens: string[] = [];
  const realOpen = fd.open;
  jest.spyOn(fd, 'open').mockImplementation(((path: string, flags: string) => {
    if (path === dir) dirOpens.push(path);
    return realOpen(path, flags);
  }) as never);
  await Promise.all(Array.from({ length: 20 }, (_, i) => writeAtomic(join(dir, `f${i}.json`), JSON.stringify({ i, text: 'x'.repeat(1000) }))));
  expect(readdirSync(dir).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `f${i}.json`).sort());
  for (let i = 0; i < 20; i++) expect(JSON.parse(readFileSync(join(dir, `f${i}.json`), 'utf8')).i).toBe(i);
  expect(dirOpens.length).toBeGreaterThanOrEqual(1);
  expect(dirOpens.length).toBeLessThan(20);
});
