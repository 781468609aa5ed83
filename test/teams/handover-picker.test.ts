import { type Activity, TurnContext } from 'botbuilder';
import { cardBytes, pickerDatasets, renderHandoverCard, verbs } from '../../src/cards';
import { helpText } from '../../src/app/help-text';
import type { Request } from '../../src/app/request';
import { verifyAudit } from '../../src/incident/audit';
import { knownPeople } from '../../src/incident/people';
import type { Incident } from '../../src/incident/types';
import { parseCardAction } from '../../src/teams/action-parsing';
import { cardRequest } from '../../src/teams/activity-request';
import { makeInvoke } from '../helpers/activities';
import { Driver, findAction, textOf } from '../helpers/card-driver';
import { executeActions, inputs, nodes, parserProblems, unescapeMarkdown } from '../helpers/card-checks';
import { actors, cmd, drive, incidentAt, makeIncident } from '../helpers/incident-builders';
import { expectRefusal } from '../helpers/refusal-checks';
import { conversations, makeBotHarness, people } from '../helpers/teams-fakes';

// Issue 14 item 8: handover from a personal chat, where there is nobody to @mention. "handover" alone answers with
// the handover card (Teams people picker, the people the incident names, an email box); its button hands over.

const room = { id: '19:staff-room@thread.v2', conversationType: 'groupChat', isGroup: true };
const seedId = 'exchange-online-mail-flow-failure';
const intake = {
  f_affectedUsers: 'Finance department shared mailbox',
  f_scope: 'department',
  f_startedAt: '2026-11-24T08:30',
  f_timeZone: 'Europe/Berlin',
  f_sender: 'obrien@contoso.com',
  f_recipient: 'payables@fabrikam.com',
  f_subject: 'Invoice 4711',
  f_ndrText: 'Remote Server returned 550 5.7.1 Delivery not authorized',
  f_regulatedData: 'no',
  f_highPriorityUser: 'no',
};

type Node = Record<string, unknown>;
const inputById = (card: unknown, id: string): Node | undefined => inputs(card).find((i) => i.id === id);
/** The card's text as a reader sees it (Markdown escapes of user text removed). */
const shown = (card: unknown) => unescapeMarkdown(textOf(card));

/**
 * What the adaptivecards 3.0.6 parser says about the Teams people picker in a 1.5 card, and only that: Teams renders
 * `choices.data` in cards that declare 1.5 (docs/platform-facts.md); an empty static list is how Microsoft writes it.
 */
const pickerOnly = [
  'parse UnsupportedProperty: Property "choices.data" is supported in version 1.6, but you are using version 1.5.',
  'validate CollectionCantBeEmpty: An Input.ChoiceSet must have at least one choice defined.',
];

/** An incident where Alex Approver decided an approval (so the incident names them), owned by Sam, in Sam's personal chat. */
const withApprover = (): Incident => incidentAt('validation');

async function seeded(incident: Incident) {
  const h = makeBotHarness();
  await h.store.create(incident);
  return { h, d: new Driver(h.adapter, h.deliverer) };
}

async function opened(conversation = conversations.personal) {
  const h = makeBotHarness();
  const d = new Driver(h.adapter, h.deliverer);
  const picker = await d.sayForCard('start', people.staff, conversation);
  const intakeCard = await d.click(picker, verbs.pickRunbook, { runbookId: seedId }, {}, people.staff, conversation);
  const triage = await d.click(intakeCard, verbs.submitIntake, {}, intake, people.staff, conversation);
  const id = String(findAction(triage, verbs.show).data.incidentId);
  return { h, d, id };
}

describe('the handover card', () => {
  test('personal chat: the picker searches the organisation; the list offers the people the incident names, not the owner', () => {
    const incident = withApprover();
    const card = renderHandoverCard(incident, 'organisation', knownPeople(incident));
    expect(textOf(card)).toContain(`Hand over ${incident.id} to whom?`);
    expect(textOf(card)).toContain('Owner now: Sam Staff. The person you choose becomes the owner.');
    expect(textOf(card)).toContain('or mention them in a channel or group chat: handover @name');
    expect(inputById(card, 'person')).toEqual({
      type: 'Input.ChoiceSet',
      id: 'person',
      label: 'Find the person who takes over',
      placeholder: 'Type a name',
      isMultiSelect: false,
      choices: [],
      'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
    });
    expect(inputById(card, 'known')).toMatchObject({
      type: 'Input.ChoiceSet',
      style: 'compact',
      choices: [{ title: 'Alex Approver', value: actors.approver1.id }],
    });
    expect(inputById(card, 'email')).toMatchObject({
      type: 'Input.Text',
      style: 'email',
      maxLength: 254,
      label: 'Or type their email address or user name (UPN)',
    });
    const [handover, back] = executeActions(card);
    expect(handover).toMatchObject({
      title: 'Hand over',
      verb: 'handover.pick',
      data: { incidentId: incident.id, version: incident.version, actionKey: `${incident.id}:${incident.version}:handover.pick` },
    });
    expect(back).toMatchObject({
      title: 'Back to the incident',
      verb: 'incident.show',
      associatedInputs: 'none',
      data: { incidentId: incident.id, version: incident.version },
    });
  });

  test('channel or group chat: the picker searches the members of the conversation', () => {
    const card = renderHandoverCard(makeIncident(), 'conversation', []);
    expect((inputById(card, 'person')?.['choices.data'] as Node).dataset).toBe('graph.microsoft.com/users?scope=currentContext');
    expect(pickerDatasets).toEqual({ organisation: 'graph.microsoft.com/users', conversation: 'graph.microsoft.com/users?scope=currentContext' });
    // Nobody but the owner known: no empty list, the picker and the email box remain.
    expect(inputById(card, 'known')).toBeUndefined();
    expect(inputs(card).map((i) => i.id)).toEqual(['person', 'email']);
  });

  test('is a valid 1.5 card whose actions parse, with names shown as plain text, well under the size limit', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      id: `b${String(i).padStart(7, '0')}-0000-4000-8000-000000000000`,
      name: `Person ${i} *bold* \u202eevil ${'x'.repeat(300)}`,
    }));
    const incident = withApprover();
    for (const card of [
      renderHandoverCard(incident, 'organisation', knownPeople(incident)),
      renderHandoverCard(incident, 'conversation', many, { text: 'Refused: **why**', tone: 'attention' }),
      renderHandoverCard(incident, 'organisation', [], { text: 'Saved', tone: 'good' }),
    ]) {
      expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
      expect(parserProblems(card)).toEqual(pickerOnly);
      expect(cardBytes(card)).toBeLessThan(24 * 1024);
      expect(JSON.stringify(card)).not.toMatch(/\$\{|"\$(when|data)"/);
      const types = nodes(card)
        .map((n) => n.type)
        .filter((t): t is string => typeof t === 'string' && t.startsWith('Action.'));
      expect(types).toEqual(['Action.Execute', 'Action.Execute']);
      // Green and yellow text do not read on white (Teams' and the Playground's host config).
      expect(nodes(card).filter((n) => n.type === 'TextBlock' && (n.color === 'good' || n.color === 'warning'))).toEqual([]);
      const parsed = executeActions(card).map(
        (a) => parseCardAction({ action: { type: 'Action.Execute', verb: a.verb, data: { ...a.data, known: actors.approver1.id } } }).kind,
      );
      expect(parsed).toEqual(['handoverPick', 'show']);
    }
    const choices = inputById(renderHandoverCard(incident, 'conversation', many), 'known')?.choices as { title: string }[];
    expect(choices).toHaveLength(25);
    expect(choices[0].title).toBe(`Person 0 *bold* \uFFFDevil ${'x'.repeat(57)}…`);
  });
});

describe('parsing the button', () => {
  const meta = { incidentId: 'INC-20261124-001', version: 4, actionKey: 'INC-20261124-001:4:handover.pick' };
  const parse = (data: Record<string, unknown>) =>
    parseCardAction({ action: { type: 'Action.Execute', verb: verbs.handoverPick, data: { ...meta, ...data } } });

  test('the picker first (an Entra object id), then the list, then the box (email, id or name)', () => {
    expect(parse({ person: 'A6000000-0000-4000-8000-000000000006', known: actors.approver1.id, email: 'x@contoso.com' })).toEqual({
      kind: 'handoverPick',
      incidentId: meta.incidentId,
      version: 4,
      key: meta.actionKey,
      who: { kind: 'id', id: 'a6000000-0000-4000-8000-000000000006' },
      typed: { person: 'A6000000-0000-4000-8000-000000000006', known: actors.approver1.id, email: 'x@contoso.com' },
    });
    expect(parse({ person: '', known: '29:riley', email: '' })).toMatchObject({ who: { kind: 'id', id: '29:riley' } });
    expect(parse({ email: ' Riley@Contoso.com ' })).toMatchObject({ who: { kind: 'email', email: 'riley@contoso.com' } });
    expect(parse({ email: 'riley  responder' })).toMatchObject({ who: { kind: 'name', name: 'riley responder' } });
    expect(parse({})).toMatchObject({ who: { kind: 'none' } });
    expect(parse({ email: 'riley@' })).toMatchObject({
      who: { kind: 'unreadable', input: 'email', words: 'That is not an email address: type it as name@contoso.com.' },
    });
    expect(parse({ person: 'a6000000-0000-4000-8000-000000000006,a1000000-0000-4000-8000-000000000001' })).toMatchObject({
      who: { kind: 'unreadable', input: 'person' },
    });
  });

  test('hostile payloads come back as words, never throw', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ person: 12345 }, 'This card action has missing or malformed values (person).'],
      [{ person: 'a'.repeat(10_000) }, 'This card action has missing or malformed values (person).'],
      [{ known: { id: 'x' } }, 'This card action has missing or malformed values (known).'],
      [{ email: ['a@b.com'] }, 'This card action has missing or malformed values (email).'],
      [{ email: `${'a'.repeat(10_000)}@contoso.com` }, 'This card action has missing or malformed values (email).'],
      [{ version: 'x' }, 'This card is missing its incident id, version or key.'],
    ];
    for (const [data, words] of cases) expect(parse(data)).toEqual({ kind: 'invalid', message: words, incidentId: meta.incidentId });
  });
});

describe('handover from the personal chat', () => {
  test('"handover" alone answers with the card; a person picked on it takes over, the audit and the chat say so', async () => {
    const incident = withApprover();
    const { h, d } = await seeded(incident);
    const card = await d.sayForCard('handover');
    expect(textOf(card)).toContain(`Hand over ${incident.id} to whom?`);
    expect((inputById(card, 'person')?.['choices.data'] as Node).dataset).toBe('graph.microsoft.com/users');
    expect(inputById(card, 'known')?.choices).toEqual([{ title: 'Alex Approver', value: actors.approver1.id }]);

    // The picker returns the person's Entra object id; the incident knows Alex Approver's name.
    const answer = await d.click(card, verbs.handoverPick, {}, { person: actors.approver1.id.toUpperCase(), known: '', email: '' });
    expect(textOf(answer)).toContain('Handed over');
    expect(textOf(answer)).toContain(`${incident.id} is now owned by Alex Approver.`);
    const after = (await h.service.get(incident.id)) as Incident;
    expect(after.owner).toEqual({ id: actors.approver1.id, name: 'Alex Approver' });
    expect(after.audit.at(-1)).toMatchObject({
      kind: 'change',
      actor: { id: actors.staff.id, name: 'Sam Staff' },
      what: 'handed over to Alex Approver',
      detail: 'from Sam Staff',
    });
    expect(verifyAudit(after.audit)).toEqual({ ok: true, entries: after.audit.length });
    // The incident card is brought up to date by the deliverer; the chat is told.
    const sent = h.recorded.sends.filter((s) => s.conversationId === conversations.personal.id);
    expect(sent.map((s) => s.activity.text ?? '').join('\n')).toContain(`Sam Staff handed ${incident.id} over to Alex Approver.`);
    expect(sent.some((s) => textOf(s.activity.attachments?.[0]?.content).includes('Owner: Alex Approver'))).toBe(true);
  });

  test('a person the bot cannot name is recorded by id, and the answer says so', async () => {
    const { h, d, id } = await opened();
    const card = await d.sayForCard('handover');
    const answer = await d.click(card, verbs.handoverPick, {}, { person: people.riley.aadObjectId });
    const name = `the person chosen (id ${people.riley.aadObjectId})`;
    expect(shown(answer)).toContain(`${id} is now owned by ${name}. I could not look up their name here, so the incident shows them as "${name}".`);
    expect((await h.service.get(id))?.owner).toEqual({ id: people.riley.aadObjectId, name });
  });

  test('someone from the list: the person taking it over themself, after a handover by mention', async () => {
    const { h, d, id } = await opened();
    const mention = { entities: [{ type: 'mention', mentioned: { id: people.riley.id, name: people.riley.name }, text: '<at>Riley Responder</at>' }] };
    await d.send((await import('../helpers/activities')).makeMessage('handover <at>Riley Responder</at>', people.staff, conversations.personal, mention));
    expect((await h.service.get(id))?.owner.name).toBe('Riley Responder');
    const card = await d.sayForCard('handover');
    expect(inputById(card, 'known')?.choices).toEqual([{ title: 'Sam Staff', value: people.staff.aadObjectId }]);
    const answer = await d.click(card, verbs.handoverPick, {}, { known: people.staff.aadObjectId });
    expect(textOf(answer)).toContain(`${id} is now owned by Sam Staff.`);
    expect((await h.service.get(id))?.owner).toEqual({ id: people.staff.aadObjectId, name: 'Sam Staff' });
  });

  test('an email nobody knows is refused in words, on the card, with what was typed kept and the box marked', async () => {
    const { h, d, id } = await opened();
    const card = await d.sayForCard('handover');
    const before = (await h.service.get(id)) as Incident;
    const answer = await d.click(card, verbs.handoverPick, {}, { email: 'Nobody.Here@Contoso.com' });
    expect(textOf(answer)).toContain(`Hand over ${id} to whom?`);
    expect(textOf(answer)).toContain(
      'I do not know who nobody.here@contoso.com is yet: pick them in the people search, choose someone from the list, or mention them in a channel or group chat: handover @name. Nothing was changed.',
    );
    expect(inputById(answer, 'email')).toMatchObject({ value: 'Nobody.Here@Contoso.com', label: '⚠ Or type their email address or user name (UPN)' });
    expect(findAction(answer, verbs.handoverPick).data).toMatchObject({ incidentId: id, version: before.version });
    expectRefusal(before, (await h.service.get(id)) as Incident, people.staff.aadObjectId, 'refused: hand over — unknown person');
  });

  test('a name the incident does not know, or nothing chosen, is refused in words with the card back', async () => {
    const { h, d, id } = await opened();
    const card = await d.sayForCard('handover');
    const unknown = await d.click(card, verbs.handoverPick, {}, { email: 'Riley Responder' });
    expect(textOf(unknown)).toContain('I do not know who "Riley Responder" is yet:');
    expect(inputById(unknown, 'email')?.value).toBe('Riley Responder');
    const nothing = await d.click(card, verbs.handoverPick, {}, { person: '', email: '  ' });
    expect(textOf(nothing)).toContain(
      'Choose the person who takes over: pick them in the people search, choose someone from the list, or type their email address. Nothing was changed.',
    );
    expect((await h.service.get(id))?.owner.name).toBe('Sam Staff');
  });

  test('a refused handover (to the owner) keeps the chosen person on the card', async () => {
    const { h, d, id } = await opened();
    const card = await d.sayForCard('handover');
    const before = (await h.service.get(id)) as Incident;
    const answer = await d.click(card, verbs.handoverPick, {}, { person: people.staff.aadObjectId, email: 'typed@contoso.com' });
    expect(textOf(answer)).toContain('Sam Staff already owns this incident.');
    expect(textOf(answer)).toContain(`Hand over ${id} to whom?`);
    expect(inputById(answer, 'person')?.value).toBe(people.staff.aadObjectId);
    expect(inputById(answer, 'email')?.value).toBe('typed@contoso.com');
    expectRefusal(before, (await h.service.get(id)) as Incident, people.staff.aadObjectId, 'refused: hand over — invalid input');
  });

  test('a hostile payload through the bot is answered in words and changes nothing', async () => {
    const { h, d, id } = await opened();
    const card = await d.sayForCard('handover');
    const version = (await h.service.get(id))?.version;
    for (const inputs of [{ person: 12345 }, { person: 'a'.repeat(10_000) }, { known: 'x'.repeat(10_000) }, { email: null }]) {
      const answer = await d.click(card, verbs.handoverPick, {}, inputs);
      expect(shown(answer)).toMatch(/This card action has missing or malformed values \((person|known|email)\)\./);
    }
    const after = (await h.service.get(id)) as Incident;
    expect(after.owner.name).toBe('Sam Staff');
    expect(after.version).toBe(version);
  });

  test('an outsider clicking the card from another conversation is refused, nothing changes', async () => {
    const { h, d, id } = await opened();
    const card = await d.sayForCard('handover');
    const answer = await d.click(card, verbs.handoverPick, {}, { known: people.outsider.aadObjectId }, people.outsider, {
      id: 'a:personal-olive',
      conversationType: 'personal',
    });
    expect(textOf(answer)).toContain(`${id} is worked on in another conversation`);
    expect((await h.service.get(id))?.owner.name).toBe('Sam Staff');
  });
});

describe('handover in a group chat', () => {
  test('the card searches the chat members; an email is looked up in the roster and handed over by name', async () => {
    const { h, d, id } = await opened(room);
    const card = await d.sayForCard('handover', people.staff, room);
    expect((inputById(card, 'person')?.['choices.data'] as Node).dataset).toBe('graph.microsoft.com/users?scope=currentContext');
    const data = { ...findAction(card, verbs.handoverPick).data, email: 'riley@contoso.com' };
    const request: Request = cardRequest(makeInvoke(verbs.handoverPick, data, people.staff, room) as Activity);
    const asked: unknown[] = [];
    const answer = await h.pipeline.handle({
      ...request,
      people: async (who) => {
        asked.push(who);
        return 'email' in who && who.email === 'riley@contoso.com' ? { id: people.riley.aadObjectId, name: 'Riley Responder' } : undefined;
      },
    });
    expect(asked).toEqual([{ email: 'riley@contoso.com' }]);
    expect(textOf(answer.card)).toContain(`${id} is now owned by Riley Responder.`);
    expect((await h.service.get(id))?.owner).toEqual({ id: people.riley.aadObjectId, name: 'Riley Responder' });
  });

  test('the roster is asked only where there is one, and a failed lookup is "not found", never an error', async () => {
    const h = makeBotHarness();
    const data = { incidentId: 'INC-20261124-001', version: 2, actionKey: 'k', person: people.riley.aadObjectId };
    const inRoom = makeInvoke(verbs.handoverPick, data, people.staff, room) as Activity;
    const inPersonal = makeInvoke(verbs.handoverPick, data) as Activity;
    expect(cardRequest(inPersonal, new TurnContext(h.adapter, inPersonal)).people).toBeUndefined();
    expect(cardRequest(inRoom).people).toBeUndefined();
    const lookup = cardRequest(inRoom, new TurnContext(h.adapter, inRoom)).people;
    expect(lookup).toBeDefined();
    await expect(lookup?.({ id: people.riley.aadObjectId })).resolves.toBeUndefined();
  });
});

test('the help text names the personal-chat way', () => {
  expect(helpText).toContain('**handover** @person — hand the incident over; **handover** alone (e.g. in a personal chat) shows a card to pick the person');
});

test('the people an incident names: first appearance first, latest name, the excluded left out', () => {
  const renamed = drive(
    makeIncident(),
    cmd('addNote', { text: 'hi' }, { actor: { id: actors.staff2.id, name: 'Riley R.' } }),
    cmd('addNote', { text: 'again' }, { actor: actors.staff2 }),
  );
  expect(knownPeople(renamed)).toEqual([actors.staff, actors.staff2]);
  expect(knownPeople(renamed, new Set([actors.staff.id]))).toEqual([actors.staff2]);
});
