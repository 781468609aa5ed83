// An independent PowerShell verbatim-string tokenizer for tests (about_Quoting_Rules), written apart from src/incident/powershell.ts.

/** These five characters all open and close a verbatim (single-quoted) string. */
export const singleQuoteChars = new Set(['\u0027', '\u2018', '\u2019', '\u201a', '\u201b']);

/** One verbatim string from `start`: ends at a single-quote char not followed by another; a doubled one yields the second. */
export function readVerbatimString(text: string, start: number): { value: string; end: number } {
  if (!singleQuoteChars.has(text[start])) throw new Error(`no single quote at ${start} in ${text}`);
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (singleQuoteChars.has(c)) {
      if (i + 1 < text.length && singleQuoteChars.has(text[i + 1])) {
        value += text[i + 1];
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += c;
    i += 1;
  }
  throw new Error('unterminated string');
}
