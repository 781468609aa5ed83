import { renderMessageCard } from '../../src/cards';
import { helpText } from '../../src/app/help-text';

// Help is the bot's own Markdown and renders as such; what a person typed is still shown literally (issue 14 item 7).

const blocks = (card: Record<string, unknown>) =>
  JSON.stringify(card).match(/"text":"(?:[^"\\]|\\.)*"/g)?.map((t) => JSON.parse(`{${t}}`).text as string) ?? [];

test('help shows **start** as bold Markdown, not escaped', () => {
  const texts = blocks(renderMessageCard('Runbook bot: what you can type', '', 'default', helpText));
  expect(texts).toContain(helpText);
  expect(texts.join('\n')).not.toContain('\\*\\*start\\*\\*');
  expect(texts).toHaveLength(2); // the title and the help; no empty text block
});

test('the unknown-command card escapes the typed text and keeps the help as Markdown', () => {
  const texts = blocks(renderMessageCard('Not a command I know', '"**boss** [x](https://evil.example)" is not a command.', 'default', helpText));
  expect(texts[1]).toBe('"\\*\\*boss\\*\\* \\[x\\]\\(https://evil.example\\)" is not a command.');
  expect(texts[2]).toBe(helpText);
});
