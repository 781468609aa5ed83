import { verbs } from '../../src/cards/verbs';
import { refreshVerb } from '../../src/app/approval-refresh';
import { commandRate } from '../../src/app/limits';
import { RateLimiter, slowDownWords } from '../../src/app/rate-limit';
import { makeMessage } from '../helpers/activities';
import { textOf } from '../helpers/card-driver';
import { cmd, drive, incidentAt, seedRunbook } from '../helpers/incident-builders';
import { expectRefusal } from '../helpers/refusal-checks';
import { people } from '../helpers/teams-fakes';
import { invokeAs, roles, sayAs, securityHarness, seed, send, stored } from './security-kit';

// The per-person command rate limit: a token bucket per Entra object id on an injected clock, and the bot's polite
// refusal (a card or text in words, nothing changed) when someone goes over it.

const rb = seedRunbook();

function fakeClock(start = Date.parse('2026-11-24T12:00:00Z')) {
  let t = start;
  return { now: () => t, date: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

describe('RateLimiter', () => {
  test('a burst, then one command per refill interval, with the wait rounded up to whole seconds', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ burst: 3, perMinute: 6 }, clock.now);
    expect([1, 2, 3].map(() => limiter.take('sam'))).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    // A run of refusals is named by who and when it began (each incident audits it once); an allowed command ends it.
    const start = clock.now();
    expect(limiter.take('sam')).toEqual({ ok: false, retryAfterSeconds: 10, flood: `sam@${start}` });
    clock.advance(4_000);
    expect(limiter.take('sam')).toEqual({ ok: false, retryAfterSeconds: 6, flood: `sam@${start}` });
    clock.advance(6_000);
    expect(limiter.take('sam')).toEqual({ ok: true });
    expect(limiter.take('sam')).toEqual({ ok: false, retryAfterSeconds: 10, flood: `sam@${start + 10_000}` });
  });

  test('refused attempts do not use up the allowance; a long pause refills only up to the burst', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ burst: 2, perMinute: 60 }, clock.now);
    limiter.take('sam');
    limiter.take('sam');
    for (let i = 0; i < 50; i++) expect(limiter.take('sam').ok).toBe(false);
    clock.advance(1_000);
    expect(limiter.take('sam').ok).toBe(true);
    clock.advance(3_600_000);
    expect([1, 2, 3].map(() => limiter.take('sam').ok)).toEqual([true, true, false]);
  });

  test('each person has their own bucket', () => {
    const limiter = new RateLimiter({ burst: 1, perMinute: 1 }, fakeClock().now);
    expect(limiter.take('sam').ok).toBe(true);
    expect(limiter.take('sam').ok).toBe(false);
    expect(limiter.take('riley').ok).toBe(true);
  });

  test('a clock that steps back refills nothing and breaks nothing', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ burst: 1, perMinute: 60 }, clock.now);
    expect(limiter.take('sam').ok).toBe(true);
    clock.advance(-3_600_000);
    expect(limiter.take('sam')).toMatchObject({ ok: false, retryAfterSeconds: 1 });
  });

  test('idle (full) buckets are dropped once too many people are tracked, so memory stays bounded', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ burst: 2, perMinute: 60, maxTracked: 100 }, clock.now);
    for (let i = 0; i < 1000; i++) limiter.take(`person-${i}`);
    clock.advance(2_000);
    limiter.take('late');
    expect((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(101);
  });

  test('refuses settings that would block everyone', () => {
    expect(() => new RateLimiter({ burst: 0, perMinute: 10 })).toThrow(RangeError);
    expect(() => new RateLimiter({ burst: 5, perMinute: 0 })).toThrow(RangeError);
  });

  test('the defaults: a burst of 60, then 30 a minute', () => {
    expect(commandRate).toEqual({ burst: 60, perMinute: 30 });
    expect(slowDownWords(2)).toBe('You are going fast: wait 2 s, then try again. Nothing was changed.');
  });
});

describe('the bot over the limit', () => {
  function limitedBot() {
    const clock = fakeClock();
    const h = securityHarness({ now: clock.date, rateLimit: new RateLimiter({ burst: 3, perMinute: 6 }, clock.now) });
    return { h, clock };
  }

  test('a click over the limit gets the incident card with the words and an audit entry, and nothing changes; after the wait it works', async () => {
    const { h, clock } = limitedBot();
    const incident = await seed(h, incidentAt('triage'));
    const tick = (n: number) =>
      invokeAs(h, roles.staff, verbs.tick, {
        incidentId: incident.id,
        version: incident.version,
        actionKey: `rl-${n}`,
        list: 'checklist',
        itemId: rb.firstFifteen[n].id,
        done: true,
      });
    for (const n of [0, 1, 2]) await tick(n);
    const before = await stored(h, incident.id);
    expect(before.version).toBe(incident.version + 3);
    const limited = await tick(3);
    expect(limited.status).toBe(200);
    expect(textOf(limited.card)).toContain('You are going fast: wait 10 s, then try again. Nothing was changed.');
    expect(textOf(limited.card)).toContain(incident.id);
    expectRefusal(before, await stored(h, incident.id), people.staff.aadObjectId, 'refused: tick — rate limit');
    expect((await stored(h, incident.id)).audit.at(-1)?.detail).toBe('retry after 10 s');
    clock.advance(10_000);
    await tick(3);
    expect((await stored(h, incident.id)).checklist[rb.firstFifteen[3].id]?.done).toBe(true);
  });

  test('a typed command over the limit gets the words as text, and only the refusal is stored', async () => {
    const { h } = limitedBot();
    const incident = await seed(h, incidentAt('triage'));
    for (const text of ['help', 'status', `${incident.id} note one`]) expect(await sayAs(h, roles.staff, text)).not.toMatch(/going fast/);
    const before = await stored(h, incident.id);
    const replies = await send(h, makeMessage(`${incident.id} note two`, roles.staff.person, roles.staff.conversation));
    expect(replies.map((r) => r.text)).toEqual(['You are going fast: wait 10 s, then try again. Nothing was changed.']);
    expectRefusal(before, await stored(h, incident.id), people.staff.aadObjectId, 'refused: add a note — rate limit');
    expect(await sayAs(h, roles.member, `${incident.id} note from Riley`)).not.toMatch(/going fast/);
  });

  test('clicks and typing share one allowance per person', async () => {
    const { h } = limitedBot();
    const incident = await seed(h, incidentAt('triage'));
    await sayAs(h, roles.staff, 'help');
    await sayAs(h, roles.staff, 'help');
    await invokeAs(h, roles.staff, verbs.show, { incidentId: incident.id });
    const limited = await invokeAs(h, roles.staff, verbs.escalate, { incidentId: incident.id, version: incident.version, actionKey: 'esc' });
    expect(textOf(limited.card)).toMatch(/You are going fast/);
    expect((await stored(h, incident.id)).escalated).toBeUndefined();
    expect(h.recorded.channelPosts).toEqual([]);
  });

  test('someone outside the incident who goes over the limit learns nothing about it', async () => {
    const { h } = limitedBot();
    const incident = await seed(h, incidentAt('triage'));
    for (let i = 0; i < 3; i++) await invokeAs(h, roles.outsider, verbs.show, { incidentId: incident.id });
    const limited = await invokeAs(h, roles.outsider, verbs.show, { incidentId: incident.id });
    expect(textOf(limited.card)).toMatch(/You are going fast/);
    expect(textOf(limited.card)).not.toContain(incident.id);
    expect(textOf(limited.card)).not.toContain('sender@contoso.com');
    const refusals = (await stored(h, incident.id)).audit.filter((e) => e.actor.id === people.outsider.aadObjectId).map((e) => e.what);
    expect(refusals).toEqual([...Array(3).fill('refused: view — outside the incident conversation'), 'refused: view — rate limit']);
  });

  test('a flood over the limit is audited once, at its first refusal; later throttled requests are only logged', async () => {
    const { h } = limitedBot();
    const incident = await seed(h, incidentAt('triage'));
    for (let i = 0; i < 3; i++) await invokeAs(h, roles.staff, verbs.show, { incidentId: incident.id });
    for (let i = 0; i < 20; i++) expect(textOf((await invokeAs(h, roles.staff, verbs.show, { incidentId: incident.id })).card)).toMatch(/You are going fast/);
    for (let i = 0; i < 5; i++) await sayAs(h, roles.staff, 'status');
    const limited = (await stored(h, incident.id)).audit.filter((e) => e.what.endsWith('— rate limit'));
    expect(limited.map((e) => e.what)).toEqual(['refused: view — rate limit']);
  });

  test('approval-card refreshes fired by Teams clients are not counted', async () => {
    const { h } = limitedBot();
    const gated = rb.remediation.find(
      (a) => a.approval.required && rb.decisions.find((d) => d.id === incidentAt('remediation').finding?.findingId)?.branch.actions.includes(a.id),
    );
    const incident = await seed(h, drive(incidentAt('remediation'), cmd('requestApproval', { actionId: gated?.id ?? '', reason: 'Change needed' })));
    const approvalId = incident.approvals[0].id;
    for (let i = 0; i < 20; i++) {
      const card = await invokeAs(h, roles.approver, refreshVerb, { incidentId: incident.id, approvalId, actionKey: `refresh:${approvalId}`, version: 0 });
      expect(textOf(card.card)).not.toMatch(/going fast/);
    }
    const decided = await invokeAs(h, roles.approver, verbs.decideApproval, {
      incidentId: incident.id,
      version: incident.version,
      actionKey: 'decide',
      approvalId,
      decision: 'approve',
    });
    expect(textOf(decided.card)).toMatch(/Approved by Alex Approver/);
  });
});
