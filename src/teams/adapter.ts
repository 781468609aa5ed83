import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConversationReference,
  type Request,
  type Response,
  type TurnContext,
} from 'botbuilder';
import type { Transport } from '../app/outbound';
import type { Incident } from '../incident/types';

// The CloudAdapter whose connector clients send each request once: src/teams/send-retry.ts is the only retry layer.
//
// Why the SDK's retry is removed rather than configured (botbuilder 4.23.3): every ConnectorClient is a core-client
// ServiceClient whose pipeline gets core-rest-pipeline's `defaultRetryPolicy` (3 retries; 429/503 after Retry-After,
// however long; 5xx and socket errors after 0.5-4 s backoff; no total budget). botbuilder-stdlib's ServiceClientContext
// forwards none of `retryOptions`, `noRetryPolicy` or a pipeline to that ServiceClient, and ConnectorFactoryImpl replaces
// `requestPolicyFactories`, so no ConnectorClientOptions value reaches it. Taking the policy out of each client's pipeline
// is the one switch that takes effect; test/e2e/failing-send.test.ts proves it over HTTP.

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/** core-rest-pipeline's name for the retry policy it adds to every client pipeline. */
export const sdkRetryPolicyName = 'defaultRetryPolicy';

/** The connector client is not shaped as in botbuilder 4.23.3: its own retry could not be switched off. */
export class ConnectorRetryNotRemovedError extends Error {
  constructor(detail: string) {
    super(`The Bot Connector client's own retry could not be switched off (${detail}); sends would retry in two layers.`);
    this.name = 'ConnectorRetryNotRemovedError';
  }
}

interface PipelineLike {
  removePolicy(options: { name: string }): unknown[];
  getOrderedPolicies(): { name: string }[];
}

const settled = new WeakSet<object>();

/** Takes the SDK's retry policy out of one connector client; throws rather than leave a second retry layer in place. */
export function withoutSdkRetry(client: ConnectorClient): ConnectorClient {
  if (settled.has(client)) return client;
  // ServiceClientContext keeps its core-client ServiceClient in a field TypeScript calls private; `pipeline` on it is public.
  const pipeline = (client as unknown as { client?: { pipeline?: Partial<PipelineLike> } }).client?.pipeline;
  if (typeof pipeline?.removePolicy !== 'function' || typeof pipeline.getOrderedPolicies !== 'function') {
    throw new ConnectorRetryNotRemovedError('no request pipeline on the client');
  }
  const removed = pipeline.removePolicy({ name: sdkRetryPolicyName });
  if (removed.length !== 1) throw new ConnectorRetryNotRemovedError(`${removed.length} policies named ${sdkRetryPolicyName}`);
  const left = pipeline
    .getOrderedPolicies()
    .map((p) => p.name)
    .filter((name) => /retry/i.test(name));
  if (left.length > 0) throw new ConnectorRetryNotRemovedError(`still in the pipeline: ${left.join(', ')}`);
  settled.add(client);
  return client;
}

function singleLayer(factory: ConnectorFactory): ConnectorFactory {
  return { create: async (serviceUrl, audience) => withoutSdkRetry(await factory.create(serviceUrl, audience)) };
}

/** Bot Framework authentication whose connector factories, inbound and proactive, hand out clients that never retry. */
class SingleRetryLayerAuthentication extends ConfigurationBotFrameworkAuthentication {
  // Inbound turns (CloudAdapter.process) take their connector factory from here.
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: singleLayer(result.connectorFactory) } : result;
  }

  // Proactive sends (continueConversationAsync, createConversationAsync) take theirs from here.
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return singleLayer(super.createConnectorFactory(claimsIdentity));
  }
}

/** The bot's CloudAdapter: Bot Framework auth from `auth`, connector requests sent once each (retries live in send-retry.ts). */
export function createCloudAdapter(auth: ConfigurationBotFrameworkAuthenticationOptions): CloudAdapter {
  return new CloudAdapter(new SingleRetryLayerAuthentication(auth));
}

/** The server's view of the Teams layer: one activity in, the answer written (src/server.ts stays free of botbuilder). */
export function activityProcessor(adapter: CloudAdapter, bot: { run(context: TurnContext): Promise<void> }) {
  return { process: (req: Request, res: Response) => adapter.process(req, res, (context) => bot.run(context)) };
}

/** Work outside any turn (deliveries after the answer, live checks, the sweep), in the incident's conversation. */
export function conversationRunner(adapter: CloudAdapter, appId: string, transport: (context: TurnContext) => Transport) {
  return (incident: Incident, work: (t: Transport) => Promise<void>) =>
    adapter.continueConversationAsync(appId, incident.origin.reference as Partial<ConversationReference>, (context) => work(transport(context)));
}
