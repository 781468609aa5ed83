import { z } from 'zod';

// Every environment variable the bot reads, parsed once at start-up; all problems reported together.

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = z.preprocess(emptyToUndefined, z.string().trim().optional());
const bool = (fallback: boolean) =>
  z.preprocess(emptyToUndefined, z.enum(['true', 'false', '1', '0']).optional()).transform((v) => (v === undefined ? fallback : v === 'true' || v === '1'));
const guidList = z
  .preprocess(emptyToUndefined, z.string().optional())
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(guid, 'each approver must be an Entra object id (GUID)')));

export const configSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).default(3978)),
  HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
  MicrosoftAppId: z.preprocess(emptyToUndefined, z.string().regex(guid, 'must be the bot app id (GUID)').optional()),
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.preprocess(emptyToUndefined, z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant')),
  MicrosoftAppTenantId: z.preprocess(emptyToUndefined, z.string().regex(guid, 'must be a tenant id (GUID)').optional()),
  STORE: z.preprocess(emptyToUndefined, z.enum(['memory', 'file', 'blob']).default('file')),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  AZURE_STORAGE_CONNECTION_STRING: optionalText,
  AZURE_STORAGE_ACCOUNT_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  AZURE_STORAGE_CONTAINER: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a valid container name')
      .default('incidents'),
  ),
  RUNBOOKS_DIR: optionalText,
  APPROVER_IDS: guidList,
  APPROVER_GROUP_ID: z.preprocess(emptyToUndefined, z.string().regex(guid, 'must be an Entra group id (GUID)').optional()),
  APPROVER_GROUP_CACHE_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1440).default(5)),
  GRAPH_AUTH: z.preprocess(emptyToUndefined, z.enum(['none', 'client-secret', 'certificate', 'managed-identity', 'default']).default('none')),
  GRAPH_TENANT_ID: z.preprocess(emptyToUndefined, z.string().regex(guid, 'must be a tenant id (GUID)').optional()),
  GRAPH_CLIENT_ID: z.preprocess(emptyToUndefined, z.string().regex(guid, 'must be an app (client) id (GUID)').optional()),
  GRAPH_CLIENT_SECRET: optionalText,
  GRAPH_CERTIFICATE_PATH: optionalText,
  GRAPH_BASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .url()
      .refine(
        (u) => u.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(u),
        'must be https (plain http only on loopback: the bearer token is sent there)',
      )
      .default('https://graph.microsoft.com/v1.0'),
  ),
  DNS_CHECKS: bool(false),
  DNS_SERVERS: z
    .preprocess(emptyToUndefined, z.string().optional())
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\])(:\d{1,5})?$/i, 'each DNS server must be an IP address, optionally with :port'))),
  APPROVERS_CONVERSATION_ID: optionalText,
  SUMMARY_CHANNEL_ID: optionalText,
  APPROVAL_CARD_REFRESH: bool(false),
  APPROVAL_REMIND_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(10080).default(30)),
  IDLE_REMIND_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(10080).default(60)),
  SEV1_RESPONSE_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1440).default(10)),
  REMINDER_SWEEP_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(3600).default(60)),
  /** A sending claimed this long ago and not marked is taken to be lost with its instance (a crash) and sent again. */
  OUTBOX_LEASE_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(3600).default(30)),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info')),
  /** Application Insights: turns, dependencies, exceptions and the incidents' own figures through OpenTelemetry; unset: none. */
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.preprocess(emptyToUndefined, z.string().trim().superRefine(checkConnectionString).optional()),
  TELEMETRY_METRIC_INTERVAL_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3600).default(60)),
  /** Dev only (`npm run dev` sets it): typed `act as <person>` makes the Playground's clicks come from that roster person. */
  DEV_ACT_AS: bool(false),
});

/** An Application Insights connection string: InstrumentationKey (a GUID) and, if given, an https IngestionEndpoint (http on loopback). */
function checkConnectionString(value: string, ctx: z.RefinementCtx): void {
  const parts = new Map(
    value
      .split(';')
      .filter((p) => p.includes('='))
      .map((p) => [p.slice(0, p.indexOf('=')).trim().toLowerCase(), p.slice(p.indexOf('=') + 1).trim()] as const),
  );
  const key = parts.get('instrumentationkey');
  if (!key || !guid.test(key)) ctx.addIssue({ code: 'custom', message: 'must be an Application Insights connection string with InstrumentationKey=<GUID>' });
  const endpoint = parts.get('ingestionendpoint');
  if (endpoint && !/^https:\/\/[^\s/]+/.test(endpoint) && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/.test(endpoint)) {
    ctx.addIssue({ code: 'custom', message: 'IngestionEndpoint must be an https URL (plain http only on loopback)' });
  }
}

type RawEnv = Record<string, string | undefined>;
const given = (v: string | undefined) => v !== undefined && v.trim() !== '';

/** Rules across keys, on the raw strings, so they are reported even when a single key is also bad. */
function crossFieldProblems(env: RawEnv): string[] {
  const problems: string[] = [];
  const type = given(env.MicrosoftAppType) ? env.MicrosoftAppType : 'MultiTenant';
  if (given(env.MicrosoftAppId) && type !== 'UserAssignedMSI' && !given(env.MicrosoftAppPassword)) {
    problems.push('MicrosoftAppPassword: is required when MicrosoftAppId is set (unless MicrosoftAppType=UserAssignedMSI)');
  }
  if (type !== 'MultiTenant' && !given(env.MicrosoftAppTenantId)) problems.push(`MicrosoftAppTenantId: is required when MicrosoftAppType=${type}`);
  if (env.STORE?.trim() === 'blob' && !given(env.AZURE_STORAGE_CONNECTION_STRING) && !given(env.AZURE_STORAGE_ACCOUNT_URL)) {
    problems.push('AZURE_STORAGE_CONNECTION_STRING: or AZURE_STORAGE_ACCOUNT_URL is required when STORE=blob');
  }
  const graph = given(env.GRAPH_AUTH) ? env.GRAPH_AUTH!.trim() : 'none';
  if (graph === 'client-secret' || graph === 'certificate') {
    const secretKey = graph === 'client-secret' ? 'GRAPH_CLIENT_SECRET' : 'GRAPH_CERTIFICATE_PATH';
    for (const key of ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', secretKey]) {
      if (!given(env[key])) problems.push(`${key}: is required when GRAPH_AUTH=${graph}`);
    }
  }
  if (given(env.APPROVER_GROUP_ID) && graph === 'none') {
    problems.push('APPROVER_GROUP_ID: needs GRAPH_AUTH (the group members are read through Microsoft Graph)');
  }
  if (/^(true|1)$/.test(env.DEV_ACT_AS?.trim() ?? '') && given(env.MicrosoftAppId)) {
    problems.push(
      'DEV_ACT_AS: is for npm run dev against the local Playground only (anonymous auth); it cannot be on with MicrosoftAppId set. Remove DEV_ACT_AS',
    );
  }
  if (!given(env.APPROVER_IDS) && !given(env.APPROVER_GROUP_ID)) {
    problems.push("APPROVER_IDS: is required: list the approvers' Entra object ids (comma-separated), or set APPROVER_GROUP_ID");
  }
  return problems;
}

export type Config = z.infer<typeof configSchema>;

/** Keys only `npm run dev` sets: read and documented in .env.example, never set by a deployment (infra/). */
export const devOnlyConfigKeys: readonly (keyof Config)[] = ['DEV_ACT_AS'];

/** Every production key the schema reads (for .env.example and the infra cross-check). */
export const configKeys = (Object.keys(configSchema.shape) as (keyof Config)[]).filter((k) => !devOnlyConfigKeys.includes(k));

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Parses the environment; on failure lists every bad or missing key in words. Never echoes secret values. */
export function loadConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const picked = Object.fromEntries([...configKeys, ...devOnlyConfigKeys].map((k) => [k, env[k]]));
  const parsed = configSchema.safeParse(picked);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`)),
    ...crossFieldProblems(picked),
  ];
  if (parsed.success && problems.length === 0) return { ok: true, config: parsed.data };
  return { ok: false, problems };
}
