import { ActivityHandler, type CloudAdapter, type TurnContext } from 'botbuilder';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../src/app/logger';
import { createServer, listen } from '../../src/server';
import { activityProcessor, ConnectorRetryNotRemovedError, createCloudAdapter, sdkRetryPolicyName, withoutSdkRetry } from '../../src/teams/adapter';
import { defaultRetryPolicy, RetryBudgetExceededError, type RetryPolicy, retryingTransport } from '../../src/teams/send-retry';
import { type Transport, turnTransport } from '../../src/teams/transport';
import { type ConnectorCall, startLoopbackConnector } from '../helpers/loopback-connector';

// One failing send, end to end: the real restify server and the CloudAdapter from createCloudAdapter, over HTTP to a
// loopback Bot Connector that fails. Each connector request is counted: the connector client sends one request per try
// of send-retry.ts, so a failing send costs exactly maxAttempts requests. Waits go to a fake clock, never timed.

const auth = { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' };
const conversation = { id: 'a:failing-send', conversationType: 'personal', isGroup: false, name: '' };

/** The default policy on a fake clock: every wait is recorded and advances the clock, nothing sleeps. */
function fakeClockPolicy(overrides: Partial<RetryPolicy> = {}) {
  const waits: number[] = [];
  let t = 0;
  const policy: RetryPolicy = {
    ...defaultRetryPolicy,
    now: () => t,
    sleep: async (ms) => {
      waits.push(ms);
      t += ms;
    },
    ...overrides,
  };
  return { policy, waits };
}

/** Posts one message to the bot over HTTP; the bot's turn runs `work` with its retrying transport and keeps the outcome. */
async function sendInTurn(
  serviceUrl: string,
  policy: RetryPolicy,
  work: (transport: Transport) => Promise<unknown>,
  adapter: CloudAdapter = createCloudAdapter(auth),
) {
  let outcome: { ok: true; value: unknown } | { ok: false; err: unknown } | undefined;
  const bot = new ActivityHandler();
  bot.onMessage(async (context: TurnContext, next) => {
    const transport = retryingTransport(turnTransport(context, ''), policy);
    outcome = await work(transport).then(
      (value) => ({ ok: true as const, value }),
      (err: unknown) => ({ ok: false as const, err }),
    );
    await next();
  });
  const server = createServer({ activities: activityProcessor(adapter, bot), log: silentLogger, ready: async () => undefined });
  const port = await listen(server, 0, '127.0.0.1');
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: 'msg-1',
        text: 'status',
        channelId: 'msteams',
        serviceUrl,
        conversation,
        from: { id: '29:sam', name: 'Sam Staff' },
        recipient: { id: '28:bot', name: 'Runbook Incident Bot' },
      }),
    });
    expect(res.status).toBe(200);
  } finally {
    server.close();
  }
  if (!outcome) throw new Error('the turn did not run');
  return outcome;
}

/** A Bot Connector stand-in answering from a script by request number; the shared loopback helper sends no headers. */
async function scriptedConnector(answer: (n: number) => { status: number; headers?: Record<string, string> }) {
  const paths: string[] = [];
  const server = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const { status, headers } = answer(paths.length);
      paths.push(`${req.method} ${req.url}`);
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(status < 300 ? { id: `activity-${paths.length}` } : { error: { code: 'Throttled', message: 'Too many requests' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { serviceUrl, paths, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const hello = { type: 'message' as const, text: 'hello' };
const repliesTo = (calls: ConnectorCall[]) => calls.filter((c) => c.method === 'POST' && c.conversationId === conversation.id && c.activityId === 'msg-1');

test('a reply the connector answers 503 costs exactly 3 requests, one per try, with waits inside the budget', async () => {
  const connector = await startLoopbackConnector();
  try {
    connector.failWhen(() => true, 503);
    const { policy, waits } = fakeClockPolicy();
    const outcome = await sendInTurn(connector.serviceUrl, policy, (t) => t.reply(hello));
    expect(outcome).toMatchObject({ ok: false, err: { statusCode: 503 } });
    expect(repliesTo(connector.calls)).toHaveLength(3);
    expect(connector.calls).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(250);
    expect(waits[0]).toBeLessThanOrEqual(500);
    expect(waits[1]).toBeGreaterThanOrEqual(500);
    expect(waits[1]).toBeLessThanOrEqual(1000);
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(policy.budgetMs ?? 0);
  } finally {
    await connector.close();
  }
});

test('the connector client itself never retries: one try is one request, inbound reply, proactive send and new channel thread', async () => {
  const connector = await startLoopbackConnector();
  try {
    connector.failWhen(() => true, 503);
    const { policy, waits } = fakeClockPolicy({ maxAttempts: 1 });
    const reply = await sendInTurn(connector.serviceUrl, policy, (t) => t.reply(hello));
    expect(reply).toMatchObject({ ok: false, err: { statusCode: 503 } });
    expect(repliesTo(connector.calls)).toHaveLength(1);
    expect(connector.calls).toHaveLength(1);

    const approvers = '19:approvers@thread.v2';
    const proactive = await sendInTurn(connector.serviceUrl, policy, (t) => t.send(t.referenceTo(approvers, 'groupChat'), hello));
    expect(proactive).toMatchObject({ ok: false, err: { statusCode: 503 } });
    expect(connector.calls.slice(1)).toEqual([expect.objectContaining({ method: 'POST', conversationId: approvers })]);

    const thread = await sendInTurn(connector.serviceUrl, policy, (t) => t.postToChannel('19:leads@thread.tacv2', hello));
    expect(thread).toMatchObject({ ok: false, err: { statusCode: 503 } });
    expect(connector.calls.slice(2)).toEqual([expect.objectContaining({ method: 'POST', path: '/v3/conversations' })]);
    expect(waits).toEqual([]);
  } finally {
    await connector.close();
  }
});

test('a 429 with Retry-After is waited out once by our layer, then the send goes through: 2 requests', async () => {
  const connector = await scriptedConnector((n) => (n === 0 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 }));
  try {
    const { policy, waits } = fakeClockPolicy();
    const outcome = await sendInTurn(connector.serviceUrl, policy, (t) => t.reply(hello));
    expect(outcome).toMatchObject({ ok: true, value: { activityId: 'activity-2' } });
    expect(connector.paths).toHaveLength(2);
    expect(waits).toEqual([2000]);
  } finally {
    await connector.close();
  }
});

test('a Retry-After longer than the budget fails at once, in words, after one request and no wait', async () => {
  const connector = await scriptedConnector(() => ({ status: 429, headers: { 'retry-after': '30' } }));
  try {
    const { policy, waits } = fakeClockPolicy();
    const outcome = await sendInTurn(connector.serviceUrl, policy, (t) => t.reply(hello));
    expect(outcome.ok).toBe(false);
    const err = (outcome as { err: unknown }).err;
    expect(err).toBeInstanceOf(RetryBudgetExceededError);
    expect(err).toMatchObject({ statusCode: 429, attempts: 1, wait: { ms: 30_000, retryAfter: true } });
    expect((err as Error).message).toBe(
      'Send given up after 1 try: Teams answered 429 and asked to wait 30.0 s, more than the 8.0 s left of its 8.0 s budget.',
    );
    expect(connector.paths).toHaveLength(1);
    expect(waits).toEqual([]);
  } finally {
    await connector.close();
  }
});

test('a 403 (bot removed or blocked) is one request and fails at once', async () => {
  const connector = await startLoopbackConnector();
  try {
    connector.failWhen(() => true, 403);
    const { policy, waits } = fakeClockPolicy();
    const outcome = await sendInTurn(connector.serviceUrl, policy, (t) => t.reply(hello));
    expect(outcome).toMatchObject({ ok: false, err: { statusCode: 403 } });
    expect(connector.calls).toHaveLength(1);
    expect(waits).toEqual([]);
  } finally {
    await connector.close();
  }
});

test('a connector client not built as botbuilder 4.23.3 builds it is refused loudly, never sent through with two retry layers', () => {
  type Client = Parameters<typeof withoutSdkRetry>[0];
  const withPipeline = (names: string[]) => {
    const removePolicy = ({ name }: { name: string }) => names.splice(0, names.length, ...names.filter((n) => n !== name)).filter((n) => n === name);
    return { client: { pipeline: { removePolicy, getOrderedPolicies: () => names.map((n) => ({ name: n })) } } } as unknown as Client;
  };
  expect(() => withoutSdkRetry({} as Client)).toThrow(ConnectorRetryNotRemovedError);
  expect(() => withoutSdkRetry(withPipeline(['exponentialRetryPolicy']))).toThrow(/0 policies named defaultRetryPolicy/);
  expect(() => withoutSdkRetry(withPipeline([sdkRetryPolicyName, 'throttlingRetryPolicy']))).toThrow(/still in the pipeline: throttlingRetryPolicy/);
});
