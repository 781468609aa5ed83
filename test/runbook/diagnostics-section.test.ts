import { formatProblem, parseRunbook, RunbookLoadError, type RunbookProblem } from '../../src/runbook/loader';
import { editedSeed, seedYaml } from './runbook-files';

// The runbook's diagnostics section names intake fields of the right types, findings and an evidence item that exist.

type Edit = Parameters<typeof editedSeed>[0][number];

/** Every problem parseRunbook finds in the seed with these edits; the line suffix is left out. */
function problems(...edits: Edit[]): { path: string; reason: string }[] {
  try {
    parseRunbook(editedSeed(edits), 'seed.yaml');
  } catch (err) {
    if (!(err instanceof RunbookLoadError)) throw err;
    return err.problems.map((p: RunbookProblem) => ({ path: p.path, reason: p.reason.replace(/ \(line \d+\)$/, '') }));
  }
  throw new Error('expected a RunbookLoadError');
}

describe('the diagnostics section', () => {
  it('parses in the seed, with its status -> finding map', () => {
    expect(parseRunbook(seedYaml(), 'seed.yaml').diagnostics).toEqual({
      serviceHealth: { service: 'Exchange Online' },
      messageTrace: {
        sender: 'sender',
        recipient: 'recipient',
        startedAt: 'startedAt',
        timeZone: 'timeZone',
        findings: { Delivered: 'delivered-to-mailbox', Failed: 'failed-with-ndr', Quarantined: 'quarantined', FilteredAsSpam: 'quarantined' },
      },
      mailDns: { fields: ['sender', 'recipient'] },
      evidence: 'logs-and-traces',
    });
  });

  it('is optional, and findings default to none', () => {
    expect(parseRunbook(editedSeed([[['diagnostics'], undefined]]), 'seed.yaml').diagnostics).toBeUndefined();
    expect(parseRunbook(editedSeed([[['diagnostics', 'messageTrace', 'findings'], undefined]]), 'seed.yaml').diagnostics?.messageTrace?.findings).toEqual({});
  });

  it('rejects an intake field that does not exist, wherever it is named', () => {
    expect(problems([['diagnostics', 'messageTrace', 'sender'], 'from'])).toEqual([
      { path: 'diagnostics.messageTrace.sender', reason: 'unknown intake field "from"' },
    ]);
    expect(problems([['diagnostics', 'messageTrace', 'timeZone'], 'zone'])).toEqual([
      { path: 'diagnostics.messageTrace.timeZone', reason: 'unknown intake field "zone"' },
    ]);
    expect(problems([['diagnostics', 'mailDns', 'fields', 1], 'cc'])).toEqual([{ path: 'diagnostics.mailDns.fields.1', reason: 'unknown intake field "cc"' }]);
  });

  it('rejects a field of the wrong type, naming the type it has and the one expected', () => {
    expect(problems([['diagnostics', 'messageTrace', 'sender'], 'subject'])).toEqual([
      { path: 'diagnostics.messageTrace.sender', reason: 'intake field "subject" is text, expected email' },
    ]);
    expect(problems([['diagnostics', 'messageTrace', 'recipient'], 'messageId'])).toEqual([
      { path: 'diagnostics.messageTrace.recipient', reason: 'intake field "messageId" is message-id, expected email' },
    ]);
    expect(problems([['diagnostics', 'messageTrace', 'startedAt'], 'sender'])).toEqual([
      { path: 'diagnostics.messageTrace.startedAt', reason: 'intake field "sender" is email, expected datetime' },
    ]);
    expect(problems([['diagnostics', 'messageTrace', 'timeZone'], 'startedAt'])).toEqual([
      { path: 'diagnostics.messageTrace.timeZone', reason: 'intake field "startedAt" is datetime, expected timezone' },
    ]);
    expect(problems([['diagnostics', 'mailDns', 'fields', 0], 'subject'])).toEqual([
      { path: 'diagnostics.mailDns.fields.0', reason: 'intake field "subject" is text, expected email' },
    ]);
  });

  it('rejects a trace status mapped to a finding the decision path does not have', () => {
    expect(problems([['diagnostics', 'messageTrace', 'findings', 'Failed'], 'bounced'])).toEqual([
      { path: 'diagnostics.messageTrace.findings.Failed', reason: 'unknown finding "bounced"' },
    ]);
  });

  it('rejects a status that is not a delivery status, naming the ones there are', () => {
    expect(problems([['diagnostics', 'messageTrace', 'findings', 'Filtered As Spam'], 'quarantined'])).toEqual([
      {
        path: 'diagnostics.messageTrace.findings.Filtered As Spam',
        reason: '"Filtered As Spam" is not a delivery status (Delivered, Expanded, Failed, FilteredAsSpam, GettingStatus, None, Pending, Quarantined)',
      },
    ]);
  });

  it('rejects an evidence item the runbook does not list', () => {
    expect(problems([['diagnostics', 'evidence'], 'screenshots'])).toEqual([{ path: 'diagnostics.evidence', reason: 'unknown evidence item "screenshots"' }]);
  });

  it('rejects unknown keys at every level instead of dropping them', () => {
    expect(problems([['diagnostics', 'dnsChecks'], true])).toEqual([{ path: 'diagnostics', reason: expect.stringMatching(/^Unrecognized key: "dnsChecks"/) }]);
    expect(problems([['diagnostics', 'messageTrace', 'window'], 10])).toEqual([
      { path: 'diagnostics.messageTrace', reason: expect.stringMatching(/^Unrecognized key: "window"/) },
    ]);
    expect(problems([['diagnostics', 'serviceHealth', 'services'], ['Exchange Online']])).toEqual([
      { path: 'diagnostics.serviceHealth', reason: expect.stringMatching(/^Unrecognized key: "services"/) },
    ]);
  });

  it('rejects a mail DNS check without fields, and a trace without its sender', () => {
    expect(problems([['diagnostics', 'mailDns', 'fields'], []])).toEqual([
      { path: 'diagnostics.mailDns.fields', reason: 'name at least one email field whose domain is checked' },
    ]);
    expect(problems([['diagnostics', 'messageTrace', 'sender'], undefined])).toEqual([
      { path: 'diagnostics.messageTrace.sender', reason: 'is missing (expected string)' },
    ]);
  });

  it('reports every problem at once, each as file, path and reason with its line', () => {
    const text = editedSeed([
      [['diagnostics', 'messageTrace', 'sender'], 'subject'],
      [['diagnostics', 'messageTrace', 'findings', 'Failed'], 'bounced'],
      [['diagnostics', 'evidence'], 'screenshots'],
    ]);
    let err: RunbookLoadError | undefined;
    try {
      parseRunbook(text, 'mail.yaml');
    } catch (e) {
      if (e instanceof RunbookLoadError) err = e;
      else throw e;
    }
    expect(err?.problems.map((p) => p.path).sort()).toEqual([
      'diagnostics.evidence',
      'diagnostics.messageTrace.findings.Failed',
      'diagnostics.messageTrace.sender',
    ]);
    const senderLine = text.split('\n').findIndex((l) => /^\s+sender: subject$/.test(l)) + 1;
    const sender = err!.problems.find((p) => p.path === 'diagnostics.messageTrace.sender')!;
    expect(sender.line).toBe(senderLine);
    expect(formatProblem(sender)).toBe(`mail.yaml: diagnostics.messageTrace.sender: intake field "subject" is text, expected email (line ${senderLine})`);
    expect(err!.message).toContain('mail.yaml: diagnostics.evidence: unknown evidence item "screenshots"');
  });
});
