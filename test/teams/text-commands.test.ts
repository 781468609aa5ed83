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
