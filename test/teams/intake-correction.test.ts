import { verbs } from '../../src/cards/verbs';
import { Driver, actionsOf, textOf } from '../helpers/card-driver';
import { conversations, makeBotHarness } from '../helpers/teams-fakes';

// Intake after triage changes only through the card's explicit "Correct the intake" step (issue 13 item 10).

const intake = {
  f_affectedUsers: 'Finance department shared mailbox',
  f_scope: 'department',
  f_startedAt: '2026-11-24T08:30',
  f_timeZone: 'Europe/Berlin',
  f_sender: 'obrien@contoso.com',
  f_recipient: 'payables@fabrikam.com',
  f_subject: 'Invoice 4711',
  f_regulatedData: 'no',
  f_highPriorityUser: 'no',
};

test('the triage card offers "Correct the intake": the form prefilled, a bad value refused with what was typed kept, a good one saved and audited', async () => {
  const h = makeBotHarness();
  const d = new Driver(h.adapter, h.deliverer);
  const picker = await d.sayForCard('start');
  const form = await d.click(picker, verbs.pickRunbook, { runbookId: 'exchange-online-mail-flow-failure' });
  const triage = await d.click(form, verbs.submitIntake, {}, intake);
  expect(actionsOf(triage).find((a) => a.verb === verbs.editIntake)?.title).toBe('Correct the intake');
  const correction = await d.click(triage, verbs.editIntake);
  expect(textOf(correction)).toContain('Correcting the intake: the severity is graded again');
  expect(JSON.stringify(correction)).toContain('"value":"payables@fabrikam.com"');
  // A bad correction comes back as the correction form with what was typed; nothing changes.
  const refused = await d.click(correction, verbs.correctIntake, {}, { ...intake, f_recipient: 'accounts@' });
  expect(textOf(refused)).toContain('Correcting the intake');
  expect(JSON.stringify(refused)).toContain('"value":"accounts@"');
  const [id] = await h.service.openIn(conversations.personal.id);
  const before = (await h.service.get(id))!;
  expect(before.intake.recipient).toBe('payables@fabrikam.com');
  const corrected = await d.click(refused, verbs.correctIntake, {}, { ...intake, f_recipient: 'accounts@fabrikam.com' });
  const after = (await h.service.get(id))!;
  expect(after.intake.recipient).toBe('accounts@fabrikam.com');
  expect(after.audit.at(-1)?.detail ?? after.audit.at(-1)?.what).toMatch(/recipient|corrected/i);
  expect(textOf(corrected)).toContain("'accounts@fabrikam.com'");
  expect(after.version).toBe(before.version + 1);
});
