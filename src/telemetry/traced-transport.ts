import type { ConversationRef, Transport } from '../app/outbound';
import { inDependencySpan } from './spans';

// Every send to the Bot Connector as a dependency span: the URL as a route template (:conversationId, :activityId; no ids).

const target = 'Bot Connector';

function connectorUrl(reference: ConversationRef, path: string): string | undefined {
  try {
    return new URL(path, reference.serviceUrl).toString();
  } catch {
    return undefined; // no usable service URL (tests' fakes): the span has no URL
  }
}

/** The same transport, each call inside a CLIENT span named after the Connector operation. */
export function tracedTransport(transport: Transport): Transport {
  const at = (path: string) => connectorUrl(transport.currentReference(), path);
  const call = <T>(method: string, path: string, work: () => Promise<T>) =>
    inDependencySpan({ name: `${method} ${path}`, target, method, url: at(path) }, work);
  return {
    conversationId: transport.conversationId,
    currentReference: () => transport.currentReference(),
    referenceTo: (conversationId, kind) => transport.referenceTo(conversationId, kind),
    reply: (activity) => call('POST', '/v3/conversations/:conversationId/activities/:activityId', () => transport.reply(activity)),
    send: (reference, activity) => call('POST', '/v3/conversations/:conversationId/activities', () => transport.send(reference, activity)),
    update: (posted, activity) => call('PUT', '/v3/conversations/:conversationId/activities/:activityId', () => transport.update(posted, activity)),
    postToChannel: (channelId, activity) => call('POST', '/v3/conversations', () => transport.postToChannel(channelId, activity)),
  };
}
