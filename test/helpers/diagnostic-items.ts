import type { DiagnosticItem } from '../../src/incident/types';

// A live-check answer as src/diagnostics writes it: the failed message trace the engine and card tests share.

export function failedTraceItem(over: Partial<DiagnosticItem> = {}): DiagnosticItem {
  return {
    id: 'message-trace',
    title: 'Message trace bob@contoso.com → alice@fabrikam.com',
    ok: true,
    summary: '1 message found; the one at 2026-11-24T08:31:00Z is Failed.',
    tone: 'attention',
    lines: [
      { text: 'Searched 2026-11-24T06:30Z to 2026-11-24T09:01Z.', tone: 'default' },
      { text: '2026-11-24T08:31:05Z FAIL: 550 5.1.1 RESOLVER.ADR.RecipNotFound', tone: 'attention' },
    ],
    ...over,
  };
}
