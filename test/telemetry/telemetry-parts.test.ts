import { loadConfig } from '../../src/config';
import { templatedUrl } from '../../src/telemetry/traced-fetch';
import { tracedStore } from '../../src/telemetry/traced-store';
import { exceptionOf, statusOfError } from '../../src/telemetry/spans';

// The parts of telemetry that need no exporter: URL templates, the store proxy, exceptions, the connection string.

test('a Graph URL keeps its route and loses ids, addresses and the query', () => {
  expect(templatedUrl('https://graph.microsoft.com/v1.0/groups/a7000000-0000-4000-8000-000000000007/transitiveMembers?$select=id')).toBe(
    'https://graph.microsoft.com/v1.0/groups/:id/transitiveMembers',
  );
  expect(templatedUrl('https://graph.microsoft.com/v1.0/users/ceo%40contoso.com/messages')).toBe('https://graph.microsoft.com/v1.0/users/:id/messages');
  expect(templatedUrl("https://graph.microsoft.com/v1.0/admin/exchange/tracing/messageTraces?$filter=senderAddress eq 'a@b.c'")).toBe(
    'https://graph.microsoft.com/v1.0/admin/exchange/tracing/messageTraces',
  );
  expect(templatedUrl('not a url')).toBeUndefined();
});

test('the store proxy runs async methods through, keeps other members, and passes errors on unchanged', async () => {
  class Store {
    readonly name = 'blob';
    calls = 0;
    sync(): number {
      return ++this.calls;
    }
    async get(id: string): Promise<string> {
      this.calls++;
      if (id === 'bad') throw new RangeError('no such thing');
      return `got ${id}`;
    }
  }
  const store = tracedStore(new Store(), 'Azure Blob Storage');
  expect(store.name).toBe('blob');
  expect(store.sync()).toBe(1);
  await expect(store.get('x')).resolves.toBe('got x');
  await expect(store.get('bad')).rejects.toThrow(RangeError);
  expect(store.calls).toBe(3);
});

test('an exception is recorded as its type and first line, at most 200 characters; SDK errors give their status', () => {
  expect(exceptionOf(new TypeError(`first line ${'x'.repeat(300)}\nsecond line`))).toEqual({ name: 'TypeError', message: `first line ${'x'.repeat(189)}` });
  expect(exceptionOf('plain')).toEqual({ name: 'string', message: 'plain' });
  expect(statusOfError(Object.assign(new Error('x'), { statusCode: 403 }))).toBe(403);
  expect(statusOfError({ status: 429 })).toBe(429);
  expect(statusOfError(new Error('x'))).toBeUndefined();
});

describe('APPLICATIONINSIGHTS_CONNECTION_STRING', () => {
  const problemsOf = (value: string) => {
    const loaded = loadConfig({ APPROVER_IDS: 'a1000000-0000-4000-8000-000000000001', APPLICATIONINSIGHTS_CONNECTION_STRING: value });
    return loaded.ok ? [] : loaded.problems;
  };
  test('a real one passes; telemetry is off when it is unset', () => {
    expect(
      problemsOf(
        'InstrumentationKey=11111111-2222-4333-8444-555555555555;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/',
      ),
    ).toEqual([]);
    const loaded = loadConfig({ APPROVER_IDS: 'a1000000-0000-4000-8000-000000000001' });
    expect(loaded.ok && loaded.config.APPLICATIONINSIGHTS_CONNECTION_STRING).toBeUndefined();
  });
  test('a bare key, a bad key or a plain-http endpoint off loopback is refused in words, without echoing the value', () => {
    for (const bad of [
      '11111111-2222-4333-8444-555555555555',
      'InstrumentationKey=not-a-guid',
      'InstrumentationKey=11111111-2222-4333-8444-555555555555;IngestionEndpoint=http://collector.example.com/',
    ]) {
      const problems = problemsOf(bad);
      expect(problems.join(' ')).toMatch(
        /^APPLICATIONINSIGHTS_CONNECTION_STRING: (must be an Application Insights connection string|IngestionEndpoint must be an https URL)/,
      );
      expect(problems.join(' ')).not.toContain(bad);
    }
  });
});
