import { inDependencySpan } from './spans';

// fetch for an HTTP API (Microsoft Graph) with a dependency span per request: the URL is cut to its path with the
// segments that name someone or something (GUIDs, addresses, long ids) replaced by :id, and no query string.

const idLike = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|.*@.*|.*\d.{15,}|.{41,})$/i;

/** The URL as a span may carry it: origin and path, identifying segments as :id, no query or fragment. */
export function templatedUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname
      .split('/')
      .map((segment) => (idLike.test(decodeURIComponent(segment)) ? ':id' : segment))
      .join('/');
    return `${parsed.origin}${path}`;
  } catch {
    return undefined;
  }
}

const urlOf = (input: Parameters<typeof fetch>[0]): string => (typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url);

/** Wraps `base` (default: global fetch) so that every request is a CLIENT span towards `target`. */
export function tracedFetch(target: string, base: typeof fetch = fetch): typeof fetch {
  return (input, init) => {
    const url = templatedUrl(urlOf(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const name = `${method} ${url ? new URL(url).pathname : '(no URL)'}`;
    return inDependencySpan(
      { name, target, method, ...(url ? { url } : {}) },
      () => base(input, init),
      (response) => response.status,
    );
  };
}
