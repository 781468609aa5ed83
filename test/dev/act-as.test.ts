import type * as restify from 'restify';
import type { Logger } from '../../src/app/logger';
import { chooseActor, echo, parseActAs } from '../../src/dev/act-as-command';
import { withActAs } from '../../src/dev/act-as';
import { PLAYGROUND, PLAYGROUND_USERS } from '../../src/dev/playground-users';
import type { ActivityProcessor } from '../../src/server';

// The dev-only act-as wrapper on activity JSON: a fake inner processor records what reaches the bot.

const { sam, alex, avery, riley } = PLAYGROUND_USERS;
const bot = { id: `28:${PLAYGROUND.bot.id}`, name: PLAYGROUND.bot.name };
const approvers = { id: PLAYGROUND.groupChat.id, conversationType: 'groupChat', isGroup: true };
const personal = { id: PLAYGROUND.personalChat.id, conversationType: 'personal' };
const general = (messageId: string) => ({ id: `${PLAYGROUND.team.id};messageid=${messageId}`, conversationType: 'channel', isGroup: true });
const asAccount = (u: { id: string; name: string; aadObjectId: string }) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId });

type Conversation = { id: string; conversationType: string; isGroup?: boolean };
let n = 0;

/** A typed message as the Playground sends it; outside the personal chat it @mentions the bot, as the Playground requires. */
function message(text: string, conversation: Conversation = approvers, from = sam): Record<string, unknown> {
  const mention = `<at>${bot.name}</at>`;
  const mentioned = conversation.conversationType !== 'personal';
  return {
    type: 'message',
    id: `m-${++n}`,
    text: mentioned ? `${mention} ${text}` : text,
    ...(mentioned ? { entities: [{ type: 'mention', text: mention, mentioned: bot }] } : {}),
    from: { ...asAccount(from), role: 'user' },
    recipient: bot,
    conversation,
    channelId: 'msteams',
    serviceUrl: 'http://localhost:56150/_connector',
  };
}

function invoke(conversation: Conversation = approvers, from = sam): Record<string, unknown> {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `i-${++n}`,
    value: { action: { type: 'Action.Execute', verb: 'decideApproval', data: { decision: 'approve', incidentId: 'INC-20261124-001' } } },
    from: asAccount(from),
    recipient: bot,
    conversation,
    channelId: 'msteams',
    serviceUrl: 'http://localhost:56150/_connector',
  };
}

function recordingLogger(lines: { level: string; fields: Record<string, unknown>; message: string }[], bound: Record<string, unknown> = {}): Logger {
  const line = (level: string) => (fields: Record<string, unknown>, message: string) => void lines.push({ level, fields: { ...bound, ...fields }, message });
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), with: (f) => recordingLogger(lines, { ...bound, ...f }) };
}

function kit(options: { appId?: string; maxConversations?: number } = {}) {
  const reached: unknown[] = [];
  const answered: string[] = [];
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const inner: ActivityProcessor = { process: async (req) => void reached.push(req.body) };
  const wrapped = withActAs(inner, {
    appId: options.appId,
    log: recordingLogger(lines),
    answer: (text) => ({ process: async () => void answered.push(text) }),
    ...(options.maxConversations ? { maxConversations: options.maxConversations } : {}),
  });
  /** Posts one body as if from `remoteAddress`; returns what reached the bot (undefined when the wrapper answered). */
  const send = async (body: unknown, remoteAddress = '127.0.0.1') => {
    const before = reached.length;
    await wrapped.process({ body, socket: { remoteAddress } } as unknown as restify.Request, {} as restify.Response);
    return reached.length > before ? (reached.at(-1) as Record<string, unknown>) : undefined;
  };
  return { inner, wrapped, send, reached, answered, lines };
}

describe('act as: the wrapper in front of the bot', () => {
  test('`act as alex` is answered, never reaches the bot, and rewrites from for that conversation and sender only', async () => {
    const k = kit();
    expect(await k.send(message('act as alex'))).toBeUndefined();
    expect(k.answered).toEqual([
      `Your next clicks and messages in this conversation come from Alex Approver (approver; dev only). Type \`@${bot.name} act as me\` to stop.`,
    ]);

    const click = invoke();
    const reached = await k.send(click);
    expect(reached?.from).toEqual({ id: alex.id, name: 'Alex Approver', aadObjectId: alex.aadObjectId });
    // Everything else is as the Playground sent it.
    const { from: _from, ...rest } = reached as Record<string, unknown>;
    const { from: _sent, ...sentRest } = click;
    expect(rest).toEqual(sentRest);
    expect(click.from).toEqual(asAccount(sam));

    // A typed message there comes from Alex too; its mention and text are untouched.
    const typed = await k.send(message('status'));
    expect(typed).toMatchObject({
      from: { id: alex.id, name: 'Alex Approver', aadObjectId: alex.aadObjectId, role: 'user' },
      text: `<at>${bot.name}</at> status`,
    });

    // Another conversation, or another sender in this one, is untouched.
    expect((await k.send(invoke(personal)))?.from).toEqual(asAccount(sam));
    expect((await k.send(invoke(approvers, riley)))?.from).toEqual(asAccount(riley));
    // Not a person's action: a conversation update keeps its from.
    expect((await k.send({ ...invoke(), type: 'conversationUpdate', name: undefined }))?.from).toEqual(asAccount(sam));

    const rewritten = k.lines.filter((l) => /delivered as Alex Approver/.test(l.message));
    expect(rewritten.map((l) => [l.fields.activityType, l.fields.sender, l.fields.actingAs])).toEqual([
      ['invoke', sam.id, alex.id],
      ['message', sam.id, alex.id],
    ]);
    expect(k.lines.find((l) => /now acts as Alex Approver/.test(l.message))?.fields).toMatchObject({ conversationId: approvers.id, sender: sam.id });
  });

  test('a channel is one place: `act as` in one thread applies to clicks on cards in the others', async () => {
    const k = kit();
    await k.send(message('act as Avery Approver', general('100')));
    expect(k.answered.at(-1)).toContain('come from Avery Approver');
    expect((await k.send(invoke(general('42'))))?.from).toMatchObject({ id: avery.id, aadObjectId: avery.aadObjectId });
    expect((await k.send(invoke({ id: PLAYGROUND.team.id, conversationType: 'channel' })))?.from).toMatchObject({ id: avery.id });
    expect((await k.send(invoke({ id: PLAYGROUND.leadsChannel.id, conversationType: 'channel' })))?.from).toEqual(asAccount(sam));
  });

  test('the roster person is found by key, first name, full name, e-mail or id, in any case; personal chat needs no mention', async () => {
    for (const typed of ['alex', 'ALEX', 'Alex Approver', '  alex   approver ', 'alex.approver@contoso.example', '29:alex-approver', 'Alex.']) {
      const k = kit();
      await k.send(message(`act as ${typed}`, personal));
      expect({ typed, answer: k.answered[0] }).toEqual({
        typed,
        answer: 'Your next clicks and messages in this conversation come from Alex Approver (approver; dev only). Type `act as me` to stop.',
      });
    }
    // A colleague's @mention names the person.
    const k = kit();
    await k.send({ ...message('act as'), text: `<at>${bot.name}</at> act as <at>Riley Responder</at>` });
    expect(k.answered).toEqual([expect.stringContaining('come from Riley Responder (staff; dev only)')]);
  });

  test('an unknown name is refused with the roster, and changes nothing', async () => {
    const k = kit();
    await k.send(message('act as bob'));
    expect(k.answered[0]).toBe(
      'Nobody called "bob" is on the Playground roster (src/dev/playground-users.ts). Type `@Runbook Incident Bot act as <name>` with one of: ' +
        '`sam` (Sam Staff, staff), `alex` (Alex Approver, approver), `avery` (Avery Approver, approver), `lee` (Lee Lead, lead), ' +
        '`olive` (Olive Outsider, outsider), `riley` (Riley Responder, staff); `@Runbook Incident Bot act as me` stops.',
    );
    expect((await k.send(invoke()))?.from).toEqual(asAccount(sam));
    // A bare "act as" asks whom, with the roster and who is acting now.
    await k.send(message('act as alex'));
    await k.send(message('act as'));
    expect(k.answered.at(-1)).toMatch(
      /^You are acting as Alex Approver here \(dev only\)\. Type `@Runbook Incident Bot act as <name>` with one of the Playground roster: `sam` \(Sam Staff, staff\),/,
    );
  });

  test("`act as me` and `act as sam` stop; the next click is Sam's again", async () => {
    const k = kit();
    await k.send(message('act as me'));
    expect(k.answered.at(-1)).toBe('You are not acting as anyone here: your clicks and messages are your own (Sam Staff).');
    for (const stop of ['me', 'sam', 'Sam Staff', 'myself']) {
      await k.send(message('act as alex'));
      expect((await k.send(invoke()))?.from).toMatchObject({ id: alex.id });
      await k.send(message(`act as ${stop}`));
      expect({ stop, answer: k.answered.at(-1) }).toEqual({
        stop,
        answer: 'Stopped acting as Alex Approver: your clicks and messages in this conversation are your own again (Sam Staff).',
      });
      expect((await k.send(invoke()))?.from).toEqual(asAccount(sam));
    }
    // Switching from one person to another needs no stop in between.
    await k.send(message('act as alex'));
    await k.send(message('act as avery'));
    expect((await k.send(invoke()))?.from).toMatchObject({ id: avery.id });
    expect(k.lines.filter((l) => /stopped acting as Alex Approver/.test(l.message))).toHaveLength(4);
  });

  test("inactive when an app id is set: the bot's own processor, `act as` reaches the bot as typed", async () => {
    const k = kit({ appId: '11111111-2222-4333-8444-555555555555' });
    expect(k.wrapped).toBe(k.inner);
    const typed = message('act as alex');
    expect(await k.send(typed)).toBe(typed);
    expect((await k.send(invoke()))?.from).toEqual(asAccount(sam));
    expect(k.answered).toEqual([]);
    expect(k.lines.map((l) => [l.level, l.message])).toEqual([['warn', 'dev act-as not installed: an app id is set (Bot Framework auth)']]);
    // An empty app id is anonymous auth: active.
    expect(kit({ appId: ' ' }).wrapped).not.toBe(k.inner);
  });

  test('activities without text, conversation or from pass through untouched (the same object)', async () => {
    const k = kit();
    await k.send(message('act as alex'));
    const { text: _t, ...noText } = message('x', personal);
    const { conversation: _c, ...noConversation } = invoke();
    const { from: _f, ...noFrom } = message('act as lee');
    for (const body of [noText, noConversation, noFrom, { ...invoke(), conversation: { id: '' } }, { ...invoke(), from: { id: 7 } }]) {
      expect(await k.send(body)).toBe(body);
    }
    expect(k.answered).toHaveLength(1);
    // Without text in the acting conversation (a file posted there): not a command, but the person's message, so Alex's.
    const attachments = [{ contentType: 'image/png', contentUrl: 'https://x.example/a.png' }];
    const { text: _t2, ...file } = message('x');
    expect(await k.send({ ...file, attachments })).toMatchObject({ from: { id: alex.id }, attachments });
    expect(k.answered).toHaveLength(1);
  });

  test('hostile input: nothing but loopback is heeded, names are never echoed raw, odd shapes change nothing, the memory is bounded', async () => {
    const k = kit({ maxConversations: 2 });
    // From another machine: neither the command nor the rewrite.
    const remote = message('act as alex');
    expect(await k.send(remote, '10.0.0.5')).toBe(remote);
    expect(await k.send(message('act as alex'), '::ffff:192.168.1.9')).toBeDefined();
    expect(k.answered).toEqual([]);
    await k.send(message('act as alex'), '::1');
    expect((await k.send(invoke(), '203.0.113.7'))?.from).toEqual(asAccount(sam));
    expect((await k.send(invoke(), '::ffff:127.0.0.1'))?.from).toMatchObject({ id: alex.id });

    // Names that are markup, Markdown, prototype keys or huge: refused, echoed only as plain letters.
    for (const typed of [
      '<script>alert(1)</script>',
      '**x** [y](https://evil.example) `z`',
      '__proto__',
      'constructor',
      'toString',
      'x'.repeat(10_000),
      '\u202eRTL',
      '\u0000',
    ]) {
      const before = k.answered.length;
      await k.send(message(`act as ${typed}`, personal));
      const answer = k.answered[before];
      expect(answer).toMatch(/^Nobody called "/);
      const echoed = /^Nobody called "([^"]*)"/.exec(answer)?.[1] ?? '';
      expect(echoed.length).toBeLessThanOrEqual(41);
      expect(echoed).not.toMatch(/[<>*[\]()`\u202e\u0000]/);
      expect((await k.send(invoke(personal)))?.from).toEqual(asAccount(sam));
    }
    // A hostile display name of the sender is not echoed raw either.
    await k.send({ ...message('act as me', personal), from: { id: sam.id, name: 'Sam <img src=x> **bold**' } });
    expect(k.answered.at(-1)).toBe('You are not acting as anyone here: your clicks and messages are your own (Sam img srcx bold).');

    // Not a command: "act as" inside a sentence, or in an invoke.
    expect((await k.send(message('note we act as alex said', personal)))?.text).toBe('note we act as alex said');
    expect(await k.send({ ...invoke(personal), text: 'act as alex' })).toMatchObject({ from: asAccount(sam) });
    // Malformed entities and bodies are not the wrapper's to refuse: passed on as they came.
    for (const body of [null, [message('act as alex')], 'act as alex', { ...message('act as alex'), entities: 'x' }, { ...message('act as alex'), text: 42 }]) {
      expect(await k.send(body)).toBe(body);
    }
    // A malformed mention entity is ignored; the command is still read.
    await k.send({ ...message('act as olive', personal), entities: [null, 7, { type: 'mention', text: 5 }] });
    expect(k.answered.at(-1)).toContain('come from Olive Outsider');

    // Bounded: with room for two conversations, the oldest is forgotten.
    await k.send(message('act as lee', { id: '19:a@thread.v2', conversationType: 'groupChat' }));
    await k.send(message('act as lee', { id: '19:b@thread.v2', conversationType: 'groupChat' }));
    expect((await k.send(invoke(approvers)))?.from).toEqual(asAccount(sam));
    expect((await k.send(invoke({ id: '19:b@thread.v2', conversationType: 'groupChat' })))?.from).toMatchObject({ id: PLAYGROUND_USERS.lee.id });
  });
});

describe('act as: the command, pure', () => {
  test("parseActAs reads the name after the bot's mention and markup; anything else is not the command", () => {
    expect(parseActAs('act as alex')).toBe('alex');
    expect(parseActAs('<p>Act&nbsp;as&nbsp;Alex Approver</p>')).toBe('Alex Approver');
    expect(parseActAs('<at>Runbook Incident Bot</at> act as me', ['<at>Runbook Incident Bot</at>'])).toBe('me');
    expect(parseActAs('act as alex <at>Bot</at>', ['<at>Bot</at>'])).toBe('alex');
    expect(parseActAs('act as')).toBe('');
    expect(parseActAs('act   as\n lee!')).toBe('lee');
    expect(parseActAs('acting as alex')).toBeUndefined();
    expect(parseActAs('please act as alex')).toBeUndefined();
    expect(parseActAs('')).toBeUndefined();
  });

  test('chooseActor: roster people, the sender themselves, nobody, unknown', () => {
    expect(chooseActor('Lee', { id: sam.id })).toMatchObject({ kind: 'person', key: 'lee', user: { name: 'Lee Lead' } });
    expect(chooseActor('sam', { id: '29:someone-else', aadObjectId: sam.aadObjectId.toUpperCase() })).toEqual({ kind: 'self' });
    expect(chooseActor('sam', { id: alex.id })).toMatchObject({ kind: 'person', key: 'sam' });
    expect(chooseActor(' ', { id: sam.id })).toEqual({ kind: 'ask' });
    expect(chooseActor('approver', { id: sam.id })).toEqual({ kind: 'unknown', typed: 'approver' });
    expect(echo("Zoë O'Brien-Smith <b>")).toBe("Zoë O'Brien-Smith b");
  });
});
