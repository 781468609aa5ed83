import { verbs } from '../../src/cards/verbs';
import type { Incident, SummaryWarning } from '../../src/incident/types';
import { unescapeMarkdown } from '../helpers/card-checks';
import { textOf } from '../helpers/card-driver';
import { expectOnlyRefusalsAdded, expectRefusal } from '../helpers/refusal-checks';
import { people } from '../helpers/teams-fakes';
import { cmd, drive, incidentAt, seedRunbook } from '../helpers/incident-builders';
import { type Harness, invokeAs, roles, securityHarness, seed, stored } from './security-kit';

// The customer summary never leaves with an unacknowledged internal-detail warning: every attempt to close through
// the bot with a warning pending is refused in words (and audited) and nothing is posted to the leads' channel.

const rb = seedRunbook();
const now = () => new Date('2026-11-24T12:00:00.000Z');
const clean = Object.fromEntries(rb.summary.map((f) => [f.id, `Customer-safe text for ${f.label}.`]));

/** A summary ready to post: every field filled with customer-safe text, no warnings. */
const ready = (): Incident => drive(incidentAt('summary'), cmd('editSummary', { fields: clean }));

let keys = 0;
async function click(h: Harness, id: string, verb: string, fields: Record<string, unknown> = {}, version?: number) {
  const current = await stored(h, id);
  const answer = await invokeAs(h, roles.staff, verb, { incidentId: id, version: version ?? current.version, actionKey: `sg-${++keys}`, ...fields });
  expect(answer.status).toBe(200);
  return unescapeMarkdown(textOf(answer.card));
}

const pendingOf = (i: Incident): SummaryWarning[] => i.summary.warnings.filter((w) => !i.summary.acknowledged.includes(w.id));

describe('closing with internal details in the summary', () => {
  test.each([
    ['an IPv4 address', 'The relay at 10.20.30.40 refused the mail.', 'ipv4'],
    ['an IPv6 address', 'The relay at 2001:db8::17 refused the mail.', 'ipv6'],
    ['a message id', 'Message <CAB1234abc@mail.contoso.com> bounced.', 'message-id'],
    ['an email address', 'Mail from payroll@contoso.com bounced.', 'email-address'],
    ['a PowerShell command', 'We ran Set-TransportRule -Identity "Block partner" -Enabled $false.', 'powershell'],
    ['an internal host name', 'The connector pointed at exch01.corp.local.', 'internal-host'],
    ['a GUID', 'Trace 0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0 showed the failure.', 'guid'],
  ])('%s: close is refused in words and nothing is posted', async (_what, text, kind) => {
    const h = securityHarness({ now });
    const incident = await seed(h, ready());
    const editor = await click(h, incident.id, verbs.saveSummary, { s_rootCause: text });
    const saved = await stored(h, incident.id);
    expect(saved.summary.warnings.map((w) => w.kind)).toContain(kind);
    expect(editor).toMatch(/Possible internal details|⚠/);
    const answer = await click(h, incident.id, verbs.close);
    expect(answer).toMatch(/The summary may contain internal details: .* Edit them out or acknowledge each before posting\./);
    expect(h.recorded.channelPosts).toEqual([]);
    expectRefusal(saved, await stored(h, incident.id), people.staff.aadObjectId, 'refused: close — unacknowledged summary warnings');
  });

  test('every way round the check fails: partial acknowledgement, forged ids, stale cards, retry, edits after acknowledging', async () => {
    const h = securityHarness({ now });
    const incident = await seed(h, ready());
    const cleanVersion = incident.version;
    await click(h, incident.id, verbs.saveSummary, {
      s_whatHappened: 'Mail from 10.20.30.40 to payroll@contoso.com was refused.',
      s_impact: 'Message <CAB1234abc@mail.contoso.com> and others bounced.',
      s_rootCause: 'Set-TransportRule -Identity "Block partner" was too broad.',
    });
    const warned = await stored(h, incident.id);
    expect(new Set(warned.summary.warnings.map((w) => w.kind))).toEqual(new Set(['ipv4', 'email-address', 'message-id', 'powershell']));
    const refusedAs = /The summary may contain internal details/;
    const nothingPosted = async (state: Incident) => {
      expect(h.recorded.channelPosts).toEqual([]);
      expect(expectOnlyRefusalsAdded(state, await stored(h, incident.id)).length).toBeGreaterThan(0);
    };

    // A close clicked on the card from before the warnings: stale, refused.
    expect(await click(h, incident.id, verbs.close, {}, cleanVersion)).toMatch(/out of date/);
    await nothingPosted(warned);

    // Acknowledging all but one.
    const [kept, ...rest] = pendingOf(warned);
    await click(h, incident.id, verbs.acknowledge, { ack: rest.map((w) => w.id).join(',') });
    const partly = await stored(h, incident.id);
    expect(pendingOf(partly).map((w) => w.id)).toEqual([kept.id]);
    expect(await click(h, incident.id, verbs.close)).toMatch(refusedAs);
    await nothingPosted(partly);

    // Forged acknowledgements: ids that are not on the summary, or none.
    for (const ack of ['rootCause:powershell:Remove-Everything', `${kept.id}x`, '', ' , ']) {
      expect(await click(h, incident.id, verbs.acknowledge, { ack })).toMatch(/no longer on the summary|No warning was selected/);
      await nothingPosted(partly);
    }
    expect(await click(h, incident.id, verbs.close)).toMatch(refusedAs);

    // Retrying the post is only for closed incidents.
    expect(await click(h, incident.id, verbs.retryPost)).toMatch(/can't retry the summary post while the incident is in summary/);
    await nothingPosted(partly);

    // Acknowledge the last one, then edit in a new detail: the new warning is pending again.
    await click(h, incident.id, verbs.acknowledge, { ack: kept.id });
    await click(h, incident.id, verbs.saveSummary, { s_resolution: 'Fixed on exch01.corp.local.' });
    const edited = await stored(h, incident.id);
    expect(pendingOf(edited).map((w) => w.kind)).toEqual(['internal-host']);
    expect(await click(h, incident.id, verbs.close)).toMatch(refusedAs);
    await nothingPosted(edited);

    // Edited out: the summary leaves once, and only then.
    await click(h, incident.id, verbs.saveSummary, { s_resolution: 'Fixed on the mail server.' });
    const answer = await click(h, incident.id, verbs.close);
    expect(answer).toMatch(/Posting the summary to/);
    expect((await stored(h, incident.id)).summary.post?.status).toBe('posted');
    expect(h.recorded.channelPosts).toHaveLength(1);
    expect(await click(h, incident.id, verbs.close)).toMatch(/nothing more can be changed|closed/);
    expect(await click(h, incident.id, verbs.retryPost)).toMatch(/already posted/);
    expect(h.recorded.channelPosts).toHaveLength(1);
  });
});
