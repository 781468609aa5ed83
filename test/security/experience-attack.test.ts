import type { Activity } from 'botbuilder';
import type * as restify from 'restify';
import type { Logger } from '../../src/app/logger';
import { chatFriendly } from '../../src/app/pack-messages';
import { cardBudgetBytes, cardBytes } from '../../src/cards/card-size';
import { withReadableColors } from '../../src/cards/readable-colors';
import { verbs } from '../../src/cards/verbs';
import { withActAs } from '../../src/dev/act-as';
import { PLAYGROUND, PLAYGROUND_USERS } from '../../src/dev/playground-users';
import { toUtc } from '../../src/incident/local-time';
import { draftSummary, timeRange } from '../../src/incident/summary-draft';
import type { ActivityProcessor } from '../../src/server';
import { makeMessage } from '../helpers/activities';
import { type Card, actionsOf, textOf } from '../helpers/card-driver';
import { inputs, nodes, unescapeMarkdown } from '../helpers/card-checks';
import { type Conversation, type ExperienceBot, experienceBot, settle } from '../helpers/experience-attack-kit';
import { conversations, people } from '../helpers/teams-fakes';

// Attacks on the recent user-facing changes (one live card, Latest activity, kept typed values, intake refusals, the
// handover picker, act as, readable colours, the chat pack): what a person types is never lost or silently changed.
// test.failing(...) pins a defect (it passes while the defect is there; flip it to test once fixed); plain tests pin
// guarantees that hold.

const seedId = 'exchange-online-mail-flow-failure';
const intake = {
  f_affectedUsers: 'Finance department shared mailbox',
  f_scope: 'department',
  f_startedAt: '2026-11-24T08:30',
  f_timeZone: 'Europe/Berlin',
  f_sender: "o'brien@contoso.com",
  f_recipient: 'payables@fabrikam.com',
  f_subject: 'Invoice 4711',
  f_ndrText: 'Remote Server returned 550 5.7.1 Delivery not authorized',
  f_regulatedData: 'no',
  f_highPriorityUser: 'no',
};
/** 12:00 UTC, 13:00 in Berlin. */
const T0 = Date.parse('2026-11-24T12:00:00.000Z');
const personal = conversations.personal;
const room: Conversation = { id: '19:experience-room@thread.v2', conversationType: 'groupChat', isGroup: true };

/** Adaptive Cards' own text functions (adaptivecards 3.0.6, text-formatters.ts): a match is replaced by a local date/time. */
const cardFunction = /\{{2}(?:DATE|TIME)\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})(?:, ?(?:COMPACT|LONG|SHORT))?\)\}{2}/;

const lastCard = (r: { replies: Partial<Activity>[] }): Card => r.replies.flatMap((a) => (a.attachments ?? []).map((x) => x.content as Card)).at(-1) ?? {};
const inputValue = (card: unknown, id: string) => inputs(card).find((i) => i.id === id)?.value;
const flagged = (card: unknown) =>
  inputs(card)
    .filter((i) => String(i.label).startsWith('⚠ '))
    .map((i) => i.id);
const timelineLines = (card: unknown) =>
  textOf(card)
    .split('\n')
    .filter((l) => / added a note/.test(l));

/** start -> pick the seed runbook -> submit the intake, all on one message; returns the incident and that message's id. */
async function openIncident(bot: ExperienceBot, values: Record<string, string> = intake, where: Conversation = personal) {
  const start = await bot.say('start', people.staff, where);
  const cardId = start.replies[0].id!;
  const pick = actionsOf(lastCard(start)).find((a) => a.verb === verbs.pickRunbook && a.data.runbookId === seedId)!;
  const form = await bot.click(pick.verb, pick.data, cardId, people.staff, where);
  const submit = actionsOf(form.card).find((a) => a.verb === verbs.submitIntake)!;
  const answer = await bot.click(submit.verb, { ...submit.data, ...values }, cardId, people.staff, where);
  const id = actionsOf(answer.card)
    .map((a) => a.data.incidentId)
    .find((v) => typeof v === 'string') as string;
  await settle(bot);
  return {
    id,
    cardId,
    card: answer.card,
    submit: (more: Record<string, string>) => bot.click(submit.verb, { ...submit.data, ...more }, cardId, people.staff, where),
  };
}

const at = (iso: string) => () => new Date(iso);

describe('Latest activity: a note is shown as typed, never acted on', () => {
  test('Adaptive Card date functions, ${…}, Markdown, an RTL override and a 3-byte script in a note: stored verbatim, shown inert', async () => {
    const bot = experienceBot({ now: () => new Date(T0) });
    const { id } = await openIncident(bot);
    const typed = '{{DATE(2026-01-01T00:00:00Z, SHORT)}} at {{TIME(2026-01-01T00:00:00Z)}} ${incidentId} **bold** [x](https://evil.example) \u202eevil 財務部';
    const card = lastCard(await bot.say(`note ${typed}`));
    expect((await bot.service.get(id))?.notes.at(-1)?.text).toBe(typed);
    const [line] = timelineLines(card);
    expect(line).toBeDefined();
    expect(line).not.toMatch(cardFunction);
    expect(line).not.toContain('\u202e');
    expect(unescapeMarkdown(line)).toContain(
      '{{DATE(2026-01-01T00:00:00Z, SHORT)}} at {{TIME(2026-01-01T00:00:00Z)}} ${incidentId} **bold** [x](https://evil.example) \uFFFDevil 財務部',
    );
    // The bot's own times in the timeline column are the functions, so each reader sees their local time.
    expect(nodes(card).some((n) => n.type === 'TextBlock' && typeof n.text === 'string' && cardFunction.test(n.text))).toBe(true);
  });

  test('twelve notes of 2,000 characters in a 3-byte script: the card stays within its budget and every note is kept in full', async () => {
    const bot = experienceBot({ now: () => new Date(T0) });
    const { id } = await openIncident(bot);
    let card: Card = {};
    const typed = Array.from({ length: 12 }, (_, i) => `${i} <&>|*`.repeat(10) + '界'.repeat(1_900));
    for (const text of typed) card = lastCard(await bot.say(`note ${text}`));
    expect(cardBytes(card)).toBeLessThanOrEqual(cardBudgetBytes);
    expect(JSON.stringify(card)).toContain('Latest activity');
    expect((await bot.service.get(id))?.notes.map((n) => n.text)).toEqual(typed);
  });

  // Defect: addNote's audit detail is cut at 200 UTF-16 units (src/incident/handlers/anytime.ts), so an emoji note shows cut without "…", ending in a broken half-character.
  test('a note of 150 emoji: the timeline line shows it whole or marks the cut, never a broken character', async () => {
    const bot = experienceBot({ now: () => new Date(T0) });
    await openIncident(bot);
    const typed = `a${'😀'.repeat(150)}`;
    const [line] = timelineLines(lastCard(await bot.say(`note ${typed}`)));
    expect(line).not.toContain('\uFFFD');
    expect(line.endsWith(typed) || line.endsWith('…')).toBe(true);
  });

  // Was a defect: parseTextCommand collapsed every whitespace run (src/teams/text-commands.ts), so a typed note's line breaks and indentation were lost before it was stored.
  test('a typed multi-line note keeps its lines in the incident record, and the card shows them as lines', async () => {
    const bot = experienceBot({ now: () => new Date(T0) });
    const { id } = await openIncident(bot);
    const typed = lastCard(await bot.say('note Checked the connector:\r\n  TLS: required\n  Cert: expired 2026-11-20'));
    expect((await bot.service.get(id))?.notes.at(-1)?.text).toBe('Checked the connector:\n  TLS: required\n  Cert: expired 2026-11-20');
    // A TextBlock shows a line per paragraph: each line break is a Markdown paragraph break, the indentation no-break spaces.
    const block = (card: Card, start: string) =>
      nodes(card).find((n) => n.type === 'TextBlock' && typeof n.text === 'string' && n.text.includes(`added a note: ${start}`))?.text;
    expect(block(typed, 'Checked')).toBe('Sam Staff added a note: Checked the connector:\n\n\u00a0\u00a0TLS: required\n\n\u00a0\u00a0Cert: expired 2026-11-20');

    // Teams sends Shift+Enter as <br>: the same lines, and a run of spaces inside a line is one space.
    const fromTeams = lastCard(await bot.say('note line one<br>line  two<br/>  three'));
    expect((await bot.service.get(id))?.notes.at(-1)?.text).toBe('line one\nline two\n  three');
    expect(block(fromTeams, 'line one')).toBe('Sam Staff added a note: line one\n\nline two\n\n\u00a0\u00a0three');
  });

  // Defect: tooLong counts UTF-16 code units (src/incident/handlers/change.ts), so 2,001 emoji are refused as "4002 characters" (intake counts characters).
  test('an over-long note is refused counting the characters the person typed', async () => {
    const bot = experienceBot({ now: () => new Date(T0) });
    await openIncident(bot);
    const refused = await bot.say(`note ${'😀'.repeat(2_001)}`);
    expect(refused.replies.map((r) => r.text ?? '').join(' ')).toContain('2001 characters');
  });
});

describe('one live incident card per conversation', () => {
  // Defect: IncidentCards.replaced reads "the card before" and saves the new one without any ordering (src/app/incident-cards.ts), so two concurrent typed commands both stub the same old card and leave two live cards.
  test('two notes typed at the same moment: exactly one card with buttons is left', async () => {
    const bot = experienceBot({ now: () => new Date(T0) });
    const { id } = await openIncident(bot);
    await Promise.all([bot.say('note from the first tab'), bot.say('note from the second tab')]);
    await settle(bot);
    expect(bot.liveCards(personal.id, id)).toHaveLength(1);
  });

  test("the old card's stub update fails: the typed command still answers with its card, logged as a warning, no error", async () => {
    const bot = experienceBot({ now: () => new Date(T0) });
    const { id, cardId } = await openIncident(bot);
    bot.controls.failUpdates = (activityId) => activityId === cardId;
    const answer = await bot.say('note the stub cannot be written');
    expect(timelineLines(lastCard(answer)).join('\n')).toContain('the stub cannot be written');
    expect(answer.replies.every((r) => !/went wrong/i.test(r.text ?? ''))).toBe(true);
    expect(bot.logs.filter((l) => l.level === 'warn').map((l) => l.message)).toContain('older incident card not replaced by its stub');
    expect(bot.logs.filter((l) => l.level === 'error')).toEqual([]);
    expect((await bot.records.incidentCard(id))?.activityId).toBe(answer.replies.at(-1)?.id);
  });

  // Was a defect (a click on an older card became the recorded one without stubbing the newer): the newer one becomes the stub.
  test('a click on the older card whose stub failed: one live card remains', async () => {
    const bot = experienceBot({ now: () => new Date(T0) });
    const { id, cardId, card } = await openIncident(bot);
    bot.controls.failUpdates = (activityId) => activityId === cardId;
    await bot.say('note moved the card below');
    bot.controls.failUpdates = undefined;
    const tick = actionsOf(card).find((a) => a.verb === verbs.tick)!;
    await bot.click(tick.verb, tick.data, cardId);
    await settle(bot);
    expect(bot.liveCards(personal.id, id)).toHaveLength(1);
  });

  // Defect: when the card reply fails after the command was saved, onMessage (src/teams/bot.ts) answers "Please try again": the note is saved but not shown, and retrying adds it twice.
  test('the card reply fails after the note was saved: the chat shows the note or says it was saved, not "try again"', async () => {
    const bot = experienceBot({ now: () => new Date(T0) });
    const { id } = await openIncident(bot);
    bot.controls.failReplies = (activity) => (activity.attachments?.length ?? 0) > 0;
    const answer = await bot.say('note the partner confirmed the bounce');
    await settle(bot);
    expect((await bot.service.get(id))?.notes.map((n) => n.text)).toEqual(['the partner confirmed the bounce']);
    const words = answer.replies.map((r) => r.text ?? '').join(' ');
    const shown = [...bot.shown.values()].some((s) => s.card && textOf(s.card).includes('the partner confirmed the bounce'));
    expect(shown || (/saved|added|recorded/i.test(words) && !/try again/i.test(words))).toBe(true);
  });

  test('a corrupt card record or one in another conversation: the typed command answers here and nothing is sent elsewhere', async () => {
    const bot = experienceBot({ now: () => new Date(T0) });
    const { id } = await openIncident(bot);
    await bot.store.putRecord(`incident-card:${id}`, { reference: 'garbage', activityId: 7 });
    const first = await bot.say('note after a corrupt record');
    expect(timelineLines(lastCard(first)).join('\n')).toContain('after a corrupt record');
    expect((await bot.records.incidentCard(id))?.activityId).toBe(first.replies.at(-1)?.id);

    const elsewhere = '19:elsewhere@thread.v2';
    await bot.store.putRecord(`incident-card:${id}`, { reference: { conversation: { id: elsewhere } }, activityId: 'elsewhere-1' });
    const second = await bot.say('note after a record elsewhere');
    await settle(bot);
    expect(timelineLines(lastCard(second)).join('\n')).toContain('after a record elsewhere');
    expect([...bot.shown.values()].filter((s) => s.conversationId === elsewhere)).toEqual([]);
    expect(bot.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('intake refusals: in words, naming the field, with every typed value kept', () => {
  test('a start exactly 5 minutes ahead is taken as now; 6 minutes ahead is refused in the zone typed, values kept', async () => {
    const accepted = await openIncident(experienceBot({ now: () => new Date(T0) }), { ...intake, f_startedAt: '2026-11-24T13:05' });
    expect(textOf(accepted.card)).toContain('First 15 minutes');

    const bot = experienceBot({ now: () => new Date(T0) });
    const typed = { ...intake, f_startedAt: '2026-11-24T13:06' };
    const { card } = await openIncident(bot, typed);
    expect(textOf(card)).toContain('When it started is in the future \\(2026-11-24 13:06 Europe/Berlin; it is now 2026-11-24 13:00 Europe/Berlin\\)');
    expect(flagged(card)).toEqual(['f_startedAt']);
    for (const [field, value] of Object.entries(typed)) expect({ field, value: inputValue(card, field) }).toEqual({ field, value });
  });

  test('30 February and a +14:30 offset are refused in words; +14:00 and -12:00 are real offsets', async () => {
    const bot = experienceBot({ now: () => new Date(T0) });
    const form = await openIncident(bot, { ...intake, f_startedAt: '2026-02-30T08:00' });
    expect(textOf(form.card)).toContain('When it started is not a real date: "2026-02-30T08:00"');
    const offset = await form.submit({ ...intake, f_timeZone: '+14:30' });
    expect(textOf(offset.card)).toContain('Time zone has an impossible UTC offset: "+14:30"');
    expect(flagged(offset.card)).toEqual(['f_timeZone']);
    expect(toUtc('2026-11-25T01:00+14:00')?.toISOString()).toBe('2026-11-24T11:00:00.000Z');
    const west = await form.submit({ ...intake, f_startedAt: '2026-11-23T20:00-12:00' });
    expect(textOf(west.card)).toContain('First 15 minutes');
  });

  // Was a defect: checkDateTime/toUtc (src/incident/field-values.ts, local-time.ts) accepted a wall-clock time that never happened (the DST gap) and silently moved it an hour.
  test('02:30 on 29 March 2026 in Europe/Berlin (clocks jump 02:00 -> 03:00) is refused in words, not moved to 03:30', async () => {
    const bot = experienceBot({ now: at('2026-03-29T10:00:00.000Z') });
    const typed = { ...intake, f_startedAt: '2026-03-29T02:30' };
    const { id, card } = await openIncident(bot, typed);
    const incident = await bot.service.get(id);
    expect(incident?.phase).toBe('intake');
    expect(incident?.intake.startedAt).toBeUndefined();
    const impact = incident ? draftSummary(bot.service.runbookOf(incident), incident, '2026-03-29T10:00:00.000Z').impact : '';
    expect(impact).not.toContain('from 03:30');
    expect(unescapeMarkdown(textOf(card))).toContain(
      'When it started is not a time the clock showed: 02:30 did not happen in Europe/Berlin on 29 March 2026: clocks went forward from 02:00 to 03:00.',
    );
    expect(flagged(card)).toEqual(['f_startedAt']);
    for (const [field, value] of Object.entries(typed)) expect({ field, value: inputValue(card, field) }).toEqual({ field, value });
    expect(toUtc('2026-03-29T02:30', 'Europe/Berlin')).toBeUndefined();
    // With its offset it is a real instant (the clock in UTC+01:00 did show it): accepted.
    const form = await openIncident(experienceBot({ now: at('2026-03-29T10:00:00.000Z') }), { ...intake, f_startedAt: '2026-03-29T02:30+01:00' });
    expect(textOf(form.card)).toContain('First 15 minutes');
  });

  // A service desk is not held up by an hour that came twice: the first 02:30 is taken (the longer outage, the wider trace window), and the card says so.
  test('02:30 on 25 October 2026 in Europe/Berlin (clocks go back 03:00 -> 02:00) is taken as the first 02:30, and the card says so', async () => {
    const bot = experienceBot({ now: at('2026-10-25T10:00:00.000Z') });
    const { id, card } = await openIncident(bot, { ...intake, f_startedAt: '2026-10-25T02:30' });
    const incident = (await bot.service.get(id))!;
    expect(incident.intake.startedAt).toBe('2026-10-25T02:30');
    expect(toUtc('2026-10-25T02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    const said = 'When it started 2026-10-25 02:30 happened twice (clocks went back): taken as the first (UTC+02:00); the second is 2026-10-25 02:30+01:00';
    expect(unescapeMarkdown(textOf(card))).toContain(said);
    expect(incident.audit.some((e) => e.detail?.includes(said))).toBe(true);
    expect(draftSummary(bot.service.runbookOf(incident), incident, '2026-10-25T10:00:00.000Z').impact).toContain('from 02:30 until 11:00 Europe/Berlin');
    // The second 02:30, typed with its offset, is read as typed.
    const later = experienceBot({ now: at('2026-10-25T10:00:00.000Z') });
    const second = await openIncident(later, { ...intake, f_startedAt: '2026-10-25T02:30+01:00' });
    const stored = (await later.service.get(second.id))?.intake.startedAt;
    expect(stored).toBe('2026-10-25T02:30+01:00');
    expect(toUtc(stored!, 'Europe/Berlin')?.toISOString()).toBe('2026-10-25T01:30:00.000Z');
    expect(unescapeMarkdown(textOf(second.card))).not.toContain('happened twice');
  });

  test('a subject of 501 emoji is refused counting characters, and the whole subject comes back in its box', async () => {
    const bot = experienceBot({ now: () => new Date(T0) });
    const subject = '😀'.repeat(501);
    const { card } = await openIncident(bot, { ...intake, f_subject: subject });
    expect(textOf(card)).toContain('Subject is too long: 501 characters, at most 500');
    expect(inputValue(card, 'f_subject')).toBe(subject);
    expect(flagged(card)).toEqual(['f_subject']);
  });

  /** The input with this id and the element right after it in the same list (where a "not kept in full" line goes). */
  const inputAndNext = (card: unknown, id: string) => {
    for (const n of nodes(card)) {
      for (const list of Object.values(n).filter(Array.isArray) as unknown[][]) {
        const i = list.findIndex((e) => (e as { id?: unknown })?.id === id);
        if (i >= 0) return { input: list[i] as Record<string, unknown>, next: list[i + 1] as Record<string, unknown> | undefined };
      }
    }
    return { input: undefined, next: undefined };
  };

  // Was a defect: keepTyped (src/cards/keep-typed.ts) dropped the longest typed value when the refused card was over 24 KB, silently: a pasted command output within the box's own 10,000 was gone.
  test('a 9,999-character command output (its box takes 10,000) refused for a bad trace id comes back as far as the card has room, and the card says so at the box', async () => {
    const bot = experienceBot({ now: () => new Date(T0) });
    const { cardId, card } = await openIncident(bot);
    const row = 'Received : 11/24/2026 08:31:02 Sender : o\'brien@contoso.com Status : Failed Detail : "550 5.7.1" C:\\Logs\\trace.csv\n';
    const output = row.repeat(100).slice(0, 9_999);
    const record = actionsOf(card).find((a) => a.verb === verbs.recordResult)!;
    const refused = await bot.click(record.verb, { ...record.data, starterId: 'message-trace', output, f_messageTraceId: 'not-a-guid' }, cardId);
    expect(textOf(refused.card)).toContain('Message trace id is not a GUID');
    expect(cardBytes(refused.card)).toBeLessThanOrEqual(cardBudgetBytes);
    const { input, next } = inputAndNext(refused.card, 'output');
    const kept = String(input?.value ?? '');
    expect(output.startsWith(kept)).toBe(true);
    if (kept !== output) {
      expect(kept.length).toBeGreaterThan(1_000);
      expect(next).toMatchObject({ type: 'TextBlock', color: 'attention' });
      expect(unescapeMarkdown(String(next?.text))).toBe(
        `⚠ Not kept in full: you sent 9999 characters and this card has room for the first ${kept.length} (a card holds at most 24 KB). Paste it again in full before you send.`,
      );
    }
    expect(inputValue(refused.card, 'f_messageTraceId')).toBe('not-a-guid');
  });

  // Was a defect: the intake's free-text boxes lost their maxLength, but typedInputs/keepTyped silently dropped a value over 20,000 characters (or over the budget): a 25,000-character NDR paste came back as an empty box, without a word.
  test('a 25,000-character NDR paste is refused, and the card keeps as much as fits and says at the box that it was not kept in full', async () => {
    const bot = experienceBot({ now: () => new Date(T0) });
    const ndr = 'Remote Server returned 550 5.7.1 '.repeat(800).slice(0, 25_000);
    const { card } = await openIncident(bot, { ...intake, f_ndrText: ndr });
    expect(textOf(card)).toContain('too long: 25000 characters, at most 4000');
    expect(cardBytes(card)).toBeLessThanOrEqual(cardBudgetBytes);
    const { input, next } = inputAndNext(card, 'f_ndrText');
    const kept = String(input?.value ?? '');
    expect(kept.length).toBeGreaterThan(4_000);
    expect(ndr.startsWith(kept)).toBe(true);
    expect(String(input?.label)).toMatch(/^⚠ /);
    expect(unescapeMarkdown(String(next?.text))).toBe(
      `⚠ Not kept in full: you sent 25000 characters and this card has room for the first ${kept.length} (a card holds at most 24 KB). Shorten it and send again.`,
    );
    // The limit that applies is under the same box.
    expect(textOf(card)).toContain('Up to 4000 characters.');
    for (const [field, value] of Object.entries(intake).filter(([f]) => f !== 'f_ndrText'))
      expect({ field, value: inputValue(card, field) }).toEqual({ field, value });
  });
});

describe('the handover picker', () => {
  test("the bot's own id, an unknown email in capitals with spaces and a malformed box: each refused in words, the owner unchanged", async () => {
    const bot = experienceBot({ now: () => new Date(T0) });
    const { id } = await openIncident(bot);
    const asked = await bot.say('handover');
    const cardId = asked.replies.at(-1)!.id!;
    const pick = actionsOf(lastCard(asked)).find((a) => a.verb === verbs.handoverPick)!;
    const cases: [Record<string, unknown>, string][] = [
      [{ known: 'runbook-bot' }, 'I do not know who runbook-bot is yet'],
      [{ email: '  Nobody.Here@Contoso.COM ' }, 'I do not know who nobody.here@contoso.com is yet'],
      [{ email: { value: 'a@b.com' } }, 'This card action has missing or malformed values (email).'],
      [{ person: `${'a'.repeat(10_000)}` }, 'This card action has missing or malformed values (person).'],
    ];
    for (const [choice, words] of cases) {
      const answer = await bot.click(pick.verb, { ...pick.data, ...choice }, cardId);
      expect(answer.status).toBe(200);
      expect(unescapeMarkdown(textOf(answer.card))).toContain(words);
    }
    expect(inputValue((await bot.click(pick.verb, { ...pick.data, email: '  Nobody.Here@Contoso.COM ' }, cardId)).card, 'email')).toBe(
      '  Nobody.Here@Contoso.COM ',
    );
    expect((await bot.service.get(id))?.owner).toEqual({ id: people.staff.aadObjectId, name: 'Sam Staff' });
  });

  // Defect: handover is not a strict-version command (src/incident/commands.ts), so a pick on a stale card ("Owner now: Sam Staff") silently undoes a handover made since.
  test('a pick on a handover card shown before someone else took the incident over does not silently undo that', async () => {
    const bot = experienceBot({ now: () => new Date(T0) });
    const { id } = await openIncident(bot, intake, room);
    const asked = await bot.say('handover', people.staff, room);
    const cardId = asked.replies.at(-1)!.id!;
    const pick = actionsOf(lastCard(asked)).find((a) => a.verb === verbs.handoverPick)!;
    const mention = { entities: [{ type: 'mention', mentioned: { id: people.riley.id, name: people.riley.name }, text: '<at>Riley Responder</at>' }] };
    await bot.fire(makeMessage('handover <at>Riley Responder</at>', people.riley, room, mention));
    expect((await bot.service.get(id))?.owner.name).toBe('Riley Responder');

    const stale = await bot.click(pick.verb, { ...pick.data, person: people.staff.aadObjectId }, cardId, people.staff, room);
    const owner = (await bot.service.get(id))?.owner.name;
    expect(owner === 'Riley Responder' || textOf(stale.card).includes('Riley Responder')).toBe(true);
  });
});

describe('act as (dev only)', () => {
  const bot = { id: `28:${PLAYGROUND.bot.id}`, name: PLAYGROUND.bot.name };
  const { sam, alex } = PLAYGROUND_USERS;
  const approvers = { id: PLAYGROUND.groupChat.id, conversationType: 'groupChat' };
  const chat = { id: PLAYGROUND.personalChat.id, conversationType: 'personal' };
  let n = 0;
  const body = (type: 'message' | 'invoke', conversation: { id: string; conversationType: string }, text?: string) => ({
    type,
    id: `x-${++n}`,
    ...(text !== undefined ? { text } : {}),
    from: { id: sam.id, name: sam.name, aadObjectId: sam.aadObjectId },
    recipient: bot,
    conversation,
  });

  test('"ME " stops, lookalike names are refused in words, and acting in one chat never leaks into the personal chat', async () => {
    const answered: string[] = [];
    const reached: Record<string, unknown>[] = [];
    const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, with: () => quiet };
    const wrapped = withActAs({ process: async (req) => void reached.push(req.body as Record<string, unknown>) } as ActivityProcessor, {
      appId: undefined,
      log: quiet,
      answer: (text) => ({ process: async () => void answered.push(text) }),
    });
    const send = (b: unknown) => wrapped.process({ body: b, socket: { remoteAddress: '127.0.0.1' } } as unknown as restify.Request, {} as restify.Response);

    await send(body('message', approvers, 'act as alex'));
    await send(body('invoke', chat));
    expect(reached.at(-1)?.from).toMatchObject({ id: sam.id });
    await send(body('invoke', approvers));
    expect(reached.at(-1)?.from).toMatchObject({ id: alex.id });
    for (const lookalike of ['ａｌｅｘ', '\u0430lex', 'alex\u200b']) {
      await send(body('message', chat, `act as ${lookalike}`));
      expect(answered.at(-1)).toMatch(/^Nobody called "/);
    }
    await send(body('message', approvers, 'act as ME '));
    expect(answered.at(-1)).toContain('Stopped acting as Alex Approver');
    await send(body('invoke', approvers));
    expect(reached.at(-1)?.from).toMatchObject({ id: sam.id });
  });
});

describe('pure helpers the cards and the chat pack rely on', () => {
  test('readable colours: a TextBlock whose text is not a string is recoloured, its text untouched, nothing thrown', () => {
    const card = {
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', color: 'good', text: 42 },
        { type: 'TextBlock', color: 'warning', text: { a: 1 } },
        { type: 'TextBlock', color: 'warning' },
      ],
    };
    expect(withReadableColors(card as never).body).toEqual([
      { type: 'TextBlock', color: 'default', weight: 'Bolder', text: 42 },
      { type: 'TextBlock', color: 'default', weight: 'Bolder', text: { a: 1 } },
      { type: 'TextBlock', color: 'default', weight: 'Bolder' },
    ]);
  });

  // Defect: `element.color in marks` (src/cards/readable-colors.ts) finds Object.prototype keys, so a colour "toString" prefixes the text with a function's source (no user input reaches it today).
  test('readable colours: a colour named like an Object.prototype key leaves the text as it is', () => {
    const card = withReadableColors({ type: 'AdaptiveCard', body: [{ type: 'TextBlock', color: 'toString', text: 'Checks ran' }] } as never);
    expect((card.body as { text: string }[])[0].text).toBe('Checks ran');
  });

  test('the chat pack: escaped pipes, backslashes and <br> in a cell stay in that row, as written', () => {
    const md = [
      '| | |',
      '| --- | --- |',
      '| Owner | Sam \\\\ Staff |',
      '| Path | C:\\\\share\\\\ \\| x |',
      '| Closed | cancelled: line one<br>line two |',
    ].join('\n');
    expect(chatFriendly(md)).toBe(
      ['- **Owner**: Sam \\\\ Staff', '- **Path**: C:\\\\share\\\\ \\| x', '- **Closed**: cancelled: line one<br>line two'].join('\n'),
    );
  });

  test("the summary's time range is in the reporter's zone, a start typed with its own offset included; an end before it is never claimed", () => {
    const start = toUtc('2026-11-24T08:30+05:30', 'Europe/Berlin')!;
    expect(timeRange(start, new Date('2026-11-24T12:00:00Z'), 'Europe/Berlin')).toBe('on 2026-11-24 from 04:00 until 13:00 Europe/Berlin');
    expect(timeRange(new Date('2026-03-28T23:30:00Z'), new Date('2026-03-29T10:00:00Z'), 'Europe/Berlin')).toBe(
      'on 2026-03-29 from 00:30 until 12:00 Europe/Berlin',
    );
    expect(timeRange(new Date('2026-11-24T12:00:00Z'), new Date('2026-11-24T11:00:00Z'), '-12:00')).toBe('since 2026-11-24 00:00 UTC-12:00');
  });
});
