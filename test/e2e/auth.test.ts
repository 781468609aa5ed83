import { createApp } from '../../src/app';
import { listen } from '../../src/server';
import { silentLogger } from '../../src/app/logger';
import { makeMessage } from '../helpers/activities';
import { testConfig } from '../helpers/teams-fakes';

// With an app id configured, Bot Framework authentication is on: no token or a bad token gets 401 and nothing runs.

test('401 without a bearer token or with a forged one; nothing is processed', async () => {
  const config = testConfig({ MicrosoftAppId: '11111111-2222-4333-8444-555555555555', MicrosoftAppPassword: 'test-only-password' });
  const app = createApp(config, { log: silentLogger });
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
  } finally {
    app.server.close();
  }
});
