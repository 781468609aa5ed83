import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { isHttpParserBindingWarning } from '../src/http-parser-warning';

// DEP0111 from restify -> spdy -> http-deceiver is dropped; every other warning still prints (a real node process).

const root = join(__dirname, '..');
function stderrOf(script: string): string {
  try {
    execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    return '';
  } catch (err) {
    return String((err as { stderr?: string }).stderr ?? err);
  }
}

/** Runs a script and returns what it wrote to stderr (the script exits 1 at its end so stderr is captured). */
const stderr = (script: string) => stderrOf(`${script}; setImmediate(() => process.exit(1));`);

describe('the http_parser deprecation warning', () => {
  test('restify alone prints DEP0111 (the reason for the module)', () => {
    expect(stderr("require('restify')")).toMatch(/DEP0111.*process\.binding\('http_parser'\)/);
  });

  test('the server module loads restify without it', () => {
    const out = stderr("require('./dist/src/server.js')");
    expect(out).not.toMatch(/DEP0111/);
  });

  test('every other warning, DEP0111 about another binding included, still prints', () => {
    const out = stderr(
      "require('./dist/src/server.js'); process.emitWarning(\"Access to process.binding('fs') is deprecated.\", 'DeprecationWarning', 'DEP0111'); process.emitWarning('something else', 'Warning')",
    );
    expect(out).toMatch(/DEP0111.*process\.binding\('fs'\)/);
    expect(out).toMatch(/Warning: something else/);
  });

  test('recognises the warning in each form emitWarning takes, and nothing else', () => {
    const text = "Access to process.binding('http_parser') is deprecated.";
    expect(isHttpParserBindingWarning(text, 'DeprecationWarning', 'DEP0111')).toBe(true);
    expect(isHttpParserBindingWarning(text, { type: 'DeprecationWarning', code: 'DEP0111' }, undefined)).toBe(true);
    expect(isHttpParserBindingWarning(Object.assign(new Error(text), { code: 'DEP0111' }), undefined, undefined)).toBe(true);
    expect(isHttpParserBindingWarning(text, 'DeprecationWarning', 'DEP0005')).toBe(false);
    expect(isHttpParserBindingWarning('other', 'DeprecationWarning', 'DEP0111')).toBe(false);
  });
});
