import { createHash } from 'node:crypto';
import type { Actor, AuditEntry, AuditKind } from './types';

// The audit log: an append-only hash chain. Each entry hashes its content and the previous hash.

const genesis = '0'.repeat(64);

/** The kind is hashed when stored, so it cannot be changed later; entries from before kinds (schema 1) hash as they did. */
function hashOf(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, actor, what, detail, prevHash, kind } = entry;
  return createHash('sha256')
    .update(JSON.stringify([seq, at, actor.id, actor.name, what, detail ?? null, prevHash, ...(kind ? [kind] : [])]))
    .digest('hex');
}

/** Returns a new log with one more entry of this kind chained to the last. */
export function appendAudit(log: readonly AuditEntry[], at: string, actor: Actor, what: string, detail?: string, kind: AuditKind = 'change'): AuditEntry[] {
  const prev = log[log.length - 1];
  const base = { seq: log.length + 1, at, actor, kind, what, prevHash: prev ? prev.hash : genesis, ...(detail ? { detail } : {}) };
  return [...log, { ...base, hash: hashOf(base) }];
}

/** The entry's kind; entries written before kinds were stored are read by the two texts those versions wrote. */
export function auditKind(entry: AuditEntry): AuditKind {
  if (entry.kind) return entry.kind;
  if (entry.what.startsWith('refused: ')) return 'refusal';
  return entry.what === 'sent a reminder' ? 'reminder' : 'change';
}

export type AuditVerdict = { ok: true; entries: number } | { ok: false; brokenAt: number; reason: string };

/** Checks every link and hash: any edit, removal or reordering of history is found. */
export function verifyAudit(log: readonly AuditEntry[]): AuditVerdict {
  let prevHash = genesis;
  for (let i = 0; i < log.length; i++) {
    const e = log[i];
    if (e.seq !== i + 1) return { ok: false, brokenAt: i + 1, reason: `entry ${i + 1} has sequence number ${e.seq}` };
    if (e.prevHash !== prevHash) return { ok: false, brokenAt: e.seq, reason: `entry ${e.seq} does not follow entry ${i}` };
    if (hashOf(e) !== e.hash) return { ok: false, brokenAt: e.seq, reason: `entry ${e.seq} was changed after it was written` };
    prevHash = e.hash;
  }
  return { ok: true, entries: log.length };
}
