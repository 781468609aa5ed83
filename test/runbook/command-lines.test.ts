import { commandsInBlock, titleFromCmdlets } from '../../src/runbook/command-lines';
import { templateProblems } from '../../src/runbook/template-quoting';

// Splitting a code block into the commands a person runs: strings, here-strings and comments never split a command.

const templates = (block: string) => commandsInBlock(block.split('\n')).map((c) => c.template);

describe('commandsInBlock', () => {
  test('a here-string or a string over several lines stays one command, and is then refused for filling', () => {
    const block = 'Set-MailboxAutoReplyConfiguration -Identity <recipient> -InternalMessage @"\nContact <owner> for urgent requests.\n"@\nGet-TransportRule';
    expect(templates(block)).toEqual([
      'Set-MailboxAutoReplyConfiguration -Identity <recipient> -InternalMessage @"\nContact <owner> for urgent requests.\n"@',
      'Get-TransportRule',
    ]);
    expect(templateProblems(templates(block)[0]).join(' ')).toMatch(/here-string/);
    expect(templates('$text = "first\nsecond"\nGet-X')).toEqual(['$text = "first\nsecond"', 'Get-X']);
  });

  test('backtick, pipe and bracket continuations; a leading pipe continues the command above', () => {
    expect(templates('Get-MessageTraceV2 -SenderAddress <sender> `\n  -RecipientAddress <recipient>')).toEqual([
      'Get-MessageTraceV2 -SenderAddress <sender> `\n  -RecipientAddress <recipient>',
    ]);
    expect(templates('Get-Mailbox <m>\n| Select-Object Name\nGet-Y')).toEqual(['Get-Mailbox <m>\n| Select-Object Name', 'Get-Y']);
    expect(templates('Get-X | Where-Object {\n  $_.A -eq 1\n}')).toEqual(['Get-X | Where-Object {\n  $_.A -eq 1\n}']);
  });

  test('comments: a bracket in a trailing comment does not merge the next command; a block comment titles the next one', () => {
    expect(templates('Get-Mailbox <a> # (read only\nRemove-Mailbox <a>')).toEqual(['Get-Mailbox <a> # (read only', 'Remove-Mailbox <a>']);
    expect(commandsInBlock(['<# Replace the mailbox', 'before running #>', 'Get-Mailbox <m>'])).toEqual([
      { template: 'Get-Mailbox <m>', title: 'Replace the mailbox before running' },
    ]);
    expect(commandsInBlock(['# Transport rules', 'Get-TransportRule'])).toEqual([{ template: 'Get-TransportRule', title: 'Transport rules' }]);
  });

  test('titles read as words', () => {
    expect(titleFromCmdlets('Get-TransportRule')).toBe('Transport rules');
    expect(titleFromCmdlets('Get-SPOTenant')).toBe('SPO tenant');
    expect(titleFromCmdlets('Get-MgAuditLogSignIn -Filter <f>')).toBe('Sign-in log');
    expect(titleFromCmdlets('Get-InboundConnector; Get-OutboundConnector')).toBe('Inbound and outbound connectors');
  });
});

describe('templates that run text as code are never filled', () => {
  test.each([
    'Invoke-Expression "Get-Mailbox -Identity <recipient>"',
    'iex <script>',
    'powershell.exe -Command "Get-MessageTraceV2 -SenderAddress <sender>"',
    'cmd /c "nslookup <domain>"',
    '[scriptblock]::Create("Get-Mailbox <m>")',
    'Start-Process pwsh -ArgumentList "-c Get-Mailbox <m>"',
    '& <tool> -Verbose',
  ])('%s', (template) => {
    expect(templateProblems(template).join(' ')).toMatch(/runs text as code|is the command itself/);
  });

  test('ordinary commands with the same words in values are still filled', () => {
    expect(templateProblems('Get-Mailbox -Identity <m> | Select-Object DisplayName')).toEqual([]);
  });
});
