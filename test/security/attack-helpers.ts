import { verbs } from '../../src/cards/verbs';
import type { Incident } from '../../src/incident/types';
import { makeInvoke } from '../helpers/activities';
import { type AttackBot, type Gate, fire, gate, incidentWithId, seedAt, within } from '../helpers/edge-attack-kit';
import { seedRunbook } from '../helpers/incident-builders';
import { conversations, type Person, people } from '../helpers/teams-fakes';
import { room, roomOrigin } from './security-kit';

// What the attack tests share: fresh incident ids and action keys, clicks in the incident room, the incident as
// stored, the seed runbook's gated action, and an approval request held while its approvers' card is being sent.

const rb = seedRunbook();
let seq = 0;
let keys = 0;

/** A fresh incident id of the test day (unique within a test file). */
export const nextId = () => `INC-20261124-${String(500 + ++seq).padStart(3, '0')}`;
/** A fresh key (action keys, folder names). */
export const key = (prefix = 'atk') => `${prefix}-${++keys}`;
/** Card data on the incident's current card, with a fresh action key. */
export const data = (i: Incident, extra: Record<string, unknown> = {}) => ({ incidentId: i.id, version: i.version, actionKey: key(), ...extra });
export const click = (
  verb: string,
  d: Record<string, unknown>,
  who: Person = people.staff,
  where: { id: string; conversationType: string; isGroup?: boolean } = room,
) => makeInvoke(verb, d, who, where);
export const current = async (bot: { service: AttackBot['service'] }, id: string) => (await bot.service.get(id))!;

/** The remediation action of the incident's finding that needs an approval. */
export const gatedAction = (i: Incident) => {
  const finding = rb.decisions.find((d) => d.id === i.finding?.findingId);
  const id = finding?.branch.actions.find((a) => rb.remediation.find((r) => r.id === a)?.approval.required);
  if (!id) throw new Error('the default finding has no gated action');
  return id;
};

/** An incident in remediation whose approval was requested; the card to the approvers' chat is held at `slow` until opened. */
export async function approvalRequestBeingSent(bot: AttackBot): Promise<{ incident: Incident; requested: Incident; slow: Gate }> {
  const incident = await seedAt(bot.store, incidentWithId(nextId(), 'remediation'), roomOrigin);
  const action = gatedAction(incident);
  const slow = gate();
  bot.holds.fn = (w) => (w.op === 'send' && w.conversationId === conversations.approvers.id && w.card ? slow : undefined);
  await fire(bot, click(verbs.requestApproval, data(incident, { actionId: action, [`reason_${action}`]: 'Rule blocks partner mail' })));
  await within(slow.reached, "the approvers' card send");
  return { incident, requested: await current(bot, incident.id), slow };
}
