// restify 11 loads spdy (HTTP/2, unused here), whose http-deceiver 1.2.7 (unmaintained since 2016) reads
// process.binding('http_parser') when it is required: Node prints DEP0111 in every bot process and production log.
// Import this module before restify: it drops exactly that warning (code DEP0111 about 'http_parser'); every other
// warning, DEP0111 about any other binding included, is printed as before.

type EmitWarning = typeof process.emitWarning;

const original: EmitWarning = process.emitWarning.bind(process);

/** Pure: is this the one warning http-deceiver causes? */
export function isHttpParserBindingWarning(warning: unknown, typeOrOptions: unknown, code: unknown): boolean {
  const text = typeof warning === 'string' ? warning : warning instanceof Error ? warning.message : '';
  const givenCode = typeof typeOrOptions === 'object' && typeOrOptions !== null ? (typeOrOptions as { code?: unknown }).code : code;
  const errorCode = warning instanceof Error ? (warning as Error & { code?: unknown }).code : undefined;
  return (givenCode === 'DEP0111' || errorCode === 'DEP0111') && text.includes("process.binding('http_parser')");
}

process.emitWarning = function emitWarning(this: unknown, warning: string | Error, ...rest: unknown[]): void {
  if (isHttpParserBindingWarning(warning, rest[0], rest[1])) return;
  (original as (w: string | Error, ...r: unknown[]) => void)(warning, ...rest);
} as EmitWarning;
