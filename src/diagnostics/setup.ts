import type { Config } from '../config';
import type { DiagnosticsAvailability } from '../incident/handlers/change';
import { tracedFetch } from '../telemetry/traced-fetch';
import { ApproverGroupCheck } from './approver-group';
import type { DnsCheckOptions } from './dns-checks';
import { messageTraceBudget, type RequestBudget } from './request-budget';
import { createGraphCredential, GraphClient, type GraphCredentialOptions, type TokenProvider, tokenProviderFromCredential } from './graph-client';

// From configuration to the live-check parts: a Graph client (or none), DNS options (or none), the approver check.

export interface DiagnosticsSetup {
  graph?: GraphClient;
  dns?: DnsCheckOptions;
  traceBudget: RequestBudget;
  approvers: ApproverGroupCheck;
  availability: DiagnosticsAvailability;
}

export interface SetupOptions {
  /** Replaces the @azure/identity credential (tests: a fixed token, so nothing reaches Entra). */
  tokens?: TokenProvider;
  /** Told when the approver group cannot be read and configured approvers are used alone. */
  onFallback?: (reason: string) => void;
}

/** Builds nothing that calls out until a check runs; GRAPH_AUTH=none leaves Graph out entirely. */
export function diagnosticsFromConfig(config: Config, options: SetupOptions = {}): DiagnosticsSetup {
  const credential = graphCredentialOptions(config);
  const tokens = options.tokens ?? (credential ? tokenProviderFromCredential(createGraphCredential(credential)) : undefined);
  const graph =
    credential && tokens
      ? new GraphClient({ tokens, baseUrl: config.GRAPH_BASE_URL, maxRetryAfterMs: 5000, fetch: tracedFetch('Microsoft Graph') })
      : undefined;
  const dns: DnsCheckOptions | undefined = config.DNS_CHECKS ? (config.DNS_SERVERS.length ? { servers: config.DNS_SERVERS } : {}) : undefined;
  const approvers = new ApproverGroupCheck({
    configuredIds: config.APPROVER_IDS,
    groupId: config.APPROVER_GROUP_ID,
    client: graph,
    cacheMinutes: config.APPROVER_GROUP_CACHE_MINUTES,
    transitive: true,
    onFallback: options.onFallback,
  });
  return { graph, dns, traceBudget: messageTraceBudget(), approvers, availability: { graph: graph !== undefined, dns: dns !== undefined } };
}

/** The credential GRAPH_AUTH names; config.ts has already checked that its keys are present. */
export function graphCredentialOptions(config: Config): GraphCredentialOptions | undefined {
  switch (config.GRAPH_AUTH) {
    case 'none':
      return undefined;
    case 'client-secret':
      return { kind: 'clientSecret', tenantId: config.GRAPH_TENANT_ID!, clientId: config.GRAPH_CLIENT_ID!, clientSecret: config.GRAPH_CLIENT_SECRET! };
    case 'certificate':
      return { kind: 'certificate', tenantId: config.GRAPH_TENANT_ID!, clientId: config.GRAPH_CLIENT_ID!, certificatePath: config.GRAPH_CERTIFICATE_PATH! };
    case 'managed-identity':
      return { kind: 'managedIdentity', ...(config.GRAPH_CLIENT_ID ? { clientId: config.GRAPH_CLIENT_ID } : {}) };
    case 'default':
      return { kind: 'default' };
  }
}
