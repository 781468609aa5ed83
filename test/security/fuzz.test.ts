import fc from 'fast-check';
import type { Activity } from 'botbuilder';
import { verbs } from '../../src/cards/verbs';
import { verifyAudit } from '../../src/incident/audit';
import { isApprovalRefusal, isRefusal, refusalBound } from '../../src/incident/refusals';
import type { Incident } from '../../src/incident/types';
import { refreshVerb } from '../../src/app/approval-refresh';
import { parseTextCommand } from '../../src/teams/text-commands';
import { makeInvoke, makeMessage } from '../helpers/activities';
import { textOf } from '../helpers/card-driver';
import { cmd, drive, incidentAt, seedRunbook } from '../helpers/incident-builders';
import { expectOnlyRefusalsAdded } from '../helpers/refusal-checks';
import { people } from '../helpers/teams-fakes';
import { type Harness, type Role, answerOf, room, roles, securityHarness, seed, send } from './security-kit';

// Fuzz, in-process on the TestAdapter: 10,000 random invokes and messages. Whatever arrives, no exception escapes
// (nothing logged as an error, no "something went wrong"), every invoke answers 200 with a card that says something,
// every message gets an answer in words, and invalid input changes no stored incident: same record and version, the
// audit grows by refusal entries only (a refused request on an incident is audited), and never past the bound.

const rb = seedRunbook();
const now = () => new Date('2026-11-24T12:00:00.000Z');
const runs = { invalidInvokes: 5000, messages: 3500, validShaped: 1500 };

let h: Harness;
let targets: Incident[];

beforeAll(async () => {
  h = securityHarness({ now });
  const remediation = incidentAt('remediation');
  const finding = rb.decisions.find((d) => d.id === remediation.finding?.findingId);
  const gated = finding?.branch.actions.find((a) => rb.remediation.find((r) => r.id === a)?.approval.required) ?? '';
  targets = [
    await seed(h, incidentAt('triage')),
    await seed(h, drive(remediation, cmd('requestApproval', { actionId: gated, reason: 'Change needed' }))),
    await seed(h, drive(incidentAt('summary'), cmd('editSummary', { fields: { whatHappened: 'Relay 10.20.30.40 refused mail from ops@contoso.com.' } }))),
  ];
});

afterEach(() => {
  const logged = h.errors.splice(0);
  expect(logged).toEqual([]);
});

const auditSeen = new Map<string, number>();

/** Every seeded incident as seeded but for refusal entries, within the bound (compared as JSON first; the chain re-verified when it grew). */
async function unchanged(): Promise<void> {
  for (const t of targets) {
    const now = await h.service.get(t.id);
    if (!now) throw new Error(`${t.id} is gone`);
    if (JSON.stringify(now) === JSON.stringify(t) || now.audit.length === auditSeen.get(t.id)) continue;
    const added = expectOnlyRefusalsAdded(t, now);
    auditSeen.set(t.id, now.audit.length);
    // Two buckets per hour: approval refusals (not an approver, own request, already decided) and all others.
    for (const bucket of [added.filter(isApprovalRefusal), added.filter((e) => !isApprovalRefusal(e))]) {
      expect(bucket.length).toBeLessThanOrEqual(refusalBound.perIncidentPerHour);
      const perActor = new Map<string, number>();
      for (const e of bucket) perActor.set(e.actor.id, (perActor.get(e.actor.id) ?? 0) + 1);
      for (const n of perActor.values()) expect(n).toBeLessThanOrEqual(refusalBound.perActorPerHour);
    }
  }
}

const crashWords = /Something went wrong/i;

function expectCardAnswer(replies: Partial<Activity>[]): string {
  const answer = answerOf(replies);
  expect(answer.status).toBe(200);
  expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
  expect(answer.card.type).toBe('AdaptiveCard');
  expect(JSON.stringify(answer.card).length).toBeLessThan(28 * 1024);
  const words = textOf(answer.card);
  expect(words.trim()).not.toBe('');
  expect(words).not.toMatch(crashWords);
  return words;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const nasty = [
  "'",
  '"',
  '\u2018',
  '\u2019',
  '\u201a',
  '\u201b',
  '\u201c',
  '\u201d',
  '`',
  '$(Remove-Item C:\\ -Recurse)',
  '${env:PATH}',
  ';',
  '|',
  '&',
  '\n',
  '\r\n',
  '[x](https://evil.example)',
  '**b**',
  '<at>Grace</at>',
  '![i](https://evil.example/x.png)',
  '${$root.title}',
  '${if(true, 1, 2)}',
  '<script>',
  '&amp;',
  '\u0000',
  '\u202e',
  '\uD800',
  '😀',
  'é',
  ' ',
  'INC-20261124-001',
  '__proto__',
  'constructor',
  'true',
  'null',
  '-1',
  '1e999',
];
const huge = fc
  .tuple(fc.integer({ min: 1, max: 40_000 }), fc.constantFrom('a', '😀', "'", '\u2019', '[x](https://e)', '${x}', '\n', ' '))
  .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n));
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...nasty), { maxLength: 12 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: huge },
);
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);
const anyValue = fc.oneof(text, wrongType);
const oddKey = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'f___proto__', 's_constructor', 'f_hasOwnProperty', 'actor', 'from', 'key'),
);
const junkData = fc.dictionary(oddKey, anyValue, { maxKeys: 6 });

const knownVerbs = [...Object.values(verbs), refreshVerb];
const prototypeKeys = ['valueOf', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'isPrototypeOf'];
const anyVerb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...knownVerbs) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom(...prototypeKeys) },
);
const target = fc.integer({ min: 0, max: 2 });
const forged = fc.constantFrom(people.approver, people.approver2, people.staff).map((p) => ({
  actor: { id: p.aadObjectId, name: p.name },
  from: { id: p.id, aadObjectId: p.aadObjectId, name: p.name },
  aadObjectId: p.aadObjectId,
  approverIds: [people.outsider.aadObjectId, people.staff.aadObjectId],
  decidedBy: { id: p.aadObjectId, name: p.name },
  requestedBy: { id: people.outsider.aadObjectId, name: 'Olive' },
}));

/** Number(v) as zod's coerce sees it (objects that cannot become a primitive are NaN). */
function asNumber(v: unknown): number {
  try {
    return Number(v);
  } catch {
    return Number.NaN;
  }
}

/** Wire form: what JSON over HTTP would deliver (own __proto__ keys kept, undefined dropped). */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

interface Case {
  role: Role;
  value: unknown;
}

const asStaff = (value: unknown): Case => ({ role: roles.staff, value });
const envelope = (verb: unknown, data: unknown) => ({ action: { type: 'Action.Execute', verb, data } });
const meta = (i: Incident, key: string) => ({ incidentId: i.id, version: i.version, actionKey: key });

/** Breaks the one field a verb needs (missing, wrong type, empty, too long, or unknown), on the current version. */
function brokenField(i: Incident): fc.Arbitrary<Record<string, unknown>> {
  const bad = fc.oneof(
    wrongType,
    fc.constantFrom('', '   ', 'x'.repeat(201)),
    fc.string({ minLength: 1, maxLength: 20 }).map((s) => `no-such-${s}`),
  );
  const missingOr = (field: string, base: Record<string, unknown>) =>
    fc.oneof(
      fc.constant(Object.fromEntries(Object.entries(base).filter(([k]) => k !== field))),
      bad.map((v) => ({ ...base, [field]: v })),
    );
  const gatedAction = rb.remediation.find((a) => a.approval.required)?.id ?? '';
  return fc.oneof(
    missingOr('itemId', { verb: verbs.tick, list: 'checklist', done: true }),
    missingOr('list', { verb: verbs.tick, itemId: rb.firstFifteen[0].id, done: true }),
    bad
      .filter((v) => v !== true && v !== false && v !== 'true' && v !== 'false')
      .map((done) => ({ verb: verbs.tick, list: 'checklist', itemId: rb.firstFifteen[0].id, done })),
    missingOr('starterId', { verb: verbs.recordResult, output: 'Status: Failed' }),
    fc.oneof(wrongType, fc.constantFrom('', '  \n ', 'x'.repeat(20_001))).map((output) => ({ verb: verbs.recordResult, starterId: rb.commands[0].id, output })),
    missingOr('findingId', { verb: verbs.chooseFinding }),
    missingOr('actionId', { verb: verbs.requestApproval }),
    fc
      .oneof(wrongType, fc.constantFrom('', '   ', 'r'.repeat(501)))
      .map((reason) => ({ verb: verbs.requestApproval, actionId: gatedAction, [`reason_${gatedAction}`]: reason })),
    missingOr('actionId', { verb: verbs.markDone }),
    missingOr('approvalId', { verb: verbs.decideApproval, decision: 'approve' }),
    missingOr('decision', { verb: verbs.decideApproval, approvalId: i.approvals[0]?.id ?? 'A1' }),
    fc.oneof(wrongType, fc.constantFrom('', ' ', 'c'.repeat(501))).map((cancelReason) => ({ verb: verbs.cancel, cancelReason })),
    fc.oneof(wrongType, fc.constantFrom('', '  ', 'e'.repeat(4001))).map((evidenceText) => ({ verb: verbs.addEvidence, evidenceText })),
    fc
      .constantFrom('http://contoso.com/x', 'javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'https://', 'https://a b')
      .map((evidenceUrl) => ({ verb: verbs.addEvidence, evidenceText: 'x', evidenceUrl })),
    fc.string({ minLength: 1, maxLength: 12 }).map((k) => ({ verb: verbs.saveSummary, [`s_nosuch${k}`]: 'text' })),
    fc
      .oneof(
        wrongType,
        fc.string({ maxLength: 20 }).map((s) => `nosuch:${s}`),
        fc.constant(''),
      )
      .map((ack) => ({ verb: verbs.acknowledge, ack })),
    fc.string({ minLength: 1, maxLength: 12 }).map((k) => ({ verb: verbs.submitIntake, [`f_nosuch${k}`]: 'x' })),
    fc.constant({ verb: i.phase === 'summary' ? verbs.close : verbs.retryPost }),
    missingOr('runbookId', { verb: verbs.pickRunbook }),
    missingOr('approvalId', { verb: refreshVerb }),
  );
}

/** Invokes that must change nothing, whoever sends them. */
const invalidInvoke: fc.Arbitrary<Case> = fc.oneof(
  // Not an Action.Execute envelope at all.
  { weight: 2, arbitrary: fc.jsonValue().map(asStaff) },
  {
    weight: 1,
    arbitrary: fc.record({ action: fc.record({ type: anyValue, verb: anyValue, data: anyValue }, { requiredKeys: [] }) }, { requiredKeys: [] }).map(asStaff),
  },
  // Any verb and data, but a version from the future.
  {
    weight: 4,
    arbitrary: fc.tuple(anyVerb, target, fc.integer({ min: 1, max: 1_000_000_000 }), junkData, fc.uuid()).map(([verb, t, ahead, data, key]) => {
      const i = targets[t];
      return asStaff(envelope(verb, { ...data, ...meta(i, key), version: i.version + ahead, approvalId: i.approvals[0]?.id, runbookId: 'no-such-runbook' }));
    }),
  },
  // Malformed incident id, version or key (anything that would coerce to a current or older version is not malformed).
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...Object.values(verbs).filter((v) => v !== verbs.pickRunbook)), target, junkData, fc.uuid())
      .chain(([verb, t, data, key]) => {
        const i = targets[t];
        const olderOrCurrent = (v: unknown) => {
          const n = asNumber(v);
          return Number.isInteger(n) && n >= 1 && n <= i.version;
        };
        const broken = fc.oneof(
          fc.oneof(wrongType, fc.constantFrom('', 'INC-1', 'inc-20261124-001', 'INC-20261124-01', 'x'.repeat(201))).map((v) => ({ incidentId: v })),
          fc
            .oneof(wrongType, fc.constantFrom('', 'NaN', 'Infinity', '-1', '0', '1.5', '1e12', 'two'))
            .filter((v) => !olderOrCurrent(v))
            .map((v) => ({ version: v })),
          fc.oneof(wrongType, fc.constantFrom('', '   ', 'k'.repeat(201))).map((v) => ({ actionKey: v, key: v })),
        );
        return broken.map((b) => asStaff(envelope(verb, { ...data, ...meta(i, key), ...b })));
      }),
  },
  // The right verb and version, one required field broken.
  {
    weight: 3,
    arbitrary: target
      .chain((t) => fc.tuple(fc.constant(t), brokenField(targets[t]), fc.uuid()))
      .map(([t, { verb, ...data }, key]) => asStaff(envelope(verb, { ...meta(targets[t], key), ...data }))),
  },
  // Someone outside the incident's conversation, with forged identity fields, on any verb but a pick.
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom(roles.outsider, roles.lead, roles.approver),
        fc.constantFrom(...knownVerbs.filter((v) => v !== verbs.pickRunbook)),
        target,
        forged,
        junkData,
        fc.uuid(),
      )
      .filter(([role, verb]) => !(role === roles.approver && verb === verbs.decideApproval))
      .map(([role, verb, t, f, data, key]) => ({
        role,
        value: envelope(verb, {
          ...data,
          ...f,
          ...meta(targets[t], key),
          approvalId: targets[t].approvals[0]?.id ?? 'x',
          cancelReason: 'forged',
          itemId: rb.firstFifteen[0].id,
          list: 'checklist',
          done: true,
        }),
      })),
  },
  // People in the room who are not approvers, deciding with forged approver fields.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(roles.staff, roles.member), forged, fc.constantFrom('approve', 'reject'), fc.uuid())
      .map(([role, f, decision, key]) => ({
        role,
        value: envelope(verbs.decideApproval, { ...f, ...meta(targets[1], key), approvalId: targets[1].approvals[0].id, decision, comment: 'forged' }),
      })),
  },
);

describe(`fuzz (${runs.invalidInvokes + runs.messages + runs.validShaped} cases)`, () => {
  test(`${runs.invalidInvokes} invalid invokes: 200 with a card in words, nothing stored changes, nothing is sent`, async () => {
    const before = { sends: h.recorded.sends.length, posts: h.recorded.channelPosts.length, updates: h.recorded.updates.length };
    await fc.assert(
      fc.asyncProperty(invalidInvoke, async ({ role, value }) => {
        const activity = { ...makeInvoke('x', {}, role.person, role.conversation), ...role.extra, value: wire(value) };
        expectCardAnswer(await send(h, activity));
        await unchanged();
      }),
      { numRuns: runs.invalidInvokes },
    );
    expect({ sends: h.recorded.sends.length, posts: h.recorded.channelPosts.length, updates: h.recorded.updates.length }).toEqual(before);
  }, 60_000);

  /** Typed text from the incident room that the parser reads as harmless (unknown, help, status) or as a command bound to fail. */
  const staffText = fc.oneof(
    text.filter((t) => ['unknown', 'help', 'status'].includes(parseTextCommand(t).kind)),
    fc.tuple(target, fc.constantFrom('note', 'note    ', 'cancel', 'cancel   ', 'handover', 'hand over')).map(([t, c]) => `${targets[t].id} ${c}`),
    fc.constantFrom('note x', 'cancel x', 'INC-19990101-999 status', 'INC-19990101-999 note x'),
    fc
      .tuple(target, fc.constantFrom('note ', 'cancel ', 'escalate '))
      .chain(([t, c]) => fc.integer({ min: c === 'note ' ? 2001 : 501, max: 30_000 }).map((n) => `${targets[t].id} ${c}${'y'.repeat(n)}`)),
  );
  const message: fc.Arbitrary<{ role: Role; activity: Partial<Activity> }> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom(roles.outsider, roles.lead, roles.approver),
          fc.oneof(
            text,
            fc.tuple(target, fc.constantFrom('status', 'note', 'cancel', 'escalate', 'handover'), text).map(([t, c, rest]) => `${targets[t].id} ${c} ${rest}`),
          ),
        )
        .map(([role, t]) => ({ role, activity: { text: t } })),
    },
    { weight: 3, arbitrary: staffText.map((t) => ({ role: roles.staff, activity: { text: t } })) },
    {
      weight: 2,
      arbitrary: fc
        .record({
          text: fc.option(text, { nil: undefined }),
          entities: fc.option(
            fc.array(
              fc.record({
                type: fc.constantFrom('mention', 'clientInfo', 'x'),
                mentioned: fc.option(fc.record({ id: anyValue, name: anyValue }), { nil: undefined }),
                text: anyValue,
              }),
              { maxLength: 3 },
            ),
            { nil: undefined },
          ),
          channelData: fc.option(fc.oneof(wrongType, fc.record({ team: fc.record({ id: anyValue }), channel: fc.record({ id: anyValue, name: anyValue }) })), {
            nil: undefined,
          }),
          value: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
        })
        .map((fields) => ({ role: roles.outsider, activity: wire(fields) as Partial<Activity> })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(roles.outsider, roles.staff),
          fc.array(
            fc.record({
              contentType: fc.oneof(
                fc.constantFrom('image/png', 'text/html', 'application/vnd.microsoft.card.adaptive', 'application/vnd.microsoft.teams.file.download.info'),
                fc.string({ maxLength: 20 }),
              ),
              contentUrl: fc.oneof(
                fc.constantFrom('http://contoso.com/a.png', 'javascript:alert(1)', 'file:///etc/passwd', 'ftp://x/y', ''),
                fc.string({ maxLength: 30 }).map((s) => `http://${s}`),
              ),
              name: fc.option(text, { nil: undefined }),
              content: fc.option(fc.record({ downloadUrl: fc.constantFrom('http://x/y', 'data:,x') }), { nil: undefined }),
            }),
            { minLength: 1, maxLength: 3 },
          ),
        )
        .map(([role, attachments]) => ({ role, activity: { text: '', attachments } })),
    },
  );

  test(`${runs.messages} messages: an answer in words every time, stored incidents unchanged`, async () => {
    await fc.assert(
      fc.asyncProperty(message, async ({ role, activity }) => {
        const replies = await send(h, { ...makeMessage('', role.person, role.conversation), ...role.extra, ...activity });
        expect(replies.length).toBeGreaterThan(0);
        for (const r of replies) {
          const words = [r.text ?? '', ...(r.attachments ?? []).map((a) => textOf(a.content))].join('\n');
          expect(words.trim()).not.toBe('');
          expect(words).not.toMatch(crashWords);
        }
        await unchanged();
      }),
      { numRuns: runs.messages },
    );
  }, 60_000);

  test('the refusals of the invokes and messages above are audited, and a flood of them stops at the bound', async () => {
    const refusals = (await Promise.all(targets.map((t) => h.service.get(t.id)))).flatMap((i) =>
      (i?.audit ?? []).filter(isRefusal).map((e) => ({ id: i!.id, e })),
    );
    const outsider = people.outsider.aadObjectId;
    for (const t of targets) {
      const theirs = refusals.filter((r) => r.id === t.id && r.e.actor.id === outsider);
      expect(theirs.filter((r) => !isApprovalRefusal(r.e))).toHaveLength(refusalBound.perActorPerHour);
      expect(theirs.filter((r) => isApprovalRefusal(r.e)).length).toBeLessThanOrEqual(refusalBound.perActorPerHour);
    }
    expect(refusals.some((r) => r.e.what === 'refused: approve — not an approver')).toBe(true);
    expect(refusals.some((r) => /^refused: .+ — outside the incident conversation$/.test(r.e.what))).toBe(true);
  });

  /** Real verbs with random values in their real fields, by staff in the room on the current version. */
  const validShaped = fc.tuple(
    target,
    fc.constantFrom(...Object.values(verbs).filter((v) => v !== verbs.pickRunbook && v !== verbs.exportPack)),
    fc.record(
      {
        list: fc.oneof(fc.constantFrom('checklist', 'branch', 'validation'), text),
        itemId: fc.oneof(fc.constantFrom(...rb.firstFifteen.map((i) => i.id)), text),
        done: fc.oneof(fc.boolean(), fc.constantFrom('true', 'false')),
        starterId: fc.oneof(fc.constantFrom(...rb.commands.map((c) => c.id)), text),
        output: text,
        reason: text,
        findingId: fc.oneof(fc.constantFrom(...rb.decisions.map((d) => d.id)), text),
        ndrText: text,
        evidenceText: text,
        evidenceUrl: fc.oneof(
          text,
          text.map((t) => `https://contoso.sharepoint.com/${t}`),
        ),
        coversItem: fc.oneof(fc.constantFrom(...rb.evidence.map((e) => e.id)), text),
        cancelReason: text,
        comment: text,
        decision: fc.constantFrom('approve', 'reject'),
        f_sender: text,
        f_messageTraceId: text,
        f_affectedUsers: text,
        s_whatHappened: text,
        s_impact: text,
        ack: text,
      },
      { requiredKeys: [] },
    ),
    fc.constantFrom(...rb.remediation.map((a) => a.id)),
    text,
    fc.uuid(),
  );

  test(`${runs.validShaped} real verbs with random values: never a crash; a change is a valid, audited step`, async () => {
    await fc.assert(
      fc.asyncProperty(validShaped, async ([t, verb, fields, actionId, words, key]) => {
        const i = targets[t];
        const data = { ...fields, ...meta(i, key), approvalId: i.approvals[0]?.id, actionId, [`reason_${actionId}`]: words, [`note_${actionId}`]: words };
        const start = (await h.store.get(i.id))!.value;
        expectCardAnswer(await send(h, { ...makeInvoke(verb, wire(data), roles.staff.person, room) }));
        const after = (await h.store.get(i.id))!;
        if (JSON.stringify(after.value) !== JSON.stringify(start)) {
          if (after.value.version === i.version) expect(expectOnlyRefusalsAdded(start, after.value)).toHaveLength(1);
          else expect(after.value.version).toBeGreaterThan(i.version);
          expect(after.value.audit.slice(0, i.audit.length)).toEqual(i.audit);
          expect(verifyAudit(after.value.audit).ok).toBe(true);
          await h.store.put(i, after.etag);
        }
      }),
      { numRuns: runs.validShaped },
    );
  }, 60_000);
});
