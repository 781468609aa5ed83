import { verbs } from '../../src/cards/verbs';
import { parseCardAction } from '../../src/teams/action-parsing';

const execute = (verb: unknown, data: unknown) => ({ action: { type: 'Action.Execute', verb, data } });
const meta = { incidentId: 'INC-20261124-001', version: 3, key: 'INC-20261124-001:3:item.tick:x' };

describe('parseCardAction', () => {
  test('maps each verb to its command with typed inputs', () => {
    expect(parseCardAction(execute(verbs.tick, { ...meta, list: 'checklist', itemId: 'run-message-trace', done: 'true' }))).toEqual({
      kind: 'command',
      ...meta,
      typed: expect.any(Object),
      body: { type: 'tick', list: 'checklist', itemId: 'run-message-trace', done: true },
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
      kind: 'pick',
      runbookId: 'exchange-online-mail-flow-failure',
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

  test('N/A on a tick item carries the shared reason box (trimmed) as the note; Done ignores the box', () => {
    const na = { ...meta, list: 'validation', itemId: 'change-documented', done: false, notApplicable: true };
    expect(parseCardAction(execute(verbs.tick, { ...na, naReason: '  No transport change was made \n' }))).toEqual({
      kind: 'command',
      ...meta,
      typed: expect.any(Object),
      body: { type: 'tick', list: 'validation', itemId: 'change-documented', done: false, notApplicable: true, note: 'No transport change was made' },
    });
    // The Playground and Teams send booleans as strings sometimes.
    expect(parseCardAction(execute(verbs.tick, { ...na, notApplicable: 'true', naReason: 'x' }))).toMatchObject({ body: { notApplicable: true, note: 'x' } });
    // No reason: still a command, for decide() to refuse in words ("Say why ... does not apply").
    for (const naReason of [undefined, '', '   ']) {
      expect(parseCardAction(execute(verbs.tick, { ...na, naReason }))).toEqual({
        kind: 'command',
        ...meta,
        typed: expect.any(Object),
        body: { type: 'tick', list: 'validation', itemId: 'change-documented', done: false, notApplicable: true },
      });
    }
    for (const notApplicable of [false, 'false', undefined]) {
      expect(parseCardAction(execute(verbs.tick, { ...na, notApplicable, done: true, naReason: 'typed but not for this button' }))).toEqual({
        kind: 'command',
        ...meta,
        typed: expect.any(Object),
        body: { type: 'tick', list: 'validation', itemId: 'change-documented', done: true },
      });
    }
    for (const [data, words] of [
      [{ ...na, notApplicable: 'yes' }, /malformed values \(notApplicable\)/],
      [{ ...na, naReason: 'x'.repeat(20001) }, /malformed values \(naReason\)/],
      [{ ...na, naReason: 42 }, /malformed values \(naReason\)/],
    ] as const) {
      const parsed = parseCardAction(execute(verbs.tick, data));
      expect(parsed.kind === 'invalid' && parsed.message).toMatch(words);
    }
  });

  test('authorization fields in card data are ignored: only the verb data is read', () => {
    const parsed = parseCardAction(
      execute(verbs.decideApproval, { ...meta, approvalId: 'A1', decision: 'approve', actor: { id: 'forged' }, approverIds: ['forged'] }),
    );
    expect(parsed).toEqual({
      kind: 'command',
      ...meta,
      typed: expect.any(Object),
      body: { type: 'decideApproval', approvalId: 'A1', decision: 'approve', comment: undefined },
    });
  });
});
