import { randomBytes } from 'node:crypto';
import fsCallback, { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CardFactory, type InvokeResponse, MessageFactory, TeamsActivityHandler, type TurnContext } from 'botbuilder';
import { silentLogger } from '../src/app/logger';
import { createServer } from '../src/server';
import { cardRequest, messageRequest } from '../src/teams/activity-request';
import { activityProcessor, createCloudAdapter } from '../src/teams/adapter';

// The floor bot: what any bot that keeps an incident durably must do per activity, and nothing else. It parses the
// activity with the runbook bot's own edge (zod for card data), makes one durable write of the incident document's
// size (temp + fsync + rename + directory fsync, the file store's durability) and answers with a card of the incident
// card's size: the invoke's response for a click, a reply through the Bot Connector for a message.

export interface FloorSizes {
  /** Bytes of the incident document the runbook bot writes per save (measured mid-run). */
  documentBytes: number;
  /** Bytes of the card the runbook bot answers a card action with (mean). */
  actionCardBytes: number;
  /** Bytes of the card the runbook bot replies to a typed message with (mean). */
  replyCardBytes: number;
}

const io = {
  open: promisify(fsCallback.open),
  write: promisify(fsCallback.write),
  fsync: promisify(fsCallback.fsync),
  close: promisify(fsCallback.close),
  rename: promisify(fsCallback.rename),
};

/** Durable replace of `dir/name`: temp file written and fsynced, renamed over the name, the directory fsynced. */
export async function durableWrite(dir: string, name: string, bytes: Buffer): Promise<void> {
  const file = join(dir, name);
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await io.open(temp, 'w');
  try {
    for (let done = 0; done < bytes.length;) done += (await io.write(handle, bytes, done, bytes.length - done, null)).bytesWritten;
    await io.fsync(handle);
  } finally {
    await io.close(handle);
  }
  await io.rename(temp, file);
  const dirHandle = await io.open(dir, 'r');
  try {
    await io.fsync(dirHandle);
  } finally {
    await io.close(dirHandle);
  }
}

const filler = 'Text of the same size as the incident card. '.repeat(5);

/** An Adaptive Card (1.5, one Action.Execute) whose JSON is exactly `bytes` long, or the smallest such card if larger. */
export function floorCard(bytes: number): Record<string, unknown> {
  const body: { type: string; text: string; wrap: boolean }[] = [];
  const card = { type: 'AdaptiveCard', version: '1.5', body, actions: [{ type: 'Action.Execute', title: 'Next', verb: 'floor.next', data: {} }] };
  const size = () => Buffer.byteLength(JSON.stringify(card));
  for (;;) {
    const block = { type: 'TextBlock', text: '', wrap: true };
    body.push(block);
    const room = bytes - size();
    block.text = filler.slice(0, Math.max(0, Math.min(room, filler.length)));
    if (room <= filler.length) return card;
  }
}

/** The document text: `bytes` long, stamped with the incident's key and a counter, as a rewrite of the whole document. */
function documentText(key: string, n: number, bytes: number): Buffer {
  const head = JSON.stringify({ id: key, version: n, pad: '' });
  return Buffer.from(`${head.slice(0, -2)}${'x'.repeat(Math.max(0, bytes - Buffer.byteLength(head)))}"}`, 'utf8');
}

class FloorBot extends TeamsActivityHandler {
  private writes = 0;
  private readonly actionCard: Record<string, unknown>;
  private readonly replyCard: Record<string, unknown>;

  constructor(
    private readonly dir: string,
    private readonly sizes: FloorSizes,
  ) {
    super();
    this.actionCard = floorCard(sizes.actionCardBytes);
    this.replyCard = floorCard(sizes.replyCardBytes);
    this.onMessage(async (context, next) => {
      const request = await messageRequest(context);
      await this.save(request.from.origin.conversationId);
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(this.replyCard)));
      await next();
    });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const request = cardRequest(context.activity);
    const ask = request.ask as { incidentId?: string };
    await this.save(ask.incidentId ?? request.from.origin.conversationId);
    return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: this.actionCard } };
  }

  /** One document per incident (or conversation, before the incident has an id), rewritten whole on every activity. */
  private save(key: string): Promise<void> {
    return durableWrite(this.dir, `${encodeURIComponent(key)}.json`, documentText(key, ++this.writes, this.sizes.documentBytes));
  }
}

/** The floor bot on the runbook bot's stack (its restify server, CloudAdapter and activity handler base); documents go under `dataDir`. */
export function createFloorApp(dataDir: string, sizes: FloorSizes) {
  const dir = join(dataDir, 'incidents');
  mkdirSync(dir, { recursive: true });
  const adapter = createCloudAdapter({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' });
  return { server: createServer({ activities: activityProcessor(adapter, new FloorBot(dir, sizes)), log: silentLogger, ready: async () => undefined }) };
}
