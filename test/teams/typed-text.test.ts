import type { Activity } from 'botbuilder';
import { mentionedUsers, typedText, withoutMarkup } from '../../src/teams/turn-facts';
import { parseTextCommand } from '../../src/teams/text-commands';

// What a person typed reaches the incident as typed: only Teams' own markup goes (issue 14, item 3).

const message = (text: string, entities: unknown[] = []) =>
  ({ type: 'message', text, entities, recipient: { id: '28:bot', name: 'Runbook bot' } }) as unknown as Activity;

test.each([
  ['note message id <CAF999@mail.fabrikam.com> bounced', 'note message id <CAF999@mail.fabrikam.com> bounced'],
  ['note the <user> placeholder and a < b > c', 'note the <user> placeholder and a < b > c'],
  ['note <p>first</p><p>second</p>', 'note first second'],
  ['note line one<br>line two', 'note line one\nline two'],
  ['note Tom &amp; Jerry &lt;x&gt; &nbsp;here', 'note Tom & Jerry <x> here'],
  ['note <b>bold</b> and <a href="https://x.example">link</a>', 'note bold and link'],
])('%j is kept as %j', (raw, kept) => {
  expect(typedText(message(raw))).toBe(kept);
});

test("the bot's own mention goes; a colleague's stays as @Name", () => {
  const bot = { type: 'mention', mentioned: { id: '28:bot', name: 'Runbook bot' }, text: '<at>Runbook bot</at>' };
  const riley = { type: 'mention', mentioned: { id: '29:riley', name: 'Riley Responder' }, text: '<at>Riley Responder</at>' };
  const text = typedText(message('<at>Runbook bot</at> note ask <at>Riley Responder</at> about <CAF1@x.example>', [bot, riley]));
  expect(text).toBe('note ask @Riley Responder about <CAF1@x.example>');
  expect(parseTextCommand(text)).toEqual({ kind: 'note', text: 'ask @Riley Responder about <CAF1@x.example>' });
});

test('withoutMarkup never drops text that is not a tag', () => {
  expect(withoutMarkup('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  expect(withoutMarkup('550 5.7.1 <sender@contoso.com>: Recipient address rejected')).toBe('550 5.7.1 <sender@contoso.com>: Recipient address rejected');
});

test('a mention whose id or name is not a string is ignored, never thrown on (fuzz seed -204118742)', () => {
  const hostile = { type: 'mention', mentioned: { id: [], name: { toString: [] } }, text: '' };
  const oddName = { type: 'mention', mentioned: { id: '29:riley', name: { toString: [] } }, text: '<at>Riley</at>' };
  expect(mentionedUsers(message('', [hostile]))).toEqual([]);
  expect(mentionedUsers(message('', [oddName]))).toEqual([]);
  expect(typedText(message('note hello', [hostile, oddName]))).toBe('note hello');
  const riley = { type: 'mention', mentioned: { id: '29:riley' }, text: '<at>Riley</at>' };
  expect(mentionedUsers(message('', [riley]))).toEqual([{ id: '29:riley', name: 'someone' }]);
});
