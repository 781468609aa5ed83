import { knownNdrCodes, lookupNdrCode } from '../../src/incident/ndr-codes';

describe('lookupNdrCode', () => {
  it('returns meaning, category and fix for a listed code', () => {
    expect(lookupNdrCode('5.1.1')).toEqual({
      code: '5.1.1',
      meaning: 'Bad destination mailbox address.',
      category: 'recipient',
      fix: 'Correct the address and clear the cached autocomplete entry.',
    });
  });

  it('uses the lower-case schema category for DNS codes', () => {
    for (const code of ['4.7.26', '5.4.1', '5.7.23', '5.7.25', '5.7.509']) {
      expect(lookupNdrCode(code)?.category).toBe('dns');
    }
  });

  it.each([
    ['4.4.7', 'other'],
    ['4.4.316', 'other'],
    ['4.4.317', 'connector'],
    ['5.0.350', 'other'],
    ['5.1.0', 'recipient'],
    ['5.1.8', 'reputation'],
    ['5.1.10', 'recipient'],
    ['5.1.90', 'quota'],
    ['5.2.2', 'quota'],
    ['5.2.121', 'quota'],
    ['5.2.122', 'quota'],
    ['5.4.6', 'connector'],
    ['5.4.14', 'connector'],
    ['5.4.300', 'other'],
    ['5.6.11', 'other'],
    ['5.7.1', 'policy'],
    ['5.7.12', 'policy'],
    ['5.7.13', 'policy'],
    ['5.7.57', 'connector'],
    ['5.7.64', 'connector'],
    ['5.7.124', 'policy'],
    ['5.7.504', 'recipient'],
    ['5.7.505', 'recipient'],
    ['5.7.507', 'policy'],
    ['5.7.513', 'policy'],
    ['5.7.511', 'reputation'],
    ['5.7.512', 'other'],
    ['5.7.703', 'policy'],
    ['5.7.705', 'reputation'],
    ['5.7.708', 'reputation'],
    ['5.7.750', 'connector'],
  ])('%s is %s', (code, category) => {
    expect(lookupNdrCode(code)).toMatchObject({ code, category });
  });

  it('expands the ranges 5.7.133-136, 5.7.501-503 and 5.7.606-649 to every code and no further', () => {
    expect(lookupNdrCode('5.7.133')?.meaning).toMatch(/group/);
    expect(lookupNdrCode('5.7.134')?.meaning).toMatch(/mailbox/);
    expect(lookupNdrCode('5.7.135')?.meaning).toMatch(/public folder/);
    expect(lookupNdrCode('5.7.136')?.meaning).toMatch(/mail user/);
    for (const code of ['5.7.501', '5.7.502', '5.7.503']) expect(lookupNdrCode(code)?.category).toBe('reputation');
    for (let d = 606; d <= 649; d++) expect(lookupNdrCode(`5.7.${d}`)?.fix).toBe('Submit a delist request.');
    for (const code of ['5.7.132', '5.7.137', '5.7.500', '5.7.506', '5.7.605', '5.7.650']) {
      expect(lookupNdrCode(code)).toBeUndefined();
    }
  });

  it('splits "5.2.121 / 5.2.122" into one sender and all senders', () => {
    expect(lookupNdrCode('5.2.121')?.meaning).toMatch(/this sender/);
    expect(lookupNdrCode('5.2.122')?.meaning).toMatch(/all senders/);
  });

  it('accepts a leading # and surrounding space, and normalises the code it returns', () => {
    expect(lookupNdrCode(' #4.4.7 ')?.code).toBe('4.4.7');
  });

  it('returns undefined for unknown or malformed codes', () => {
    expect(lookupNdrCode('5.9.999')).toBeUndefined();
    expect(lookupNdrCode('')).toBeUndefined();
    expect(lookupNdrCode('5.7')).toBeUndefined();
  });

  it('knows exactly the codes of the platform-facts table, each once', () => {
    const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `5.7.${from + i}`);
    const table = [
      ...['4.4.7', '4.4.316', '4.4.317', '4.7.26', '5.0.350', '5.1.0', '5.1.1', '5.1.8', '5.1.10', '5.1.90', '5.2.2'],
      ...['5.2.121', '5.2.122', '5.4.1', '5.4.6', '5.4.14', '5.4.300', '5.6.11', '5.7.1', '5.7.12', '5.7.13'],
      ...span(133, 136),
      ...['5.7.23', '5.7.25', '5.7.57', '5.7.64', '5.7.124'],
      ...span(501, 503),
      ...['5.7.504', '5.7.505', '5.7.507', '5.7.513', '5.7.509', '5.7.511'],
      ...span(606, 649),
      ...['5.7.512', '5.7.703', '5.7.705', '5.7.708', '5.7.750'],
    ];
    expect(knownNdrCodes).toHaveLength(new Set(knownNdrCodes).size);
    expect([...knownNdrCodes].sort()).toEqual([...table].sort());
    for (const code of knownNdrCodes) {
      const entry = lookupNdrCode(code);
      expect(entry?.meaning).toMatch(/\S/);
      expect(entry?.fix).toMatch(/\S/);
    }
  });
});
