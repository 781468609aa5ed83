// Splits a long Markdown document into chat messages under the Teams message size, at line breaks.

const perMessage = 20_000;
const maxMessages = 5;

/** At most 5 messages of at most 20,000 characters; `truncated` when the document did not fit. */
export function packMessages(markdown: string): { messages: string[]; truncated: boolean } {
  const messages: string[] = [];
  let current = '';
  for (const line of markdown.split('\n')) {
    const piece = line.length > perMessage ? `${line.slice(0, perMessage - 1)}…` : line;
    if (current.length + piece.length + 1 > perMessage) {
      messages.push(current);
      current = '';
      if (messages.length === maxMessages) return { messages, truncated: true };
    }
    current += `${piece}\n`;
  }
  if (current) messages.push(current);
  return { messages, truncated: false };
}

/** A table row's cells: split at pipes that are not escaped (the pack escapes a pipe in a cell as \\|). */
function cellsOf(row: string): string[] {
  const inner = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim());
}

const separatorRow = /^\|(\s*:?-{3,}:?\s*\|)+\s*$/;

/**
 * The pack for a chat: Markdown tables, wider than a phone's chat, become one list line per row ("- **Key**: value";
 * rows of wider tables joined with " · "); a header row of empty cells is dropped. Everything else is kept as written.
 */
export function chatFriendly(markdown: string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const isTable = lines[i].trimStart().startsWith('|') && separatorRow.test(lines[i + 1]?.trim() ?? '');
    if (!isTable) {
      out.push(lines[i]);
      continue;
    }
    const header = cellsOf(lines[i]);
    const named = header.some((h) => h !== '');
    i += 2;
    for (; i < lines.length && lines[i].trimStart().startsWith('|'); i++) {
      const cells = cellsOf(lines[i]);
      if (cells.length === 2 && !named) out.push(`- **${cells[0]}**: ${cells[1]}`);
      else out.push(`- ${cells.map((c, k) => (named && header[k] ? `${header[k]}: ${c}` : c)).join(' · ')}`);
    }
    i--;
  }
  return out.join('\n');
}
