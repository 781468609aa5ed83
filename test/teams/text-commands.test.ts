import { parseTextCommand } from '../../src/teams/text-commands';

test('typed commands, with and without an incident id', () => {
  expect(parseTextCommand('start')).toEqual({ kind: 'start' });
  expect(parseTextCommand('New incident')).toEqual({ kind: 'start' });
  expect(parseTextCommand('start sharepoint')).toEqual({ kind: 'start', runbookHint: 'sharepoint' });
  expect(parseTextCommand('status')).toEqual({ kind: 'status' });
  expect(parseTextCommand('inc-20261124-002 status')).toEqual({ kind: 'status', incidentId: 'INC-20261124-002' });
  expect(parseTextCommand('INC-20261124-002')).toEqual({ kind: 'status', incidentId: 'INC-20261124-002' });
  expect(parseTextCommand('cancel  duplicate   ticket')).toEqual({ kind: 'cancel', reason: 'duplicate ticket' });
  expect(parseTextCommand('note user rebooted')).toEqual({ kind: 'note', text: 'user rebooted' });
  expect(parseTextCommand('escalate')).toEqual({ kind: 'escalate' });
  expect(parseTextCommand('handover Riley')).toEqual({ kind: 'handover' });
  expect(parseTextCommand('Set summary channel')).toEqual({ kind: 'setSummaryChannel' });
  expect(parseTextCommand('')).toEqual({ kind: 'help' });
  expect(parseTextCommand('what now?')).toEqual({ kind: 'unknown', text: 'what now?' });
});

test("a note or a reason keeps the person's lines and indentation; only runs of spaces inside a line become one", () => {
  expect(parseTextCommand('note Checked:\r\n  TLS:   required \n\tCert: expired')).toEqual({
    kind: 'note',
    text: 'Checked:\n  TLS: required\n\tCert: expired',
  });
  expect(parseTextCommand('INC-20261124-002\nnote a\nb')).toEqual({ kind: 'note', incidentId: 'INC-20261124-002', text: 'a\nb' });
  expect(parseTextCommand('cancel duplicate\nof INC-20261124-001')).toEqual({ kind: 'cancel', reason: 'duplicate\nof INC-20261124-001' });
  expect(parseTextCommand('set summary\nchannel')).toEqual({ kind: 'setSummaryChannel' });
});
