import { verifyAudit } from '../../src/incident/audit';
import { isRefusal } from '../../src/incident/refusals';
import type { Incident } from '../../src/incident/types';

// Refusals change nothing but the audit: these checks say so in one place for the conversation and security tests.

/** The incident without its audit and without the keys refusals leave (each refused activity is recorded once). */
const withoutAudit = ({ audit: _audit, recentKeys, ...rest }: Incident) => ({ ...rest, recentKeys: recentKeys.filter((k) => !k.startsWith('refusal:')) });

/** `after` is `before` plus refusal entries only: same record, same version and phase, history kept, chain intact. */
export function expectOnlyRefusalsAdded(before: Incident, after: Incident): Incident['audit'] {
  expect(withoutAudit(after)).toEqual(withoutAudit(before));
  expect(after.version).toBe(before.version);
  expect(after.phase).toBe(before.phase);
  expect(after.audit.slice(0, before.audit.length)).toEqual(before.audit);
  expect(verifyAudit(after.audit)).toEqual({ ok: true, entries: after.audit.length });
  const added = after.audit.slice(before.audit.length);
  for (const e of added) expect(isRefusal(e)).toBe(true);
  return added;
}

/** Exactly one refusal entry was added, by `actorId`, reading `what` ("refused: approve — not an approver"). */
export function expectRefusal(before: Incident, after: Incident, actorId: string, what: string | RegExp): void {
  const added = expectOnlyRefusalsAdded(before, after);
  expect(added).toHaveLength(1);
  expect(added[0].actor.id).toBe(actorId);
  if (typeof what === 'string') expect(added[0].what).toBe(what);
  else expect(added[0].what).toMatch(what);
}
