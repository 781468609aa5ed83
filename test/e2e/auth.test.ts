import { createApp } from '../../src/app';
import { listen } from '../../src/server';
import type { Logger } from '../../src/app/logger';
import { makeMessage } from '../helpers/activities';
import { testConfig } from '../helpers/teams-fakes';

// With an app id configured, Bot Framework authentication is on: no token or a bad token gets 401 and nothing runs.

test('401 without a bearer token or with a forged one; nothing is processed', async () => {
  const config = testConfig({ MicrosoftAppId: '11111111-2222-4333-8444-555555555555', MicrosoftAppPassword: 'test-only-password' });
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  const log: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (fields, message) => void warnings.push({ fields, message }),
    error: () => undefined,
    with: () => log,
  };
  const printed = jest.spyOn(console, 'error');
  const app = createApp(config, { log });
  const port = await listen(app.server, 0, '127.0.0.1');
  try {
    const body = JSON.stringify({ ...makeMessage('start'), serviceUrl: 'http://127.0.0.1:1/' });
    const none = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(none.status).toBe(401);
    const forged = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl' },
      body,
    });
    expect(forged.status).toBe(401);
    expect(await app.store.list()).toEqual([]);
    // Each refusal is one warn line in the bot's log, not a stack trace on stderr.
    expect(printed).not.toHaveBeenCalled();
    expect(warnings.filter((w) => w.message === 'request refused: no valid Bot Framework token')).toEqual([
      { fields: { status: 401, reason: expect.stringMatching(/Unauthorized/) }, message: 'request refused: no valid Bot Framework token' },
      { fields: { status: 401, reason: expect.stringMatching(/Unauthorized/) }, message: 'request refused: no valid Bot Framework token' },
    ]);
  } finally {
    printed.mockRestore();
    app.server.close();
  }
});
