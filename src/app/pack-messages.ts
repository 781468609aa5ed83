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
