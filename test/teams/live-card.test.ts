import { verbs } from '../../src/cards/verbs';
import { movedStub } from '../../src/app/incident-cards';
import { type Card, Driver, actionsOf, textOf } from '../helpers/card-driver';
import { makeMessage } from '../helpers/activities';
import { conversations, makeBotHarness, people } from '../helpers/teams-fakes';

// One live incident card per conversation: a typed command's new card replaces the older one with a stub, and the
// card's "Latest activity" shows what was just done (a note with its text, angle brackets kept).

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

const cardsIn = (replies: { attachments?: { content: unknown }[] }[]) => replies.flatMap((r) => (r.attachments ?? []).map((a) => a.content as Card));
const stubText = textOf(movedStub('X'));

async function openToTriage(d: Driver) {
  const picker = await d.sayForCard('start');
  const intakeCard = await d.click(picker, verbs.pickRunbook, { runbookId: seedId });
  const triage = await d.click(intakeCard, verbs.submitIntake, {}, intake);
  const id = actionsOf(triage)
    .map((a) => a.data.incidentId)
    .find((v) => typeof v === 'string') as string;
  return { triage, id };
}

describe('one live incident card per conversation', () => {
  test('a typed note posts the current card with the note on it, and the clicked card turns into a stub', async () => {
    const h = makeBotHarness();
    const d = new Driver(h.adapter, h.deliverer);
    const { id } = await openToTriage(d);
    const before = await h.records.incidentCard(id);
    expect(before?.activityId).toBe('card-1');

    const replies = await d.say('note message id <CAF999@mail.fabrikam.com> bounced');
    const [card] = cardsIn(replies as never);
    expect(textOf(card)).toContain('Latest activity');
    // Escaped for the TextBlock (so Teams shows the brackets), never stripped.
    expect(textOf(card)).toContain('Sam Staff added a note: message id \\<CAF999@mail.fabrikam.com\\> bounced');

    const stubbed = h.recorded.updates.filter((u) => u.activityId === 'card-1');
    expect(stubbed).toHaveLength(1);
    const stub = stubbed[0].activity.attachments?.[0].content;
    expect(textOf(stub)).toContain(`${id} · this card moved below`);
    expect(actionsOf(stub)).toEqual([]);
    const now = await h.records.incidentCard(id);
    expect(now?.activityId).not.toBe('card-1');
  });

  test('every later typed command moves the live card down again: exactly one card has buttons', async () => {
    const h = makeBotHarness();
    const d = new Driver(h.adapter, h.deliverer);
    const { id } = await openToTriage(d);
    const posted: string[] = ['card-1'];
    for (const text of ['note first', 'status', 'note second']) {
      await d.say(text);
      const live = await h.records.incidentCard(id);
      expect(live).toBeDefined();
      expect(posted).not.toContain(live?.activityId);
      posted.push(live!.activityId);
    }
    // Each earlier card was replaced by the stub exactly once; the newest one was never touched.
    const stubbedIds = h.recorded.updates.filter((u) => textOf(u.activity.attachments?.[0].content) === stubText.replace(/X/g, id)).map((u) => u.activityId);
    expect(stubbedIds.sort()).toEqual(posted.slice(0, -1).sort());
  });

  test('a note typed in another conversation leaves the incident conversation alone', async () => {
    const h = makeBotHarness();
    const d = new Driver(h.adapter, h.deliverer);
    const { id } = await openToTriage(d);
    const replies = await d.send(makeMessage(`note ${id} seen from the approvers' chat`, people.staff, conversations.approvers));
    expect(replies.length).toBeGreaterThan(0);
    expect(h.recorded.updates.filter((u) => u.activityId === 'card-1' && textOf(u.activity.attachments?.[0].content).includes('moved below'))).toEqual([]);
    expect((await h.records.incidentCard(id))?.activityId).toBe('card-1');
  });

  test('the timeline shows the newest three at once and the rest behind a toggle', async () => {
    const h = makeBotHarness();
    const d = new Driver(h.adapter, h.deliverer);
    await openToTriage(d);
    for (let i = 1; i <= 5; i++) await d.say(`note number ${i}`);
    const [card] = cardsIn((await d.say('status')) as never);
    const text = textOf(card);
    const order = ['note: number 5', 'note: number 4', 'note: number 3'].map((n) => text.indexOf(n));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const json = JSON.stringify(card);
    expect(json).toContain('"type":"Action.ToggleVisibility"');
    expect(json).toMatch(/"title":"Earlier activity \(\d+\)"/);
    expect(json).toMatch(/\{\{TIME\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)\}\}/);
  });
});
