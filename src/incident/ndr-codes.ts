import type { NdrCategory } from '../runbook/schema';
import type { NdrCodeAnalysis } from './types';

// Exchange Online NDR enhanced status codes: meaning, runbook category and usual fix.
// Source: /work/shared/reference/platform-facts.md (Learn: non-delivery-reports-in-exchange-online).

interface NdrEntry {
  /** Codes this row covers; ranges are expanded with `range()`. */
  codes: readonly string[];
  meaning: string;
  category: NdrCategory;
  fix: string;
}

/** `range('5.7', 133, 136)` -> ['5.7.133', '5.7.134', '5.7.135', '5.7.136']. */
function range(prefix: string, from: number, to: number): string[] {
  const codes: string[] = [];
  for (let detail = from; detail <= to; detail++) codes.push(`${prefix}.${detail}`);
  return codes;
}

const entries: readonly NdrEntry[] = [
  { codes: ['4.4.7'], meaning: 'Message expired in the queue.', category: 'other', fix: 'Check the recipient address and the receiving server.' },
  {
    codes: ['4.4.316'],
    meaning: 'Connection refused by the remote server.',
    category: 'other',
    fix: 'The receiving side fixes its server; the IP address in the error tells whose server it is.',
  },
  {
    codes: ['4.4.317'],
    meaning: 'The remote server sent an incomplete certificate chain.',
    category: 'connector',
    fix: 'The remote server must send the full certificate chain.',
  },
  { codes: ['4.7.26'], meaning: 'Mail sent over IPv6 must pass SPF or DKIM.', category: 'dns', fix: 'Publish SPF and DKIM records for the sending domain.' },
  { codes: ['5.0.350'], meaning: "Generic rejection by the recipient's organization.", category: 'other', fix: 'Read the text after the code.' },
  { codes: ['5.1.0'], meaning: 'Sender denied or recipient not resolvable.', category: 'recipient', fix: 'Re-enter the recipient address.' },
  {
    codes: ['5.1.1'],
    meaning: 'Bad destination mailbox address.',
    category: 'recipient',
    fix: 'Correct the address and clear the cached autocomplete entry.',
  },
  {
    codes: ['5.1.8'],
    meaning: 'Sender blocked for sending spam (often a compromised account).',
    category: 'reputation',
    fix: 'Secure the account, then unblock it under restricted users.',
  },
  { codes: ['5.1.10'], meaning: 'Recipient not found by SMTP address lookup.', category: 'recipient', fix: 'Check that the recipient exists.' },
  { codes: ['5.1.90'], meaning: 'Daily recipient limit reached.', category: 'quota', fix: 'Check the account for compromise, then wait.' },
  { codes: ['5.2.2'], meaning: 'Submission quota exceeded.', category: 'quota', fix: 'Check the account for compromise.' },
  {
    codes: ['5.2.121'],
    meaning: "Recipient's hourly receive limit from this sender exceeded.",
    category: 'quota',
    fix: 'The sender retries later, more slowly.',
  },
  {
    codes: ['5.2.122'],
    meaning: "Recipient's hourly receive limit from all senders exceeded.",
    category: 'quota',
    fix: 'The sender retries later, more slowly.',
  },
  {
    codes: ['5.4.1'],
    meaning: 'Relay access denied (MX record or accepted-domain type wrong).',
    category: 'dns',
    fix: 'Point MX to Exchange Online, set the accepted domain to Authoritative or Internal Relay, allow for DNS propagation.',
  },
  { codes: ['5.4.6', '5.4.14'], meaning: 'Routing loop detected.', category: 'connector', fix: 'Check forwarding, connectors and MX records.' },
  { codes: ['5.4.300'], meaning: 'Message expired.', category: 'other', fix: 'Check that the destination responds.' },
  { codes: ['5.6.11'], meaning: 'Bare line feeds in the message.', category: 'other', fix: 'Fix the sending client.' },
  {
    codes: ['5.7.1'],
    meaning: 'Delivery not authorized, unable to relay, or client not authenticated.',
    category: 'policy',
    fix: 'Check sender permissions or transport rules, relay rights, or authenticate the client.',
  },
  {
    codes: ['5.7.12'],
    meaning: 'The recipient accepts no mail from outside its organization.',
    category: 'policy',
    fix: "The recipient's admin allows external senders.",
  },
  {
    codes: ['5.7.13', '5.7.135'],
    meaning: 'The recipient public folder accepts no mail from outside its organization.',
    category: 'policy',
    fix: "The recipient's admin or owner allows external senders.",
  },
  {
    codes: ['5.7.133'],
    meaning: 'The recipient group accepts no mail from outside its organization.',
    category: 'policy',
    fix: "The recipient's admin or group owner allows external senders.",
  },
  {
    codes: ['5.7.134'],
    meaning: 'The recipient mailbox accepts no mail from outside its organization.',
    category: 'policy',
    fix: "The recipient's admin or owner allows external senders.",
  },
  {
    codes: ['5.7.136'],
    meaning: 'The recipient mail user accepts no mail from outside its organization.',
    category: 'policy',
    fix: "The recipient's admin or owner allows external senders.",
  },
  { codes: ['5.7.23'], meaning: 'SPF violation.', category: 'dns', fix: "Fix the sender's SPF record." },
  { codes: ['5.7.25'], meaning: 'The sending IPv6 address has no reverse DNS record.', category: 'dns', fix: 'Add a PTR record for the sending address.' },
  {
    codes: ['5.7.57'],
    meaning: 'Application or device not authenticated to smtp.office365.com.',
    category: 'connector',
    fix: 'Correct the credentials and the TLS settings of the application or device.',
  },
  {
    codes: ['5.7.64'],
    meaning: 'Tenant attribution failed: the inbound connector certificate or IP address no longer matches.',
    category: 'connector',
    fix: 'Fix the inbound connector.',
  },
  { codes: ['5.7.124'], meaning: "Sender not in the group's allowed senders.", category: 'policy', fix: "Add the sender to the group's allowed senders." },
  {
    codes: range('5.7', 501, 503),
    meaning: 'Access denied: spam abuse detected or banned sender.',
    category: 'reputation',
    fix: 'Secure the account, then contact support.',
  },
  { codes: ['5.7.504'], meaning: 'Recipient address rejected.', category: 'recipient', fix: 'Check the recipient address.' },
  { codes: ['5.7.505'], meaning: 'Banned recipient.', category: 'recipient', fix: 'Check the recipient address.' },
  {
    codes: ['5.7.507', '5.7.513'],
    meaning: 'Sending IP address blocked by the recipient organization.',
    category: 'policy',
    fix: 'Contact the recipient organization.',
  },
  {
    codes: ['5.7.509'],
    meaning: 'Sender domain fails DMARC and its policy is p=reject.',
    category: 'dns',
    fix: 'Fix SPF and DKIM alignment for the sender domain.',
  },
  { codes: ['5.7.511', ...range('5.7', 606, 649)], meaning: 'Banned sending IP address.', category: 'reputation', fix: 'Submit a delist request.' },
  { codes: ['5.7.512'], meaning: 'The message has no valid From header.', category: 'other', fix: 'Fix the From header in the sending application.' },
  {
    codes: ['5.7.703'],
    meaning: 'Recipient blocked by the Tenant Allow/Block List.',
    category: 'policy',
    fix: 'Remove the block entry from the Tenant Allow/Block List.',
  },
  {
    codes: ['5.7.705'],
    meaning: 'Tenant over its spam threshold.',
    category: 'reputation',
    fix: 'Fix the compromised account or open relay, then contact support.',
  },
  {
    codes: ['5.7.708'],
    meaning: 'Sending IP address not accepted (low reputation).',
    category: 'reputation',
    fix: 'Fix the compromised account or open relay, then contact support.',
  },
  {
    codes: ['5.7.750'],
    meaning: 'Sending from unregistered domains.',
    category: 'connector',
    fix: 'Add and verify every sending domain and check the connectors.',
  },
];

const byCode: ReadonlyMap<string, NdrEntry> = new Map(entries.flatMap((e) => e.codes.map((code) => [code, e] as const)));

/** Every code the table knows, in table order (ranges expanded). */
export const knownNdrCodes: readonly string[] = [...byCode.keys()];

/** The table row for an enhanced status code such as "5.7.23" or "#5.7.23"; undefined when unknown. */
export function lookupNdrCode(code: string): NdrCodeAnalysis | undefined {
  const normalized = code.trim().replace(/^#/, '');
  const entry = byCode.get(normalized);
  return entry && { code: normalized, meaning: entry.meaning, category: entry.category, fix: entry.fix };
}
