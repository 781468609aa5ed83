import { withoutMarkup } from '../../src/teams/turn-facts';
import type { Activity } from 'botbuilder';
import { escapeMarkdown } from '../../src/cards';
import { verbs } from '../../src/cards/verbs';
import type { Incident } from '../../src/incident/types';
import { makeMessage } from '../helpers/activities';
import { liveIn, nodes, unescapeMarkdown } from '../helpers/card-checks';
import { type Card, textOf } from '../helpers/card-driver';
import { cmd, drive, incidentAt, intakeValues, makeIncident, runbookById, secondRunbookId, seedRunbook } from '../helpers/incident-builders';
import { people } from '../helpers/teams-fakes';
import { type Harness, invokeAs, roles, sayAs, securityHarness, seed, send, stored } from './security-kit';
import { readVerbatimString } from '../helpers/powershell-tokenizer';
import { expectRefusal } from '../helpers/refusal-checks';

// The injection corpus in every free-text and placeholder field, through the real bot: commands keep each value inside
// one PowerShell verbatim string, cards show the text literally (no live markdown, link, mention or HTML), and no
// template expression is evaluated.

const rb = seedRunbook();
const sharepoint = runbookById(secondRunbookId);
const now = () => new Date('2026-11-24T12:00:00.000Z');

/** Single-line values every text field accepts. */
const corpus = [
  `'; Remove-Item -Recurse -Force C:\\ ; '`,
  '\u2018; Stop-Service W32Time; \u2019',
  "\u201a\u201b mixed \u2019\u2019 quotes ' and ''",
  '"double" \u201ccurly\u201d \u201elow\u201d',
  '`whoami` and `$(Get-Credential)`',
  '$(Invoke-Expression "calc") ${env:COMPUTERNAME}',
  "@' here-string '@ ; exit",
  'a; b | c & d && e || f > out.txt',
  '<# comment #> # hash',
  '[x](https://evil.example) click',
  '**b** __u__ ~~s~~',
  '<at>Grace Hopper</at> ping',
  '![i](https://evil.example/x.png)',
  '<script>alert(1)</script> &amp; &lt;b&gt;',
  '> quote',
  '# heading',
  '- bullet',
  '1. ordered',
  '| a | b |',
  '${$root.title}',
  '${if(true, "EVALUATED", "no")}',
  "${json('{}')} {{handlebars}} @{x}",
  'C:\\temp\\x\\; \\`',
  `'\u2018\u2019\u201a\u201b'$(rm)'|;\`"`,
  `${'L'.repeat(300)}'; Remove-Item x`,
];

/** [test name, value]: long values named by their length. */
const labelled = corpus.map((v) => [v.length > 60 ? `${JSON.stringify(v.slice(0, 20))}… (${v.length} characters)` : JSON.stringify(v), v] as const);

/** Raw forms that would render as live markup; none may reach a markdown-rendered string. */
const liveMarkup = ['[x](https://evil.example)', '![i](', '**b**', '__u__', '~~s~~', '<at>', '<script>', '`whoami`', '&amp;', '&lt;'];

/** Text a Teams client renders as markdown: TextBlocks and facts (inputs and choice titles are plain text). */
function markdownTexts(card: unknown): string[] {
  return nodes(card).flatMap((n) => {
    if (n.type === 'TextBlock' && typeof n.text === 'string') return [n.text];
    if (n.type === undefined && typeof n.title === 'string' && typeof n.value === 'string') return [n.title, n.value];
    return [];
  });
}

/** The value is on the card, shown literally: escaped where it appears, never as live markup, templates not evaluated. */
function expectLiteral(card: unknown, value: string, where: string): void {
  const texts = markdownTexts(card);
  const joined = texts.join('\n');
  const head = [...value.trim()].slice(0, 40).join('');
  if (!joined.includes(escapeMarkdown(head))) throw new Error(`${where}: ${JSON.stringify(head)} is not shown escaped on the card:\n${joined.slice(0, 2000)}`);
  for (const raw of liveMarkup) {
    for (const text of texts) if (liveIn(text, raw)) throw new Error(`${where}: live markup ${JSON.stringify(raw)} in ${JSON.stringify(text.slice(0, 200))}`);
  }
  for (const expr of value.match(/\$\{[^}]*\}/g) ?? []) {
    if (!unescapeMarkdown(joined).includes(expr)) throw new Error(`${where}: template ${expr} was not kept literally`);
  }
  expect(joined).not.toMatch(/(?<!"|, )EVALUATED/);
  expect(JSON.stringify(card).length).toBeLessThan(28 * 1024);
}

/** A command as shown on the card, back to what a person copies: markdown escapes and no-break space runs undone. */
function shownCommand(card: unknown, head: string): string {
  const found = markdownTexts(card)
    .map((t) => unescapeMarkdown(t).replace(/ \u00a0+/g, (run) => ' '.repeat(run.length)))
    .find((t) => t.startsWith(head));
  if (!found) throw new Error(`no command starting ${JSON.stringify(head)} on the card`);
  return found;
}

/** Parses `head<quoted>middle<quoted>...tail` and returns the quoted values; throws when the text has another shape. */
function argumentsOf(command: string, parts: string[]): string[] {
  const values: string[] = [];
  let at = 0;
  for (const [i, part] of parts.entries()) {
    expect(command.slice(at, at + part.length)).toBe(part);
    at += part.length;
    if (i === parts.length - 1) break;
    const token = readVerbatimString(command, at);
    values.push(token.value);
    at = token.end;
  }
  expect(at).toBe(command.length);
  return values;
}

const data = (i: Incident, key: string) => ({ incidentId: i.id, version: i.version, actionKey: key });
let keys = 0;
const key = () => `inj-${++keys}`;

async function click(h: Harness, incident: Incident, verb: string, fields: Record<string, unknown>, role = roles.staff): Promise<Card> {
  const answer = await invokeAs(h, role, verb, { ...data(await stored(h, incident.id), key()), ...fields });
  expect(answer.status).toBe(200);
  return answer.card;
}

const lastCard = (replies: Partial<Activity>[]): Card => {
  const cards = replies.flatMap((r) => (r.attachments ?? []).map((a) => a.content as Card));
  if (!cards.length) throw new Error(`no card among ${JSON.stringify(replies.map((r) => r.text))}`);
  return cards[cards.length - 1];
};

describe('placeholders stay quoted', () => {
  /** Site URLs a URL field accepts (no spaces) that carry every PowerShell metacharacter. */
  const hostileUrls = [
    "https://contoso.sharepoint.com/sites/a';Remove-Item;'",
    'https://contoso.sharepoint.com/sites/\u2018;Stop-Service;\u2019',
    'https://contoso.sharepoint.com/sites/$(Get-Credential)${env:X}',
    'https://contoso.sharepoint.com/sites/`whoami`"x"\u201cy\u201d',
    'https://contoso.sharepoint.com/sites/a|b&c>out.txt;exit#<#x#>',
    "https://contoso.sharepoint.com/sites/@'here'@",
  ].map((v) => [JSON.stringify(v), v] as const);

  test.each(hostileUrls)('SharePoint site URL %s: every command keeps it in one verbatim string', async (_label, value) => {
    const h = securityHarness({ now });
    const incident = await seed(h, makeIncident({ runbookId: secondRunbookId }));
    const values = intakeValues(sharepoint, { siteUrl: value, start: '2026-11-24T08:00', end: '2026-11-24T09:00' });
    const card = await click(h, incident, verbs.submitIntake, Object.fromEntries(Object.entries(values).map(([k, v]) => [`f_${k}`, v])));
    expect((await stored(h, incident.id)).intake.siteUrl).toBe(value.trim());
    const site = shownCommand(card, 'Get-SPOSite -Identity ');
    expect(argumentsOf(site, ['Get-SPOSite -Identity ', ' | Select-Object SharingCapability, DisableSharingForNonOwnersStatus, SensitivityLabel'])).toEqual([
      value.trim(),
    ]);
    const user = shownCommand(card, 'Get-SPOUser -Site ');
    expect(argumentsOf(user, ['Get-SPOUser -Site ', ' -LoginName ', ''])).toEqual([value.trim(), values.user]);
    const external = shownCommand(card, 'Get-SPOExternalUser -SiteUrl ');
    expect(argumentsOf(external, ['Get-SPOExternalUser -SiteUrl ', ' -Filter ', ''])).toEqual([value.trim(), values.guestAddress]);
  });

  test.each(["o'brien@contoso.com", "o'brien`$x|y{z}@contoso.com", "''''@contoso.com", "a'+b'-c'#d'&e@contoso.com"])(
    'sender and recipient %j: the message trace keeps both in their own strings',
    async (address) => {
      const h = securityHarness({ now });
      const incident = await seed(h, incidentAt('intake'));
      const values = intakeValues(rb, { sender: address, recipient: `r${address}` });
      const card = await click(h, incident, verbs.submitIntake, Object.fromEntries(Object.entries(values).map(([k, v]) => [`f_${k}`, v])));
      const trace = shownCommand(card, 'Get-MessageTraceV2 -SenderAddress ');
      expect(argumentsOf(trace, ['Get-MessageTraceV2 -SenderAddress ', ' -RecipientAddress ', ''])).toEqual([address, `r${address}`]);
    },
  );

  test.each([
    "a'b;Remove-Item@contoso.com",
    'o\u2019brien@contoso.com',
    '"x"@contoso.com',
    '$(rm)@contoso.com',
    "x@contoso.com'; rm -r /",
    'x@contoso.com\nGet-Secret',
  ])('an address that is not an email address (%j) is refused in words and nothing changes', async (address) => {
    const h = securityHarness({ now });
    const incident = await seed(h, incidentAt('intake'));
    const before = await stored(h, incident.id);
    const values = intakeValues(rb, { sender: address });
    const card = await click(h, incident, verbs.submitIntake, Object.fromEntries(Object.entries(values).map(([k, v]) => [`f_${k}`, v])));
    expect(textOf(card)).toMatch(/Sender address is not an email address|Sender address must be one email address/);
    expectRefusal(before, await stored(h, incident.id), people.staff.aadObjectId, 'refused: submit the intake — invalid input');
  });
});

describe('free text is shown literally on every card', () => {
  test.each(labelled)('intake text fields: %s', async (_label, value) => {
    const h = securityHarness({ now });
    const incident = await seed(h, incidentAt('intake'));
    const values = intakeValues(rb, { affectedUsers: value.slice(0, 140), subject: value, deviceOrService: value, requestIds: value });
    const triage = await click(h, incident, verbs.submitIntake, Object.fromEntries(Object.entries(values).map(([k, v]) => [`f_${k}`, v])));
    expect((await stored(h, incident.id)).intake.subject).toBe(value);
    expectLiteral(triage, value.slice(0, 140), 'intake facts');
  });

  test.each(labelled)('note (typed) and evidence (clicked), on the evidence card: %s', async (_label, value) => {
    const h = securityHarness({ now });
    const incident = await seed(h, incidentAt('evidence'));
    expect(markdownTexts(await click(h, incident, verbs.show, {})).join('\n')).not.toContain(escapeMarkdown(value.slice(0, 20)));
    const noted = lastCard(await send(h, makeMessage(`note ${value}`, people.staff, roles.staff.conversation)));
    const note = (await stored(h, incident.id)).notes.at(-1)?.text ?? '';
    // Only Teams' own markup goes (src/teams/turn-facts.ts withoutMarkup, pinned in test/teams/typed-text.test.ts): angle-bracket text stays.
    expect(note).toBe(
      withoutMarkup(value, () => false)
        .replace(/\s+/g, ' ')
        .trim(),
    ); // no mention entity: a bare <at> tag is markup
    expectLiteral(noted, note, 'note');
    const evidence = await click(h, incident, verbs.addEvidence, { evidenceText: `${value} `, evidenceUrl: 'https://contoso.sharepoint.com/ev/1' });
    expect((await stored(h, incident.id)).evidence.at(-1)?.text).toBe(value);
    expectLiteral(evidence, value, 'evidence');
  });

  test.each(labelled)('command output, on the triage card: %s', async (_label, value) => {
    const h = securityHarness({ now });
    const incident = await seed(h, incidentAt('triage'));
    const output = `Received  Status\n${value}\n$(Get-Secret) ${value.slice(0, 20)}`;
    const recorded = await click(h, incident, verbs.recordResult, { starterId: rb.commands[0].id, output });
    expect((await stored(h, incident.id)).commandResults.at(-1)?.output).toBe(output);
    expectLiteral(recorded, value.slice(0, 300), 'command output');
  });

  test.each(labelled)('approval reason and comment, done note, NDR text and escalation reason: %s', async (_label, value) => {
    const h = securityHarness({ now });
    const decision = await seed(h, incidentAt('decision'));
    const finding = rb.decisions.find((d) => d.ndr) ?? rb.decisions[0];
    const investigating = await click(h, decision, verbs.chooseFinding, { findingId: finding.id, ndrText: `550 5.7.1 ${value}` });
    expectLiteral(investigating, `550 5.7.1 ${value}`.slice(0, 60), 'NDR text');

    const remediation = await seed(h, incidentAt('remediation'));
    const gated = rb.remediation.find(
      (a) => a.approval.required && remediation.finding && rb.decisions.find((d) => d.id === remediation.finding?.findingId)?.branch.actions.includes(a.id),
    );
    if (!gated) throw new Error('no gated action in the branch');
    await click(h, remediation, verbs.requestApproval, { actionId: gated.id, [`reason_${gated.id}`]: value });
    const approvalCard = h.recorded.sends.at(-1)?.activity.attachments?.[0].content as Card;
    expectLiteral(approvalCard, value, 'approval reason');
    const approvalId = (await stored(h, remediation.id)).approvals[0].id;
    const decided = await click(h, remediation, verbs.decideApproval, { approvalId, decision: 'approve', comment: value }, roles.approver);
    expectLiteral(decided, value, 'approval comment');
    await click(h, remediation, verbs.recordResult, { starterId: rb.commands[0].id, output: 'before the change' });
    const done = await click(h, remediation, verbs.markDone, { actionId: gated.id, [`note_${gated.id}`]: value });
    expectLiteral(done, value, 'done note');

    await sayAs(h, roles.staff, `${remediation.id} escalate ${value}`);
    const escalation = h.recorded.channelPosts.at(-1)?.activity.attachments?.[0].content as Card;
    const reason = (await stored(h, remediation.id)).escalated?.reason ?? '';
    expectLiteral(escalation, reason, 'escalation reason');
  });

  test.each(labelled)('cancel reason: %s', async (_label, value) => {
    const h = securityHarness({ now });
    const incident = await seed(h, incidentAt('triage'));
    expectLiteral(await click(h, incident, verbs.cancel, { cancelReason: value }), value, 'cancel reason');
  });

  test.each(labelled)('summary fields, in the editor and in the summary posted to the leads: %s', async (_label, value) => {
    const h = securityHarness({ now });
    const incident = await seed(
      h,
      drive(incidentAt('summary'), cmd('editSummary', { fields: Object.fromEntries(rb.summary.map((f) => [f.id, `Customer-safe text for ${f.label}.`])) })),
    );
    const editor = await click(h, incident, verbs.saveSummary, { s_whatHappened: value, s_impact: `Impact: ${value}` });
    const inputs = nodes(editor).filter((n) => n.id === 's_whatHappened');
    expect(inputs.map((n) => n.value)).toEqual([value.trim()]);
    const pending = (await stored(h, incident.id)).summary.warnings.map((w) => w.id).filter((id) => !id.includes(','));
    if (pending.length) await click(h, incident, verbs.acknowledge, { ack: pending.join(',') });
    const closed = await click(h, incident, verbs.close, {});
    expect((await stored(h, incident.id)).phase).toBe('closed');
    expect(textOf(closed)).toMatch(/Posting the summary to/);
    expect((await stored(h, incident.id)).summary.post?.status).toBe('posted');
    const summary = h.recorded.channelPosts.at(-1)?.activity.attachments?.[0].content as Card;
    expectLiteral(summary, value, 'posted summary');
    expectLiteral(summary, `Impact: ${value}`, 'posted summary impact');
  });
});

test('no template expression is evaluated anywhere: ${...} in every field comes back as typed', async () => {
  const h = securityHarness({ now });
  const incident = await seed(h, incidentAt('intake'));
  const expr = '${$root.title} ${json(\'{"a":1}\')} ${$index} ${if(true, "EVALUATED", "x")}';
  const values = intakeValues(rb, { affectedUsers: expr, subject: expr });
  const triage = await click(h, incident, verbs.submitIntake, Object.fromEntries(Object.entries(values).map(([k, v]) => [`f_${k}`, v])));
  expectLiteral(triage, expr, 'intake');
  expect(unescapeMarkdown(markdownTexts(triage).join('\n'))).toContain(expr);
});
