/**
 * A whole mail-flow incident through the Microsoft 365 Agents Playground, in headless Debian Chromium:
 * the real bot (dist/src/index.js) and the real playground as processes, every step typed and
 * clicked in the page. Sam Staff runs it in the team's General channel, Alex Approver approves in
 * the approvers' group chat (the click's invoke is rewritten to come from Alex), and the customer
 * summary must appear as a new post in the "Incident Leads" channel.
 *
 * Screenshots: test-results/playground-*.png; process logs: test-results/playground-*.log.
 * Skipped (with a warning) when /usr/bin/chromium is missing.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  type BotProc,
  type PlaygroundProc,
  cardWith,
  cards,
  chromiumPath,
  conversations,
  ensureBotBuilt,
  invokeAnswer,
  launchChromium,
  openConversation,
  postMentioningBot,
  replyMentioningBot,
  resultsDir,
  savePage,
  screenshot,
  startBot,
  startPlayground,
  stopProc,
} from './playground-harness';

const haveChromium = existsSync(chromiumPath);
if (!haveChromium) {
  console.warn(`Skipping the Agents Playground browser test: no Chromium at ${chromiumPath} (apt-get install chromium, or set PLAYGROUND_CHROMIUM).`);
}
const describeWithChromium = haveChromium ? describe : describe.skip;

const runbookTitle = 'Exchange Online Mail Flow Failure';
/** Message ids are written in angle brackets: they must survive typing, cards and notes. */
const subjectWithId = 'Invoice 4711 <CAF999@mail.fabrikam.com>';
const noteText = 'message id <CAF999@mail.fabrikam.com> bounced';

const intake = {
  'Who is affected': 'Finance department shared mailbox',
  'When it started': '2026-11-24T08:30',
  'Time zone': 'Europe/Berlin',
  'Sender address': "o'brien@contoso.com",
  'Recipient address': 'payables@fabrikam.com',
  Subject: 'Invoice 4711',
  // With a long unbroken diagnostic token, as NDRs have: it must wrap, not run past the card's edge.
  'NDR or exact error text':
    'Remote Server returned 550 5.7.1 Delivery not authorized [DiagnosticInfo=BN8NAM11FT066.eop-nam11.prod.protection.outlook.com:SMTP;550-5.7.1-RESOLVER.RST.NotAuthorized]',
};

const summary = {
  'What happened': 'Mail from a partner to Finance was rejected.',
  Impact: 'Finance department, 08:30 to 10:00 CET.',
  'Root cause': 'A transport rule blocked the partner domain.',
  Resolution: 'The rule was corrected and a test message was delivered.',
  Prevention: 'Transport rule changes now need a second reviewer.',
};

/** About two phone screens: every phase's card at the chat's width (about 400 px) must stay within it. */
const maxCardHeight = 1700;
/** Each phase's card: its size in the page, measured once per phase, and its own screenshot for the README. */
const cardSizes: { phase: string; width: number; height: number; file: string }[] = [];

async function measureCard(card: Locator, phase: string): Promise<void> {
  const box = await card.boundingBox();
  if (!box) throw new Error(`the ${phase} card is not on the page`);
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `card-${phase}.png`);
  await card.screenshot({ path: file });
  // Nothing runs past the card's edge (long unbroken ids, URLs, command lines): no element is wider than the card.
  const overflowing = await card.evaluate((el) => {
    const edge = el.getBoundingClientRect().right + 1;
    return [...el.querySelectorAll('*')]
      .filter((e) => e.getBoundingClientRect().right > edge && e.getBoundingClientRect().width > 0)
      .map((e) => (e.textContent ?? '').slice(0, 60));
  });
  expect({ phase, overflowing }).toEqual({ phase, overflowing: [] });
  cardSizes.push({ phase, width: Math.round(box.width), height: Math.round(box.height), file });
}

const preventionEdited = 'Transport rule changes now need a second reviewer and a test message.';
const approvalReason = 'Transport rule blocks external finance mail';
const fixAction = 'Fix incorrect transport rules or connector settings';

let bot: BotProc | undefined;
let playground: PlaygroundProc | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];
/** Every card invoke the page sent (as the page sent it, before any rewrite). */
const invokes: { value?: { action?: { verb?: string; data?: Record<string, unknown> } }; from?: { id?: string } }[] = [];

/** Runs one step; on failure saves a screenshot and names the step (and the bot's last words) in the error. */
async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const slug = `FAILED-${name.replace(/\W+/g, '-')}`;
    const shot = page ? await screenshot(page, slug).catch(() => '(no screenshot)') : '(no page)';
    if (page) await savePage(page, slug).catch(() => undefined);
    const message = err instanceof Error ? err.message : String(err);
    const botTail = bot?.tail(15) ?? '';
    throw new Error(
      `step "${name}" failed: ${message}\nscreenshot: ${shot}${botTail ? `\nbot output ends with:\n${botTail}` : ''}${pageErrors.length ? `\npage errors:\n${pageErrors.join('\n')}` : ''}`,
      { cause: err },
    );
  }
}

/** Clicks a card button, waits for the invoke answer (HTTP 200, an Adaptive Card) and returns the answer card's words. */
async function clickCard(button: Locator): Promise<string> {
  const answer = await invokeAnswer(page, () => button.click());
  expect(answer.status).toBe(200);
  const body = answer.body as { type?: string; value?: unknown };
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return cardText(body.value);
}

/** The words on a card JSON (texts, titles, values), one per line: for readable assertions and failure messages. */
function cardText(node: unknown): string {
  if (Array.isArray(node)) return node.map(cardText).filter(Boolean).join('\n');
  if (!node || typeof node !== 'object') return '';
  const o = node as Record<string, unknown>;
  const own = ['text', 'title', 'value'].map((k) => (typeof o[k] === 'string' ? (o[k] as string) : '')).filter(Boolean);
  const nested = Object.entries(o)
    .filter(([k]) => k !== 'data')
    .map(([, v]) => cardText(v));
  return [...own, ...nested].filter(Boolean).join('\n');
}

/**
 * The innermost container in a card holding `text` and a button named `button`: a checklist row
 * (a ColumnSet, rendered as div.ac-container), a finding, a remediation action, a picker entry.
 */
function section(card: Locator, text: string | RegExp, button: string): Locator {
  return card
    .locator('.ac-container')
    .filter({ hasText: text })
    .filter({ has: page.getByRole('button', { name: button, exact: true }) })
    .last();
}

/** Clicks "Done" for every open item of a tick list in the incident card, checking each turns to ☑. */
async function tickAll(card: Locator, expectedItems?: string[]): Promise<void> {
  if (expectedItems) {
    for (const item of expectedItems) {
      await clickCard(section(card, item, 'Done').getByRole('button', { name: 'Done', exact: true }));
      const ticked = await section(card, item, 'Undo').innerText();
      expect(ticked).toContain(`☑ ${item}`);
      expect(ticked).toMatch(/Done by Sam Staff/);
    }
  }
  for (let guard = 0; guard < 20; guard++) {
    const open = card.getByRole('button', { name: 'Done', exact: true });
    if ((await open.count()) === 0) return;
    await clickCard(open.first());
  }
  throw new Error('tick list never completed');
}

/**
 * Types into a text input like a person: click, select all, delete, type. Playwright's fill() is not
 * enough in the playground's group chat: the value shows but the card's submit leaves it out.
 */
async function typeInto(box: Locator, text: string): Promise<void> {
  await box.click();
  await box.press('Control+A');
  await box.press('Delete');
  await box.pressSequentially(text);
  expect(await box.inputValue()).toBe(text);
}

/** Types a message in the open chat's composer (the personal chat delivers every message, no mention needed). */
async function sendInChat(text: string): Promise<void> {
  const box = page.getByRole('textbox').last();
  await box.click();
  await page.keyboard.type(text);
  await page.getByRole('button', { name: 'Send Message', exact: true }).last().click();
}

/** Picks an option of a compact Input.ChoiceSet (a combobox whose options open in a popup listbox). */
async function selectOption(scope: Locator, label: string, option: string | RegExp): Promise<void> {
  const box = scope.getByRole('combobox', { name: label, exact: true });
  await box.click();
  await page.getByRole('option', typeof option === 'string' ? { name: option, exact: true } : { name: option }).click();
  const chosen = await box.inputValue();
  if (typeof option === 'string') expect(chosen).toBe(option);
  else expect(chosen).toMatch(option);
}

describeWithChromium('Agents Playground: a whole incident in a Teams channel, in the browser', () => {
  jest.setTimeout(240_000);

  beforeAll(async () => {
    ensureBotBuilt();
    bot = await startBot();
    playground = await startPlayground(bot.url);
    browser = await launchChromium();
    // Tall enough that a whole card is on screen for its element screenshot; the chat column stays about 400 px wide.
    page = await browser.newPage({ viewport: { width: 1400, height: 2200 } });
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/_conversation/v1/invoke')) invokes.push(r.postDataJSON());
    });
    await page.goto(playground.url);
    await page.getByRole('treeitem', { name: conversations.general, exact: true }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await Promise.all([stopProc(playground), stopProc(bot)]);
  }, 30_000);

  test('start in General, approve in the approvers chat, close, and read the summary in Incident Leads', async () => {
    const started = Date.now();
    let incidentId = '';
    let incident: Locator = page.locator('#none');

    await step('post "@Runbook Incident Bot start" in General and get the runbook picker', async () => {
      await openConversation(page, conversations.general);
      await postMentioningBot(page, 'start');
      const picker = await cardWith(page, 'Start an incident');
      await expect(picker.innerText()).resolves.toContain(runbookTitle);
      await expect(picker.innerText()).resolves.toMatch(/SharePoint Online External Sharing/i);
      await screenshot(page, '01-picker');
      const text = await clickCard(section(picker, runbookTitle, 'Start').getByRole('button', { name: 'Start', exact: true }));
      incidentId = /INC-\d{8}-\d{3,}/.exec(text)?.[0] ?? '';
      expect(incidentId).toMatch(/^INC-\d{8}-\d{3}$/);
      incident = await cardWith(page, `${incidentId} · ${runbookTitle}`);
      await expect(incident.innerText()).resolves.toContain('What do we know?');
    });

    await step('a start time in the future is refused, naming the field', async () => {
      for (const [label, value] of Object.entries(intake)) {
        await typeInto(incident.getByRole('textbox', { name: label, exact: true }), label === 'When it started' ? '2099-01-01T08:30' : value);
      }
      await selectOption(incident, 'Affected scope', 'A department or location');
      const answer = await clickCard(incident.getByRole('button', { name: 'Start triage', exact: true }));
      expect(answer).toMatch(/When it started is in the future/);
      await expect(incident.getByRole('textbox', { name: /^(⚠ )?When it started/ }).inputValue()).resolves.toBe('2099-01-01T08:30');
    });

    await step('a refused intake keeps every typed value and marks the bad field', async () => {
      for (const [label, value] of Object.entries(intake)) {
        await typeInto(
          incident.getByRole('textbox', { name: new RegExp(`^(⚠ )?${label.replace(/[()?]/g, '\\$&')}`) }),
          label === 'Time zone' ? 'Europe/Londn' : label === 'Subject' ? subjectWithId : value,
        );
      }
      await selectOption(incident, 'Affected scope', 'A department or location');
      await measureCard(incident, 'intake');
      await screenshot(page, '02-intake');
      const answer = await clickCard(incident.getByRole('button', { name: 'Start triage', exact: true }));
      expect(answer).toMatch(/Europe\/Londn/);
      await incident
        .getByText(/Europe\/Londn/)
        .first()
        .waitFor();
      // Nothing typed was lost: every box and the scope still hold what Sam entered.
      for (const [label, value] of Object.entries(intake)) {
        const expected = label === 'Time zone' ? 'Europe/Londn' : label === 'Subject' ? subjectWithId : value;
        const box = incident.getByRole('textbox', { name: new RegExp(`^(⚠ )?${label.replace(/[()?]/g, '\\$&')}`) });
        await expect(box.inputValue()).resolves.toBe(expected);
      }
      await expect(incident.getByRole('combobox', { name: 'Affected scope', exact: true }).inputValue()).resolves.toBe('A department or location');
      await incident.screenshot({ path: join(resultsDir, 'card-intake-refused.png') });
      await screenshot(page, '02b-intake-refused');
    });

    await step('correct the time zone and start triage', async () => {
      await typeInto(incident.getByRole('textbox', { name: /^(⚠ )?Time zone/ }), intake['Time zone']);
      await clickCard(incident.getByRole('button', { name: 'Start triage', exact: true }));
      await incident.getByText('First 15 minutes', { exact: true }).waitFor();
      const text = await incident.innerText();
      expect(text).toMatch(/Sev 2/);
      expect(text).toContain("Get-MessageTraceV2 -SenderAddress 'o''brien@contoso.com' -RecipientAddress 'payables@fabrikam.com'");
      // The subject's message id in angle brackets is kept, on the card and in the command starter's values.
      await incident.getByRole('button', { name: /^Show the intake/ }).click();
      await expect(incident.innerText()).resolves.toContain(subjectWithId);
    });

    await step('tick the first-15-minutes checklist and record the message trace result', async () => {
      await tickAll(incident, ['Collect sender, recipient, subject', 'Run message trace for both sender and recipient']);
      await expect(incident.innerText()).resolves.toMatch(/Checklist \((\d+) of \1 done\)/);
      await typeInto(incident.getByRole('textbox', { name: 'Output (paste what the command printed)', exact: true }), 'Status: Failed');
      await typeInto(incident.getByRole('textbox', { name: 'Message trace id', exact: true }), 'ABCDEF12-3456-7890-ABCD-EF1234567890');
      await clickCard(incident.getByRole('button', { name: 'Record result', exact: true }));
      await incident.getByText('Latest results', { exact: true }).waitFor();
      const text = await incident.innerText();
      expect(text).toContain('Status: Failed');
      expect(text).toContain("-MessageTraceId 'abcdef12-3456-7890-abcd-ef1234567890'");
      await measureCard(incident, 'triage');
      await screenshot(page, '03-triage');
    });

    await step('a note typed in the thread: the live card moves below with the note on it, the old one is a stub', async () => {
      await replyMentioningBot(page, `note ${noteText}`);
      const stub = await cardWith(page, `${incidentId} · this card moved below`);
      await expect(stub.getByRole('button').count()).resolves.toBe(0);
      incident = await cardWith(page, `${incidentId} · ${runbookTitle}`);
      await incident.getByText(`Sam Staff added a note: ${noteText}`).waitFor();
      // One live card: of the cards in this thread naming the incident, exactly one has buttons.
      const live = cards(page)
        .filter({ hasText: incidentId })
        .filter({ has: page.getByRole('button', { name: 'Refresh', exact: true }) });
      await expect(live.count()).resolves.toBe(1);
      await stub.screenshot({ path: join(resultsDir, 'card-moved-stub.png') });
      await screenshot(page, '03b-note-and-stub');
      await clickCard(incident.getByRole('button', { name: 'Continue to decision', exact: true }));
      await incident.getByText('What did you find?', { exact: true }).waitFor();
      await measureCard(incident, 'decision');
    });

    await step('choose "Failed with NDR" and work the branch', async () => {
      await expect(incident.getByRole('textbox', { name: /NDR/ }).inputValue()).resolves.toContain('5.7.1');
      await clickCard(section(incident, 'Failed with NDR', 'Choose').getByRole('button', { name: 'Choose', exact: true }));
      await incident.getByText('Finding: Failed with NDR').waitFor();
      await expect(incident.innerText()).resolves.toContain('5.7.1');
      await measureCard(incident, 'investigation');
      await screenshot(page, '04-investigation');
      await tickAll(incident, ['Read the enhanced status code', 'Match the code to DNS']);
      await clickCard(incident.getByRole('button', { name: 'Continue to remediation', exact: true }));
      await incident.getByText('Remediation', { exact: true }).waitFor();
    });

    await step('request approval for the transport rule fix', async () => {
      const fix = section(incident, fixAction, 'Request approval');
      await typeInto(fix.getByRole('textbox', { name: 'Why is this change needed?', exact: true }), approvalReason);
      await clickCard(fix.getByRole('button', { name: 'Request approval', exact: true }));
      await incident.getByText(/Waiting for approver/).waitFor();
      await expect(incident.innerText()).resolves.toContain(approvalReason);
      // A copy of the approval card is also posted in the incident's thread.
      await cardWith(page, `Approval needed · ${incidentId}`);
      await measureCard(incident, 'remediation');
      await screenshot(page, '05-approval-requested');
    });

    await step('Alex Approver approves in the approvers group chat', async () => {
      await openConversation(page, conversations.approvers);
      await cardWith(page, `Approval needed · ${incidentId}`);
      // Found by its request, not its title: the title turns into "Approved · ..." once decided.
      const approval = cards(page)
        .filter({ hasText: `· ${incidentId}` })
        .filter({ hasText: approvalReason })
        .last();
      const text = await approval.innerText();
      expect(text).toContain(approvalReason);
      expect(text).toContain(fixAction);
      expect(text).toMatch(/Requested by Sam Staff/);
      await typeInto(approval.getByRole('textbox', { name: 'Comment (required to reject)', exact: true }), 'ok, CAB-1234');
      // As a newcomer does it (README): Sam is no approver, so first a refusal; then "act as alex" and the click is Alex's.
      const refused = await clickCard(approval.getByRole('button', { name: 'Approve', exact: true }));
      expect(refused).toMatch(/Only a configured approver can approve or reject this request/);
      await expect(approval.getByRole('textbox', { name: /Comment/ }).inputValue()).resolves.toBe('ok, CAB-1234');
      await replyMentioningBot(page, 'act as alex');
      await page
        .getByText(/come from Alex Approver/)
        .first()
        .waitFor();
      const answer = await clickCard(approval.getByRole('button', { name: 'Approve', exact: true }));
      expect(invokes.at(-1)).toMatchObject({ value: { action: { data: { decision: 'approve', comment: 'ok, CAB-1234' } } } });
      expect(answer).toMatch(/Approved by Alex Approver/);
      await approval.getByText(/Approved by Alex Approver/).waitFor();
      await expect(approval.getByRole('button', { name: 'Approve', exact: true }).count()).resolves.toBe(0);
      await measureCard(approval, 'approval');
      await screenshot(page, '06-approved');
      await replyMentioningBot(page, 'act as me');
      await page
        .getByText(/Stopped acting as Alex Approver/)
        .first()
        .waitFor();
    });

    await step('back in General: the incident card shows the approval; mark the fix done', async () => {
      await openConversation(page, conversations.general);
      incident = await cardWith(page, `${incidentId} · ${runbookTitle}`);
      // The copy of the approval card in this thread was updated in place, and the decision was announced.
      // A decided approval is titled by its decision.
      const copy = await cardWith(page, `Approved · ${incidentId}`);
      await copy.getByText(/Approved by Alex Approver/).waitFor();
      await expect(copy.getByRole('button', { name: 'Approve', exact: true }).count()).resolves.toBe(0);
      await page
        .getByText(/^Alex Approver approved "Fix incorrect transport rules/)
        .first()
        .waitFor();
      const fix = section(incident, fixAction, 'Mark done');
      await expect(fix.innerText()).resolves.toMatch(/Approved by Alex Approver.*ok, CAB-1234/s);
      // An approved change is done only with its before/after: an empty note is refused and changes nothing.
      const refusedDone = await clickCard(fix.getByRole('button', { name: 'Mark done', exact: true }));
      expect(refusedDone).toMatch(/before and after/);
      await expect(fix.innerText()).resolves.not.toMatch(/Done by Sam Staff/);
      await typeInto(fix.getByRole('textbox', { name: /Note \(what was changed, before\/after\)/ }), 'Rule disabled; before/after exported');
      await clickCard(fix.getByRole('button', { name: 'Mark done', exact: true }));
      await incident.getByText(/Done by Sam Staff.*Rule disabled/).waitFor();
      await clickCard(incident.getByRole('button', { name: 'Continue to validation', exact: true }));
      await incident.getByText(/^Validation \(/).waitFor();
      await measureCard(incident, 'validation');
    });

    await step('validation: tick every check', async () => {
      await tickAll(incident, ['Test message succeeds through intended path.']);
      await expect(incident.innerText()).resolves.toMatch(/Validation \((\d+) of \1 done\)/);
      await clickCard(incident.getByRole('button', { name: 'Continue to evidence', exact: true }));
      await incident.getByText('Add evidence', { exact: true }).first().waitFor();
    });

    await step('evidence: add the before/after export', async () => {
      await typeInto(incident.getByRole('textbox', { name: 'What it shows', exact: true }), 'Before/after export of the transport rule');
      await typeInto(incident.getByRole('textbox', { name: 'Link (https://, optional)', exact: true }), 'https://contoso.sharepoint.com/ev/1');
      await selectOption(incident, 'Evidence item it covers (optional)', /^Before\/after configuration/);
      await clickCard(incident.getByRole('button', { name: 'Add evidence', exact: true }));
      // The command result and the approval were recorded as evidence on their own; ours is the newest link.
      await incident.getByText(/^E\d+ · Link · Sam Staff/).waitFor();
      const text = await incident.innerText();
      expect(text).toContain('Before/after export of the transport rule');
      expect(text).toMatch(/☑ Before\/after configuration[^☐☑]*covered by E\d+/);
      await measureCard(incident, 'evidence');
      await screenshot(page, '07-evidence');
      await clickCard(incident.getByRole('button', { name: 'Continue to summary', exact: true }));
      await incident.getByText('Customer summary', { exact: true }).waitFor();
    });

    await step('summary: write, save, post and close', async () => {
      for (const [label, value] of Object.entries(summary)) {
        await typeInto(incident.getByRole('textbox', { name: label, exact: true }), value);
      }
      await clickCard(incident.getByRole('button', { name: 'Save summary', exact: true }));
      await expect(incident.getByRole('textbox', { name: 'Root cause', exact: true }).inputValue()).resolves.toBe(summary['Root cause']);
      await expect(incident.getByText('Possible internal details').count()).resolves.toBe(0);
      await measureCard(incident, 'summary');
      await screenshot(page, '08-summary-editor');
      // An edit not saved yet is posted as it is on the card (Post saves first), never lost or refused as missing.
      await typeInto(incident.getByRole('textbox', { name: 'Prevention', exact: true }), preventionEdited);
      await clickCard(incident.getByRole('button', { name: 'Post summary and close', exact: true }));
      await incident.getByText('Closed', { exact: true }).waitFor();
      // The summary is posted after the answer; the card is then updated in place.
      await incident.getByText(/Summary posted to/).waitFor();
      const text = await incident.innerText();
      expect(text).toMatch(/Summary posted to .+ at \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
      expect(text).not.toMatch(/not posted|Could not post/i);
      await measureCard(incident, 'closed');
      await screenshot(page, '09-closed');
    });

    await step('the summary is a new post in Incident Leads', async () => {
      await openConversation(page, conversations.leads);
      const posted = await cardWith(page, `Incident summary · ${incidentId}`);
      const text = await posted.innerText();
      for (const [label, value] of Object.entries({ ...summary, Prevention: preventionEdited })) {
        expect(text).toContain(label);
        expect(text).toContain(value);
      }
      expect(text).toMatch(/Sev 2/);
      expect(text).toContain(runbookTitle);
      await measureCard(posted, 'leads-summary');
      await screenshot(page, '10-leads-summary');
    });

    await step('personal chat: help is rendered Markdown, and handover without a mention offers a card to pick the person', async () => {
      await openConversation(page, conversations.personal);
      await sendInChat('help');
      const help = await cardWith(page, /open a new incident/);
      await expect(help.locator('strong', { hasText: 'start' }).count()).resolves.toBeGreaterThan(0);
      await expect(help.innerText()).resolves.not.toContain('**');
      await sendInChat('start');
      const picker = await cardWith(page, 'Start an incident');
      await clickCard(section(picker, runbookTitle, 'Start').getByRole('button', { name: 'Start', exact: true }));
      await sendInChat('handover');
      const handover = await cardWith(page, /Hand over INC-\d{8}-\d{3,} to whom\?/);
      await expect(handover.innerText()).resolves.toMatch(/handover @/);
      await measureCard(handover, 'handover');
      await screenshot(page, '11-personal-help-handover');
    });

    expect(pageErrors).toEqual([]);
    writeFileSync(join(resultsDir, 'playground-card-sizes.json'), `${JSON.stringify(cardSizes, null, 2)}\n`);
    console.log(
      `Card sizes at the chat's width (max ${maxCardHeight} px high):\n${cardSizes.map((c) => `  ${c.phase.padEnd(14)} ${c.width} x ${c.height} px`).join('\n')}`,
    );
    expect(cardSizes.map((c) => c.phase)).toEqual([
      'intake',
      'triage',
      'decision',
      'investigation',
      'remediation',
      'approval',
      'validation',
      'evidence',
      'summary',
      'closed',
      'leads-summary',
      'handover',
    ]);
    for (const c of cardSizes)
      expect({ phase: c.phase, fits: c.height <= maxCardHeight, height: c.height }).toEqual({ phase: c.phase, fits: true, height: c.height });
    console.log(`Agents Playground incident ${incidentId} walked end to end in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
