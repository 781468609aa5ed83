import { gzipSync } from 'node:zlib';
import { TestAdapter } from 'botbuilder';
import { createApp } from '../../src/app';
import { verbs } from '../../src/cards/verbs';
import { limits } from '../../src/incident/handlers/change';
import { ndrLimit, textLimit } from '../../src/incident/field-values';
import type { Incident } from '../../src/incident/types';
import { listen } from '../../src/server';
import { maxBodyBytes } from '../../src/app/limits';
import { silentLogger } from '../../src/app/logger';
import { MemoryIncidentStore } from '../../src/store/memory-store';
import { makeMessage } from '../helpers/activities';
import { unescapeMarkdown } from '../helpers/card-checks';
import { textOf } from '../helpers/card-driver';
import { cmd, drive, incidentAt, intakeValues, seedRunbook } from '../helpers/incident-builders';
import { type LoopbackConnector, startLoopbackConnector } from '../helpers/loopback-connector';
import { recordingTransport, testConfig } from '../helpers/teams-fakes';
import { expectOnlyRefusalsAdded } from '../helpers/refusal-checks';
import { type Harness, invokeAs, roles, sayAs, securityHarness, seed, send, stored, wordsOf } from './security-kit';

// Limits on what comes in: the request body size over HTTP (the real server), every free-text field's length
// (refused in words, nothing stored), and that the defaults are wired into the app.

const rb = seedRunbook();
const now = () => new Date('2026-11-24T12:00:00.000Z');

describe('request body size on /api/messages (real restify server)', () => {
  let connector: LoopbackConnector;
  let app: ReturnType<typeof createApp>;
  let base: string;

  beforeAll(async () => {
    connector = await startLoopbackConnector();
    app = createApp(testConfig(), { log: silentLogger, store: new MemoryIncidentStore() });
    base = `http://127.0.0.1:${await listen(app.server, 0, '127.0.0.1')}`;
  });
  afterAll(async () => {
    app.server.close();
    await connector.close();
  });

  /** A "start" message padded to `bytes` of JSON with an extra channelData field. */
  const padded = (bytes: number) => {
    const activity = { ...makeMessage('start exchange'), serviceUrl: connector.serviceUrl, recipient: { id: '28:bot', name: 'Runbook Incident Bot' } };
    const bare = JSON.stringify({ ...activity, channelData: { padding: '' } });
    return JSON.stringify({ ...activity, channelData: { padding: 'x'.repeat(Math.max(0, bytes - bare.length)) } });
  };
  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  test(`a body over ${maxBodyBytes} bytes gets 413 and nothing runs`, async () => {
    const body = padded(maxBodyBytes + 1);
    expect(Buffer.byteLength(body)).toBe(maxBodyBytes + 1);
    const res = await post(body);
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/exceeds/i);
    expect(await app.store.list()).toEqual([]);
    expect(connector.calls).toEqual([]);
  });

  test('a far larger body gets 413 too', async () => {
    const res = await post(padded(4 * 1024 * 1024));
    expect(res.status).toBe(413);
    expect(await app.store.list()).toEqual([]);
    expect(connector.calls).toEqual([]);
  });

  test('a gzip body that inflates past the limit is refused and nothing runs', async () => {
    const body = gzipSync(padded(8 * maxBodyBytes));
    expect(body.length).toBeLessThan(maxBodyBytes);
    const res = await post(body, { 'content-encoding': 'gzip' });
    expect(res.status).toBe(415);
    expect(await res.text()).toMatch(/Compressed request bodies are not accepted/);
    expect(await app.store.list()).toEqual([]);
    expect(connector.calls).toEqual([]);
  });

  test('a body just under the limit is processed', async () => {
    const res = await post(padded(maxBodyBytes - 1024));
    expect(res.status).toBe(200);
    expect(await app.store.list()).toHaveLength(1);
    expect(connector.calls.some((c) => c.method === 'POST')).toBe(true);
  });
});

/** Text of exactly n characters. */
const long = (n: number, unit = 'x') => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

interface FieldCase {
  field: string;
  max: number;
  /** The state the incident must be in. */
  state: () => Incident;
  /** Sends a value of the given length; returns the words shown. */
  send: (h: Harness, i: Incident, value: string) => Promise<string>;
  /** The words for an over-long value. */
  refusal: RegExp;
}

let keys = 0;
const click = async (h: Harness, i: Incident, verb: string, fields: Record<string, unknown>, role = roles.staff) =>
  unescapeMarkdown(textOf((await invokeAs(h, role, verb, { incidentId: i.id, version: i.version, actionKey: `lim-${++keys}`, ...fields })).card));
const intake = (values: Record<string, string>) => Object.fromEntries(Object.entries(intakeValues(rb, values)).map(([k, v]) => [`f_${k}`, v]));
const gated = (i: Incident) =>
  rb.decisions.find((d) => d.id === i.finding?.findingId)?.branch.actions.find((a) => rb.remediation.find((r) => r.id === a)?.approval.required) ?? '';
const pending = () => drive(incidentAt('remediation'), cmd('requestApproval', { actionId: gated(incidentAt('remediation')), reason: 'Change needed' }));
const approvedWithEvidence = () =>
  drive(pending(), cmd('recordResult', { starterId: rb.commands[0].id, output: 'before' }), (i) =>
    cmd(
      'decideApproval',
      { approvalId: i.approvals[0].id, decision: 'approve' },
      { actor: { id: 'a2000000-0000-4000-8000-000000000001', name: 'Alex Approver' } },
    ),
  );
const ndrFinding = rb.decisions.find((d) => d.ndr)?.id ?? rb.decisions[0].id;

const fieldCases: FieldCase[] = [
  {
    field: 'note (typed)',
    max: limits.note,
    state: () => incidentAt('triage'),
    send: (h, i, v) => sayAs(h, roles.staff, `${i.id} note ${v}`),
    refusal: /The note is too long \(\d+ characters, at most 2000\)/,
  },
  {
    field: 'cancel reason (typed)',
    max: limits.reason,
    state: () => incidentAt('triage'),
    send: (h, i, v) => sayAs(h, roles.staff, `${i.id} cancel ${v}`),
    refusal: /The reason for cancelling is too long \(\d+ characters, at most 500\)/,
  },
  {
    field: 'escalation reason (typed)',
    max: limits.reason,
    state: () => incidentAt('triage'),
    send: (h, i, v) => sayAs(h, roles.staff, `${i.id} escalate ${v}`),
    refusal: /The reason for escalating is too long \(\d+ characters, at most 500\)/,
  },
  {
    field: 'cancel reason (card)',
    max: limits.reason,
    state: () => incidentAt('triage'),
    send: (h, i, v) => click(h, i, verbs.cancel, { cancelReason: v }),
    refusal: /The reason for cancelling is too long \(501 characters, at most 500\)/,
  },
  {
    field: 'evidence text',
    max: limits.evidence,
    state: () => incidentAt('triage'),
    send: (h, i, v) => click(h, i, verbs.addEvidence, { evidenceText: v }),
    refusal: /The evidence description is too long \(4001 characters, at most 4000\)/,
  },
  {
    field: 'evidence link',
    max: limits.url,
    state: () => incidentAt('triage'),
    send: (h, i, v) => click(h, i, verbs.addEvidence, { evidenceText: 'link', evidenceUrl: `https://contoso.sharepoint.com/${v}`.slice(0, v.length) }),
    refusal: /The link is too long \(2001 characters, at most 2000\)/,
  },
  {
    field: 'command output',
    max: limits.output,
    state: () => incidentAt('triage'),
    send: (h, i, v) => click(h, i, verbs.recordResult, { starterId: rb.commands[0].id, output: v }),
    refusal: /The command output is too long \(10001 characters, at most 10000\)/,
  },
  {
    field: 'NDR text',
    max: limits.evidence,
    state: () => incidentAt('decision'),
    send: (h, i, v) => click(h, i, verbs.chooseFinding, { findingId: ndrFinding, ndrText: `550 5.7.1 ${v}`.slice(0, v.length) }),
    refusal: /The NDR text is too long \(4001 characters, at most 4000\)/,
  },
  {
    field: 'approval request reason',
    max: limits.reason,
    state: () => incidentAt('remediation'),
    send: (h, i, v) => click(h, i, verbs.requestApproval, { actionId: gated(i), [`reason_${gated(i)}`]: v }),
    refusal: /The reason for the request is too long \(501 characters, at most 500\)/,
  },
  {
    field: 'approval comment',
    max: limits.reason,
    state: pending,
    send: (h, i, v) => click(h, i, verbs.decideApproval, { approvalId: i.approvals[0].id, decision: 'approve', comment: v }, roles.approver),
    refusal: /The comment is too long \(501 characters, at most 500\)/,
  },
  {
    field: 'rejection reason',
    max: limits.reason,
    state: pending,
    send: (h, i, v) => click(h, i, verbs.decideApproval, { approvalId: i.approvals[0].id, decision: 'reject', comment: v }, roles.approver),
    refusal: /The reason for the rejection is too long \(501 characters, at most 500\)/,
  },
  {
    field: 'done note',
    max: limits.note,
    state: approvedWithEvidence,
    send: (h, i, v) => click(h, i, verbs.markDone, { actionId: gated(i), [`note_${gated(i)}`]: v }),
    refusal: /The note is too long \(2001 characters, at most 2000\)/,
  },
  {
    field: 'summary field',
    max: limits.summaryField,
    state: () => incidentAt('summary'),
    send: (h, i, v) => click(h, i, verbs.saveSummary, { s_rootCause: v }),
    refusal: /Root cause is too long \(1501 characters, at most 1500\)/,
  },
  {
    field: 'intake text field',
    max: textLimit,
    state: () => incidentAt('intake'),
    send: (h, i, v) => click(h, i, verbs.submitIntake, intake({ subject: v })),
    refusal: /Subject is too long: 501 characters, at most 500/,
  },
  {
    field: 'intake NDR field',
    max: ndrLimit,
    state: () => incidentAt('intake'),
    send: (h, i, v) => click(h, i, verbs.submitIntake, intake({ ndrText: v })),
    refusal: /NDR or exact error text is too long: 4001 characters, at most 4000/,
  },
];

describe('per-field lengths: at the limit accepted, one over refused in words and audited, nothing else stored', () => {
  test.each(fieldCases.map((c) => [c.field, c.max, c] as const))('%s (at most %i characters)', async (_field, max, c) => {
    const over = securityHarness({ now });
    const incident = await seed(over, c.state());
    const before = await stored(over, incident.id);
    const words = await c.send(over, incident, long(max + 1));
    expect(words).toMatch(c.refusal);
    const [entry, ...more] = expectOnlyRefusalsAdded(before, await stored(over, incident.id));
    expect(more).toEqual([]);
    expect(entry.what).toMatch(/^refused: .+ — invalid input$/);

    const at = securityHarness({ now });
    const fresh = await seed(at, c.state());
    const accepted = await c.send(at, fresh, long(max));
    expect(accepted).not.toMatch(/too long/);
    expect((await stored(at, fresh.id)).version).toBeGreaterThan(fresh.version);
  });

  test('the edge refuses card inputs over 20,000 characters before the engine sees them', async () => {
    const h = securityHarness({ now });
    const incident = await seed(h, incidentAt('triage'));
    const before = await stored(h, incident.id);
    const words = await click(h, incident, verbs.recordResult, { starterId: rb.commands[0].id, output: long(20_001) });
    expect(words).toMatch(/This card action has missing or malformed values \(output\)/);
    // Not a command (it could not be read), so it is logged only: the record stays deep-equal.
    expect(await stored(h, incident.id)).toEqual(before);
  });
});

describe('the default rate limit is wired into the app', () => {
  test('60 commands at once from one person are served, the 61st is told to wait 2 s; others are not affected', async () => {
    const app = createApp(testConfig(), {
      log: silentLogger,
      store: new MemoryIncidentStore(),
      now,
      transport: (c) => recordingTransport(c, { sends: [], updates: [], channelPosts: [] }),
    });
    const adapter = new TestAdapter(async (context) => app.bot.run(context));
    const h = { adapter, deliverer: app.deliverer } as unknown as Harness;
    for (let i = 0; i < 60; i++) expect(wordsOf(await send(h, makeMessage('help')))).toMatch(/what you can type/);
    const limited = wordsOf(await send(h, makeMessage('start exchange')));
    expect(limited).toBe('You are going fast: wait 2 s, then try again. Nothing was changed.');
    expect(await app.store.list()).toEqual([]);
    expect(wordsOf(await send(h, makeMessage('help', roles.outsider.person, roles.outsider.conversation)))).toMatch(/what you can type/);
  });
});
