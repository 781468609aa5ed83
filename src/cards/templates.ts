import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'adaptivecards-templating';
import { projectRoot } from '../project-root';
import type { AdaptiveCard } from './types';

// Card templates: cards/<name>.json, read and prepared once, bound with adaptivecards-templating.

export type TemplateName =
  | 'header'
  | 'footer'
  | 'picker'
  | 'intake'
  | 'triage'
  | 'diagnostics'
  | 'decision'
  | 'investigation'
  | 'remediation'
  | 'validation'
  | 'evidence'
  | 'summary-editor'
  | 'closed'
  | 'cancelled'
  | 'approval'
  | 'summary'
  | 'escalation'
  | 'message';

const cache = new Map<TemplateName, Template>();

/** The folder holding the card templates. */
export function templatesDir(): string {
  return join(projectRoot(), 'cards');
}

function template(name: TemplateName): Template {
  let prepared = cache.get(name);
  if (!prepared) {
    prepared = new Template(JSON.parse(readFileSync(join(templatesDir(), `${name}.json`), 'utf8')));
    cache.set(name, prepared);
  }
  return prepared;
}

/**
 * Binds a template to a view model. Values from the view are inserted as data, never parsed as
 * expressions, so user text containing `${...}` stays text.
 */
export function expand(name: TemplateName, view: object): AdaptiveCard {
  const card = template(name).expand({ $root: view }) as AdaptiveCard;
  if (Array.isArray(card.actions) && card.actions.length === 0) delete card.actions;
  return card;
}

/** Stacks cards into one: their other properties merged, every body one after another, then every action list. */
export function compose(...cards: AdaptiveCard[]): AdaptiveCard {
  const list = (card: AdaptiveCard, key: 'body' | 'actions') => (Array.isArray(card[key]) ? (card[key] as unknown[]) : []);
  const body = cards.flatMap((c) => list(c, 'body'));
  const actions = cards.flatMap((c) => list(c, 'actions'));
  const merged: AdaptiveCard = Object.assign({}, ...cards);
  delete merged.body;
  delete merged.actions;
  return { ...merged, body, ...(actions.length ? { actions } : {}) };
}
