import { ClientCertificateCredential, ClientSecretCredential, DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { z } from 'zod';

/** A diagnostic answer: a value, or the reason in words why there is none. Never thrown. */
export type DiagnosticResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export const GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
/** The upper bound for one request; invoke answers must not wait on Graph. */
export const MAX_TIMEOUT_MS = 3000;

export interface TokenProvider {
  getToken(): Promise<string>;
}

/** Adapts an @azure/identity credential to a TokenProvider for the Graph application scope. */
export function tokenProviderFromCredential(credential: TokenCredential, scope = GRAPH_SCOPE, timeoutMs = MAX_TIMEOUT_MS): TokenProvider {
  return {
    async getToken() {
      // Managed identity and DefaultAzureCredential probe endpoints; a token must come within the same bound as a call.
      const token = await credential.getToken(scope, { abortSignal: AbortSignal.timeout(timeoutMs) });
      if (!token) throw new Error('the credential returned no token');
      return token.token;
    },
  };
}

export type GraphCredentialOptions =
  | { kind: 'clientSecret'; tenantId: string; clientId: string; clientSecret: string }
  | { kind: 'certificate'; tenantId: string; clientId: string; certificatePath: string }
  | { kind: 'managedIdentity'; clientId?: string }
  | { kind: 'default' };

/** Builds the credential named by configuration; it makes no network call until a token is asked for. */
export function createGraphCredential(options: GraphCredentialOptions): TokenCredential {
  switch (options.kind) {
    case 'clientSecret':
      return new ClientSecretCredential(options.tenantId, options.clientId, options.clientSecret);
    case 'certificate':
      return new ClientCertificateCredential(options.tenantId, options.clientId, { certificatePath: options.certificatePath });
    case 'managedIdentity':
      return options.clientId ? new ManagedIdentityCredential({ clientId: options.clientId }) : new ManagedIdentityCredential();
    case 'default':
      return new DefaultAzureCredential();
  }
}

export interface GraphClientOptions {
  tokens: TokenProvider;
  baseUrl?: string;
  /** Per request; capped at 3 s. */
  timeoutMs?: number;
  /** Attempts per request including the first (429 and 5xx are retried). */
  maxAttempts?: number;
  /** Longest Retry-After the client will wait; a longer one ends the call with a reason. */
  maxRetryAfterMs?: number;
  /** Most pages followed by getAll. */
  maxPages?: number;
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  /** Named in the reason when Graph answers 403, e.g. 'ExchangeMessageTrace.Read.All'. */
  permission?: string;
}

const graphError = z.object({ error: z.object({ code: z.string().optional(), message: z.string().optional() }) });
const page = z.object({ value: z.array(z.unknown()), '@odata.nextLink': z.string().optional() });

type Attempt = { ok: true; body: unknown } | { ok: false; reason: string };

/** A small Graph reader over fetch: timeout, retry on 429/5xx, paging, zod-checked bodies. */
export class GraphClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly maxRetryAfterMs: number;
  private readonly maxPages: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: GraphClientOptions) {
    this.baseUrl = (options.baseUrl ?? GRAPH_BASE_URL).replace(/\/+$/, '');
    this.timeoutMs = Math.min(options.timeoutMs ?? MAX_TIMEOUT_MS, MAX_TIMEOUT_MS);
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
    this.maxPages = options.maxPages ?? 10;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.fetchFn = options.fetch ?? fetch;
  }

  /** GET one resource (path relative to the base URL, query already encoded) and parse it with schema. */
  async get<T>(path: string, schema: z.ZodType<T>, opts: RequestOptions = {}): Promise<DiagnosticResult<T>> {
    const res = await this.request(this.baseUrl + path, opts);
    if (!res.ok) return res;
    return parseWith(schema, res.body);
  }

  /** GET a collection and follow @odata.nextLink (same origin only) up to maxPages; each item parsed with itemSchema. */
  async getAll<T>(path: string, itemSchema: z.ZodType<T>, opts: RequestOptions = {}): Promise<DiagnosticResult<T[]>> {
    const items: T[] = [];
    let url: string | undefined = this.baseUrl + path;
    for (let n = 0; url !== undefined; n++) {
      if (n >= this.maxPages) return { ok: false, reason: `not available: more than ${this.maxPages} pages from Graph` };
      const res = await this.request(url, opts);
      if (!res.ok) return res;
      const parsed = parseWith(page.extend({ value: z.array(itemSchema) }), res.body);
      if (!parsed.ok) return parsed;
      items.push(...parsed.value.value);
      const next = parsed.value['@odata.nextLink'];
      if (next === undefined) break;
      let resolved: URL;
      try {
        resolved = new URL(next, url);
      } catch {
        return { ok: false, reason: 'not available: Graph sent a next page link that is not a URL' };
      }
      // A nextLink to another host would carry our token elsewhere: refuse it.
      if (resolved.origin !== new URL(this.baseUrl).origin) {
        return { ok: false, reason: 'not available: Graph sent a next page link to another host' };
      }
      url = resolved.href;
    }
    return { ok: true, value: items };
  }

  private async request(url: string, opts: RequestOptions): Promise<Attempt> {
    let token: string;
    try {
      token = await this.options.tokens.getToken();
    } catch (err) {
      return { ok: false, reason: `not available: no Graph token (${describe(err)})` };
    }
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetchFn(url, {
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (err) {
        if (isTimeout(err)) return { ok: false, reason: `not available: timed out after ${seconds(this.timeoutMs)}` };
        return { ok: false, reason: `not available: Graph unreachable (${describe(err)})` };
      }
      const retryable = response.status === 429 || response.status >= 500;
      if (retryable && attempt < this.maxAttempts) {
        const wait = retryAfterMs(response.headers.get('retry-after')) ?? 250 * 2 ** (attempt - 1);
        await response.body?.cancel();
        if (wait > this.maxRetryAfterMs) {
          return { ok: false, reason: `not available: Graph asked to retry after ${seconds(wait)}` };
        }
        await this.sleep(wait);
        continue;
      }
      return this.readBody(response, opts);
    }
  }

  private async readBody(response: Response, opts: RequestOptions): Promise<Attempt> {
    let body: unknown;
    try {
      const text = await response.text();
      body = text.length > 0 ? JSON.parse(text) : undefined;
    } catch (err) {
      if (isTimeout(err)) return { ok: false, reason: `not available: timed out after ${seconds(this.timeoutMs)}` };
      if (response.ok) return { ok: false, reason: 'not available: Graph answered with a body that is not JSON' };
    }
    if (response.ok) return { ok: true, body };
    return { ok: false, reason: `not available: ${statusReason(response.status, body, opts)}` };
  }
}

function statusReason(status: number, body: unknown, opts: RequestOptions): string {
  const detail = graphError.safeParse(body);
  const code = detail.success ? detail.data.error.code : undefined;
  if (status === 403 && opts.permission) return `Graph answered 403 (missing permission ${opts.permission})`;
  if (status === 401) return 'Graph answered 401 (the token was not accepted)';
  if (status === 429) return 'Graph answered 429 (throttled, retries used up)';
  return code ? `Graph answered ${status} (${code})` : `Graph answered ${status}`;
}

function parseWith<T>(schema: z.ZodType<T>, body: unknown): DiagnosticResult<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  return { ok: false, reason: `not available: Graph answered in an unexpected shape (${where}: ${issue?.message ?? 'invalid'})` };
}

/** Retry-After as delay seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: () => number = Date.now): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs) && secs >= 0) return Math.round(secs * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

/** Quotes a value as an OData string literal: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

// Duck-typed: the DOMException fetch throws is not always an Error of this realm.
function isTimeout(err: unknown): boolean {
  const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
  return name === 'TimeoutError' || name === 'AbortError';
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
