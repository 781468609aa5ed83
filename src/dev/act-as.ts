import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { Logger } from '../app/logger';
import type { ActivityProcessor } from '../server';
import { type ActAsChoice, answers, chooseActor, echo, parseActAs, type Place } from './act-as-command';
import { PLAYGROUND, PLAYGROUND_USERS, type PlaygroundUser, type PlaygroundUserKey } from './playground-users';

// Dev only (`npm run dev`, DEV_ACT_AS=1, no app id): in the Agents Playground every click and message comes from Sam.
// Typed `act as alex` makes the sender's later activities in that conversation come from Alex (from.id, name and
// aadObjectId rewritten in the activity JSON before the Teams layer parses it) until `act as me`. The command itself
// never reaches the bot: `answer` replies in its turn. Botbuilder-free: it sees only the request body.

export interface ActAsDeps {
  /** MicrosoftAppId. With one set (Bot Framework auth) the wrapper is not installed, whatever the caller asked. */
  appId: string | undefined;
  /** Processes this request as a turn whose only work is to reply `text` in the activity's conversation. */
  answer(text: string): ActivityProcessor;
  log: Logger;
  /** Conversations (per sender) remembered at most; the oldest is forgotten first. */
  maxConversations?: number;
}

const account = z.looseObject({ id: z.string().min(1).max(1024), name: z.string().max(1024).optional(), aadObjectId: z.string().max(128).optional() });
const activitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().max(1024).optional(),
  text: z.string().max(100_000).optional(),
  from: account,
  recipient: account.optional(),
  conversation: z.looseObject({ id: z.string().min(1).max(1024), conversationType: z.string().max(64).optional() }),
  entities: z.array(z.unknown()).max(100).optional(),
});
type ActivityJson = z.infer<typeof activitySchema>;
const mentionSchema = z.looseObject({ type: z.literal('mention'), text: z.string().max(1024), mentioned: z.looseObject({ id: z.string() }) });

/** What a person does: the rewrite applies to these, never to installation or conversation updates. */
const personal = new Set(['message', 'invoke']);

/** A request from this machine (the Playground runs next to the bot); anything else is never rewritten. */
export function fromLoopback(req: Pick<IncomingMessage, 'socket'>): boolean {
  const address = req.socket?.remoteAddress ?? '';
  return /^127\./.test(address) || address === '::1' || /^::ffff:127\./i.test(address);
}

/** A chat or a channel: a channel's threads (`19:...;messageid=...`) are one place, as in the Playground. */
const placeOf = (a: ActivityJson) => a.conversation.id.split(';')[0];
const keyOf = (a: ActivityJson) => `${placeOf(a)}\n${a.from.id}`;

const botMentionsOf = (a: ActivityJson): string[] =>
  (a.entities ?? []).flatMap((e) => {
    const m = mentionSchema.safeParse(e);
    return m.success && a.recipient && m.data.mentioned.id === a.recipient.id ? [m.data.text] : [];
  });

/** The ActivityProcessor `inner` with the act-as switch in front; `inner` itself when an app id is set. */
export function withActAs(inner: ActivityProcessor, deps: ActAsDeps): ActivityProcessor {
  if (deps.appId !== undefined && deps.appId.trim() !== '') {
    deps.log.warn({}, 'dev act-as not installed: an app id is set (Bot Framework auth)');
    return inner;
  }
  const max = deps.maxConversations ?? 200;
  const acting = new Map<string, PlaygroundUserKey>();

  const decide = (a: ActivityJson, choice: ActAsChoice): string => {
    const key = keyOf(a);
    const place: Place = { personal: a.conversation.conversationType === 'personal', botName: a.recipient?.name || PLAYGROUND.bot.name };
    const current: PlaygroundUser | undefined = acting.has(key) ? PLAYGROUND_USERS[acting.get(key) as PlaygroundUserKey] : undefined;
    const sender = echo(a.from.name ?? a.from.id);
    const log = deps.log.with({ conversationId: placeOf(a), activityId: a.id, sender: a.from.id });
    switch (choice.kind) {
      case 'person':
        acting.delete(key);
        acting.set(key, choice.key);
        while (acting.size > max) acting.delete(acting.keys().next().value as string);
        log.info({ actingAs: choice.user.id }, `dev act-as: ${sender} now acts as ${choice.user.name} in this conversation`);
        return answers.acting(choice.user, place);
      case 'self':
        acting.delete(key);
        if (current) log.info({ actingAs: null }, `dev act-as: ${sender} stopped acting as ${current.name}`);
        return answers.stopped(sender, current);
      case 'ask':
        return answers.ask(place, current);
      case 'unknown':
        log.info({}, 'dev act-as: a name not on the Playground roster');
        return answers.unknown(choice.typed, place);
    }
  };

  return {
    async process(req, res) {
      const parsed = fromLoopback(req) ? activitySchema.safeParse(req.body) : undefined;
      if (!parsed?.success) return inner.process(req, res);
      const a = parsed.data;
      if (a.type === 'message' && a.text !== undefined) {
        const named = parseActAs(a.text, botMentionsOf(a));
        if (named !== undefined) return deps.answer(decide(a, chooseActor(named, a.from))).process(req, res);
      }
      const as = acting.get(keyOf(a));
      if (as && personal.has(a.type)) {
        const user = PLAYGROUND_USERS[as];
        req.body = { ...a, from: { ...a.from, id: user.id, name: user.name, aadObjectId: user.aadObjectId } };
        deps.log.info(
          { conversationId: placeOf(a), activityId: a.id, activityType: a.type, sender: a.from.id, actingAs: user.id },
          `dev act-as: ${a.type} from ${a.from.name ?? a.from.id} delivered as ${user.name}`,
        );
      }
      return inner.process(req, res);
    },
  };
}
