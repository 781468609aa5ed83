import { AuthenticationError } from 'botframework-connector';
import { isRefusedTokenReport } from '../../src/teams/sdk-auth-errors';

// Only CloudAdapter's own report of a refused token is taken off stderr; anything else console.error gets still prints.

test('one AuthenticationError argument is the refused-token report; everything else is not', () => {
  expect(isRefusedTokenReport([new AuthenticationError('Unauthorized Access. Request is not authorized', 401)])).toBe(true);
  expect(isRefusedTokenReport([new Error('Unauthorized Access')])).toBe(false);
  expect(isRefusedTokenReport(['context:', new AuthenticationError('x', 401)])).toBe(false);
  expect(isRefusedTokenReport([])).toBe(false);
});
