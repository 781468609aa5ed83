import { modernise, retiredCommands, retiredIn } from '../../src/runbook/retired-commands';

const NEW_MESSAGE_TRACE = 'https://learn.microsoft.com/exchange/monitoring/trace-an-email-message/new-message-trace';

describe('retired command table', () => {
  test('every entry cites a Microsoft Learn page, has a valid date and one advice sentence', () => {
    expect(retiredCommands.length).toBeGreaterThan(10);
    for (const entry of retiredCommands) {
      expect(entry.source).toMatch(/^https:\/\/learn\.microsoft\.com\//);
      expect(entry.since).toMatch(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/);
      const [year, month, day] = entry.since.split('-').map(Number);
      const date = new Date(Date.UTC(year, month - 1, day ?? 1));
      expect(date.getUTCMonth()).toBe(month - 1);
      if (day !== undefined) expect(date.getUTCDate()).toBe(day);
      expect(['retired', 'deprecated']).toContain(entry.status);
      expect(entry.advice.trim()).toMatch(/[.)]$/);
      expect(typeof entry.verified).toBe('boolean');
      if (typeof entry.cmdlet === 'string') expect(entry.replacement).toBeTruthy();
      else expect(entry.replacement).toBeUndefined();
      if (entry.parameters) for (const [from, to] of Object.entries(entry.parameters)) expect(`${from} ${to}`).toMatch(/^[A-Za-z]+ [A-Za-z]+$/);
    }
  });

  test('the facts: message trace deprecated 2025-09-01, MSOnline retired 2025-04, AzureAD deprecated 2024-03-30', () => {
    const byName = (name: string) => retiredCommands.find((entry) => entry.cmdlet === name);
    expect(byName('Get-MessageTrace')).toMatchObject({
      status: 'deprecated',
      since: '2025-09-01',
      replacement: 'Get-MessageTraceV2',
      source: NEW_MESSAGE_TRACE,
      verified: true,
    });
    expect(byName('Get-MessageTraceDetail')).toMatchObject({
      since: '2025-09-01',
      replacement: 'Get-MessageTraceDetailV2',
      blockers: ['Page', 'PageSize', 'ProbeTag'],
    });
    expect(byName('Get-MsolUser')).toMatchObject({ module: 'MSOnline', status: 'retired', since: '2025-04', replacement: 'Get-MgUser' });
    expect(byName('Get-AzureADUser')).toMatchObject({ module: 'AzureAD', status: 'deprecated', since: '2024-03-30', replacement: 'Get-MgUser' });
    expect(byName('Set-MsolUserLicense')).toMatchObject({ replacement: 'Set-MgUserLicense', parameters: false });
    expect(byName('Set-MsolUser')?.advice).toContain('Update-MgUser -UserId <upn> -AccountEnabled:$false');
    const modules = retiredCommands.filter((entry) => entry.cmdlet instanceof RegExp);
    expect(modules.map((entry) => entry.module)).toEqual(['MSOnline', 'AzureAD']);
    for (const entry of modules) expect(entry.advice).toContain('Find-MgGraphCommand or the cmdlet map');
  });

  test('the table cannot be changed by a caller', () => {
    expect(Object.isFrozen(retiredCommands)).toBe(true);
    expect(Object.isFrozen(retiredCommands[0])).toBe(true);
  });
});

describe('the seed runbook starters', () => {
  test('Get-MessageTrace is rewritten to Get-MessageTraceV2, parameters and placeholders unchanged', () => {
    const template = 'Get-MessageTrace -SenderAddress <sender> -RecipientAddress <recipient>';
    expect(retiredIn(template).map((use) => use.cmdlet)).toEqual(['Get-MessageTrace']);
    const result = modernise(template);
    expect(result).toMatchObject({ template: 'Get-MessageTraceV2 -SenderAddress <sender> -RecipientAddress <recipient>', complete: true });
    expect(result?.notes).toHaveLength(1);
    expect(result?.notes[0].startsWith('Get-MessageTrace is deprecated since 2025-09-01 (Exchange Online PowerShell): use Get-MessageTraceV2.')).toBe(true);
    expect(result?.notes[0].endsWith(NEW_MESSAGE_TRACE)).toBe(true);
  });

  test('Get-MessageTraceDetail is rewritten to Get-MessageTraceDetailV2', () => {
    expect(modernise('Get-MessageTraceDetail -MessageTraceId <id> -RecipientAddress <recipient>')).toMatchObject({
      template: 'Get-MessageTraceDetailV2 -MessageTraceId <id> -RecipientAddress <recipient>',
      complete: true,
    });
  });

  test('current cmdlets are left alone', () => {
    expect(retiredIn('Get-TransportRule')).toEqual([]);
    expect(modernise('Get-TransportRule')).toBeUndefined();
    expect(modernise('Get-InboundConnector; Get-OutboundConnector')).toBeUndefined();
    expect(modernise('Get-MessageTraceV2 -SenderAddress <sender> -RecipientAddress <recipient>')).toBeUndefined();
    expect(modernise('Get-MessageTraceDetailV2 -MessageTraceId <id> -RecipientAddress <recipient>')).toBeUndefined();
  });
});

describe('message trace blockers', () => {
  test('-Page and -PageSize forbid the rewrite: warned, template unchanged', () => {
    const template = 'Get-MessageTrace -SenderAddress <sender> -Page 2 -PageSize 5000';
    const result = modernise(template);
    expect(result).toMatchObject({ template, complete: false });
    expect(result?.notes[0]).toContain('use Get-MessageTraceV2.');
    expect(result?.notes[0]).toContain('Not rewritten automatically: -Page');
  });

  test('-PageSize alone and -ProbeTag also block; so does an unknown parameter', () => {
    expect(modernise('Get-MessageTrace -PageSize 5000')?.complete).toBe(false);
    expect(modernise('Get-MessageTraceDetail -MessageTraceId <id> -RecipientAddress <r> -ProbeTag x')?.complete).toBe(false);
    const unknown = modernise('Get-MessageTrace -Sender <sender>');
    expect(unknown).toMatchObject({ template: 'Get-MessageTrace -Sender <sender>', complete: false });
    expect(unknown?.notes[0]).toContain('-Sender has no known equivalent on Get-MessageTraceV2');
  });

  test('common parameters are allowed and a pipeline of both cmdlets is rewritten', () => {
    expect(modernise('Get-MessageTrace -SenderAddress <sender> -ErrorAction Stop | Get-MessageTraceDetail')).toMatchObject({
      template: 'Get-MessageTraceV2 -SenderAddress <sender> -ErrorAction Stop | Get-MessageTraceDetailV2',
      complete: true,
    });
  });

  test('a blocker on one command does not block another command of the template', () => {
    const result = modernise('Get-MessageTrace -SenderAddress <s> -Page 1; Get-MessageTraceDetail -MessageTraceId <id> -RecipientAddress <r>');
    expect(result?.template).toBe('Get-MessageTrace -SenderAddress <s> -Page 1; Get-MessageTraceDetailV2 -MessageTraceId <id> -RecipientAddress <r>');
    expect(result?.complete).toBe(false);
    expect(result?.notes).toHaveLength(2);
  });
});

describe('MSOnline and AzureAD', () => {
  test('Get-MsolUser -UserPrincipalName becomes Get-MgUser -UserId', () => {
    const result = modernise('Get-MsolUser -UserPrincipalName <upn>');
    expect(result).toMatchObject({ template: 'Get-MgUser -UserId <upn>', complete: true });
    expect(result?.notes[0].startsWith('Get-MsolUser is retired since 2025-04 (MSOnline): use Get-MgUser.')).toBe(true);
    expect(result?.notes[0]).toContain('https://learn.microsoft.com/');
  });

  test('Connect-MsolService; Get-MsolUser -All: both rewritten', () => {
    const result = modernise('Connect-MsolService; Get-MsolUser -All');
    expect(result).toMatchObject({ template: 'Connect-MgGraph; Get-MgUser -All', complete: true });
    expect(result?.notes).toHaveLength(2);
    expect(retiredIn('Connect-MsolService; Get-MsolUser -All').map((use) => use.entry.replacement)).toEqual(['Connect-MgGraph', 'Get-MgUser']);
  });

  test('an unlisted MSOnline cmdlet falls to the module entry: warned, not complete, template unchanged', () => {
    const template = 'Get-MsolDomainFederationSettings -DomainName <domain>';
    const [use] = retiredIn(template);
    expect(use.cmdlet).toBe('Get-MsolDomainFederationSettings');
    expect(use.entry).toMatchObject({ module: 'MSOnline', status: 'retired' });
    expect(use.entry.cmdlet).toBeInstanceOf(RegExp);
    const result = modernise(template);
    expect(result).toMatchObject({ template, complete: false });
    expect(result?.notes[0]).toMatch(/^Get-MsolDomainFederationSettings is retired since 2025-04 \(MSOnline\)\. /);
    expect(result?.notes[0]).toContain('Find-MgGraphCommand');
  });

  test('AzureAD identity parameters are renamed; -SearchString and the Boolean -All are advice only', () => {
    expect(modernise('Get-AzureADUser -ObjectId <upn>')).toMatchObject({ template: 'Get-MgUser -UserId <upn>', complete: true });
    expect(modernise('Get-AzureADGroup -ObjectId <group>')?.template).toBe('Get-MgGroup -GroupId <group>');
    expect(modernise('Get-AzureADDevice -ObjectId <device>')?.template).toBe('Get-MgDevice -DeviceId <device>');
    expect(modernise('Revoke-AzureADUserAllRefreshToken -ObjectId <upn>')?.template).toBe('Revoke-MgUserSignInSession -UserId <upn>');
    expect(modernise('Get-AzureADUserRegisteredDevice -ObjectId <upn>')?.template).toBe('Get-MgUserRegisteredDevice -UserId <upn>');
    expect(modernise('Get-AzureADSubscribedSku')?.template).toBe('Get-MgSubscribedSku');
    expect(modernise('Get-MsolAccountSku')?.template).toBe('Get-MgSubscribedSku');
    expect(modernise('Get-MsolGroup -ObjectId <group>')?.template).toBe('Get-MgGroup -GroupId <group>');
    const search = modernise('Get-AzureADUser -SearchString <name>');
    expect(search).toMatchObject({ template: 'Get-AzureADUser -SearchString <name>', complete: false });
    expect(search?.notes[0]).toContain('-SearchString');
    expect(modernise('Get-AzureADUser -All $true')?.complete).toBe(false);
  });

  test('license and block-sign-in changes are advice only', () => {
    const license = modernise('Set-MsolUserLicense -UserPrincipalName <upn> -AddLicenses contoso:ENTERPRISEPACK');
    expect(license).toMatchObject({ template: 'Set-MsolUserLicense -UserPrincipalName <upn> -AddLicenses contoso:ENTERPRISEPACK', complete: false });
    expect(license?.notes[0]).toContain('use Set-MgUserLicense. Not rewritten automatically: the parameters differ.');
    const block = modernise('Set-MsolUser -UserPrincipalName <upn> -BlockCredential $true');
    expect(block?.complete).toBe(false);
    expect(block?.notes[0]).toContain('Update-MgUser -UserId <upn> -AccountEnabled:$false');
    expect(modernise('Set-AzureADUserLicense -ObjectId <upn> -AssignedLicenses $licenses')?.complete).toBe(false);
  });

  test('any other AzureAD cmdlet falls to the AzureAD module entry', () => {
    const [use] = retiredIn('Get-AzureADMSConditionalAccessPolicy');
    expect(use.entry).toMatchObject({ module: 'AzureAD', status: 'deprecated', since: '2024-03-30' });
    expect(modernise('Get-AzureADTenantDetail')?.complete).toBe(false);
  });

  test('a mix of rewritable and advice-only uses is rewritten where it can be, and not complete', () => {
    const result = modernise('Connect-MsolService\nGet-MsolUser -UserPrincipalName <upn>\nGet-MsolUserRole -UserPrincipalName <upn>');
    expect(result?.template).toBe('Connect-MgGraph\nGet-MgUser -UserId <upn>\nGet-MsolUserRole -UserPrincipalName <upn>');
    expect(result?.complete).toBe(false);
    expect(result?.notes).toHaveLength(3);
  });
});

describe('matching whole command words', () => {
  test('case-insensitive', () => {
    expect(retiredIn('get-messagetrace -senderaddress <sender>').map((use) => use.cmdlet)).toEqual(['get-messagetrace']);
    const result = modernise('get-messagetrace -senderaddress <sender>');
    expect(result).toMatchObject({ template: 'Get-MessageTraceV2 -senderaddress <sender>', complete: true });
    expect(result?.notes[0].startsWith('Get-MessageTrace is deprecated since 2025-09-01')).toBe(true);
    expect(modernise('GET-MSOLUSER -USERPRINCIPALNAME <upn>')?.template).toBe('Get-MgUser -UserId <upn>');
  });

  test('not inside a longer name', () => {
    expect(retiredIn('Get-MessageTraceDetailV2 -MessageTraceId <id>')).toEqual([]);
    expect(retiredIn('My-Get-MessageTraceX')).toEqual([]);
    expect(retiredIn('My-Get-MessageTrace -SenderAddress <s>')).toEqual([]);
    expect(retiredIn('Get-MessageTraceX')).toEqual([]);
    expect(retiredIn('XGet-MessageTrace')).toEqual([]);
    expect(retiredIn('Get-PnPAzureADUser')).toEqual([]);
    expect(retiredIn('. .\\Get-MsolUser.ps1')).toEqual([]);
    expect(modernise('Get-MessageTraceDetailV2 -MessageTraceId <id> -RecipientAddress <r>')).toBeUndefined();
  });

  test('not inside a string or a comment', () => {
    expect(retiredIn('Write-Host "Run Get-MessageTrace first"')).toEqual([]);
    expect(retiredIn("Write-Host 'Get-MsolUser is gone'")).toEqual([]);
    expect(retiredIn('Get-TransportRule # was Get-MsolUser')).toEqual([]);
    expect(retiredIn('<# Get-MessageTrace #> Get-TransportRule')).toEqual([]);
    expect(modernise('Write-Host "Get-MessageTrace -Page 1"')).toBeUndefined();
  });

  test('a quoted value with a parameter-like text is a value, not a parameter', () => {
    expect(modernise("Get-MessageTrace -SenderAddress 'o''brien@contoso.com' -RecipientAddress '-Page@fabrikam.com'")).toMatchObject({
      template: "Get-MessageTraceV2 -SenderAddress 'o''brien@contoso.com' -RecipientAddress '-Page@fabrikam.com'",
      complete: true,
    });
  });

  test('multi-line templates, line continuation and nested commands', () => {
    const template = 'Get-MessageTrace `\n  -SenderAddress <sender> `\n  -RecipientAddress <recipient>\nGet-TransportRule';
    expect(modernise(template)).toMatchObject({
      template: 'Get-MessageTraceV2 `\n  -SenderAddress <sender> `\n  -RecipientAddress <recipient>\nGet-TransportRule',
      complete: true,
    });
    const nested = modernise('Revoke-AzureADUserAllRefreshToken -ObjectId (Get-AzureADUser -ObjectId <upn>).ObjectId');
    expect(nested?.template).toBe('Revoke-MgUserSignInSession -UserId (Get-MgUser -UserId <upn>).ObjectId');
    expect(retiredIn('$u = Get-MsolUser -All; $u | ForEach-Object { Get-MsolUser -ObjectId $_.ObjectId }')).toHaveLength(2);
  });

  test('a retired module qualifier goes with the cmdlet; others stay', () => {
    expect(modernise('MSOnline\\Get-MsolUser -All')?.template).toBe('Get-MgUser -All');
    expect(modernise('ExchangeOnlineManagement\\Get-MessageTrace -SenderAddress <s>')?.template).toBe(
      'ExchangeOnlineManagement\\Get-MessageTraceV2 -SenderAddress <s>',
    );
  });

  test('splatted parameters cannot be checked, so no rewrite', () => {
    expect(modernise('Get-MessageTrace @traceArgs')).toMatchObject({ template: 'Get-MessageTrace @traceArgs', complete: false });
  });

  test('no retired cmdlet: undefined, and an empty template is fine', () => {
    expect(modernise('')).toBeUndefined();
    expect(retiredIn('')).toEqual([]);
    expect(modernise('Get-Mailbox -Identity <mailbox> | Select-Object DisplayName')).toBeUndefined();
  });
});
