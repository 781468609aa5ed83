import { verbs } from '../../src/cards/verbs';
import { parseCardAction } from '../../src/teams/action-parsing';

const execute = (verb: unknown, data: unknown) => ({ action: { type: 'Action.Execute', verb, data } });
const meta = { incidentId: 'INC-20261124-001', version: 3, key: 'INC-20261124-001:3:item.tick:x' };

describe('parseCardAction', () => {
  test('maps each verb to its command with typed inputs', () => {
    expect(parseCardAction(execute(verbs.tick, { ...meta, list: 'checklist', itemId: 'run-message-trace', done: 'true' }))).toEqual({
      kind: 'command', ...meta, body: { type: 'tick', list: 'checklist', itemId: 'run-message-trace', done: true },
    });
    expect(parseCardAction(execute(verbs.submitIntake, { ...meta, f_sender: 'a@b.com', f_scope: 'tenant', other: 'ignored' }))).toMatchObject({
      body: { type: 'submitIntake', values: { sender: 'a@b.com', scope: 'tenant' } },
    });
    expect(parseCardAction(execute(verbs.requestApproval, { ...meta, actionId: 'fix', reason_fix: 'because' }))).toMatchObject({
      body: { type: 'requestApproval', actionId: 'fix', reason: 'because' },
    });
    expect(parseCardAction(execute(verbs.acknowledge, { ...meta, ack: 'a:ipv4:1.2.3.4, b:guid:x' }))).toMatchObject({
      body: { type: 'acknowledgeWarnings', warningIds: ['a:ipv4:1.2.3.4', 'b:guid:x'] },
    });
    expect(parseCardAction(execute(verbs.addEvidence, { ...meta, evidenceText: 'x', evidenceUrl: 'https://e/1' }))).toMatchObject({
      body: { type: 'addEvidence', kind: 'link', text: 'x', url: 'https://e/1' },
    });
    expect(parseCardAction(execute(verbs.pickRunbook, { runbookId: 'exchange-online-mail-flow-failure' }))).toEqual({
      kind: 'pick', runbookId: 'exchange-online-mail-flow-failure',
    });
  });

  test('bad payloads come back as words, never throw', () => {
    const cases: [unknown, RegExp][] = [
      [undefined, /malformed payload/],
      ['text', /malformed payload/],
      [{ action: { type: 'Action.Submit', verb: 'x' } }, /malformed payload/],
      [execute('incident.delete', meta), /not an action the bot knows/],
      [execute(verbs.tick, { ...meta, list: 'other', itemId: 'x', done: 'maybe' }), /missing or malformed values \(list, done\)/],
      [execute(verbs.close, { incidentId: 'INC-1', version: 1, key: 'k' }), /missing its incident id, version or key/],
      [execute(verbs.close, { ...meta, version: -1 }), /missing its incident id, version or key/],
      [execute(verbs.pickRunbook, {}), /No runbook was chosen/],
      [execute(verbs.decideApproval, { ...meta, approvalId: 'A1', decision: 'maybe' }), /malformed values \(decision\)/],
    ];
    for (const [value, words] of cases) {
      const parsed = parseCardAction(value);
      expect(parsed.kind).toBe('invalid');
      expect(parsed.kind === 'invalid' && parsed.message).toMatch(words);
    }
  });

  test('authorization fields in card data are ignored: only the verb data is read', () => {
    const parsed = parseCardAction(execute(verbs.decideApproval, { ...meta, approvalId: 'A1', decision: 'approve', actor: { id: 'forged' }, approverIds: ['forged'] }));
    expect(parsed).toEqual({ kind: 'command', ...meta, body: { type: 'decideApproval', approvalId: 'A1', decision: 'approve', comment: undefined } });
  });
});
