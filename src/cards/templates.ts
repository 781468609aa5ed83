import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Expression, FunctionUtils } from 'adaptive-expressions';
import { Template } from 'adaptivecards-templating';
import { projectRoot } from '../project-root';
import { withReadableColors } from './readable-colors';
import type { AdaptiveCard } from './types';

// Card templates: cards/<name>.json, read and compiled once, bound with adaptivecards-templating's semantics.
// Compiled: the template's expressions (parsed by adaptivecards-templating / adaptive-expressions) become plain
// functions, so a card costs no expression evaluation machinery; a template using anything beyond paths, !, &&,
// == and != falls back to adaptivecards-templating itself. test/cards/templates.test.ts holds both to one output.

export type TemplateName =
  | 'header'
  | 'footer'
  | 'picker'
  | 'intake'
  | 'triage'
  | 'diagnostics'
  | 'runbook-notes'
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
  | 'message'
  | 'timeline'
  | 'handover';

/** Binds one template to a view: the same result as `new Template(payload).expand({ $root: view })`. */
export type Bind = (view: object) => unknown;

const cache = new Map<TemplateName, Bind>();

/** The folder holding the card templates. */
export function templatesDir(): string {
  return join(projectRoot(), 'cards');
}

function template(name: TemplateName): Bind {
  let bind = cache.get(name);
  if (!bind) {
    bind = compileTemplate(JSON.parse(readFileSync(join(templatesDir(), `${name}.json`), 'utf8')));
    cache.set(name, bind);
  }
  return bind;
}

/** Compiles a template payload; anything the compiler does not know binds with adaptivecards-templating. */
export function compileTemplate(payload: unknown): Bind {
  try {
    const node = compileNode(payload);
    return (view) => node({ root: view, data: undefined, index: undefined });
  } catch (err) {
    if (!(err instanceof NotCompiled)) throw err;
    const library = new Template(payload);
    return (view) => library.expand({ $root: view });
  }
}

/** Binds with adaptivecards-templating itself (the reference the compiled templates are tested against). */
export function libraryBind(payload: unknown): Bind {
  const library = new Template(payload);
  return (view) => library.expand({ $root: view });
}

class NotCompiled extends Error {}

/** Where an expression is evaluated: $root, $data (undefined: $root) and $index. */
interface Scope {
  root: unknown;
  data: unknown;
  index: number | undefined;
}
type Run = (scope: Scope) => unknown;

const reserved = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);

/** Expanded like Template.internalExpand: arrays flatten and drop nulls, objects honour $data and $when. */
function compileNode(node: unknown): Run {
  if (typeof node === 'string') {
    const parsed = Template.parseInterpolatedString(node) as unknown;
    if (typeof parsed === 'string') return () => parsed;
    return compileExpression(parsed as Expression, true);
  }
  if (Array.isArray(node)) {
    const items = node.map(compileNode);
    return (scope) => {
      const out: unknown[] = [];
      for (const item of items) {
        const value = item(scope);
        if (value === null) continue;
        if (Array.isArray(value)) out.push(...value);
        else out.push(value);
      }
      return out;
    };
  }
  if (typeof node !== 'object' || node === null) return () => node;
  const source = node as Record<string, unknown>;
  const fields = Object.keys(source)
    .filter((key) => !reserved.has(key))
    .map((key) => [key, compileNode(source[key])] as const);
  const data = source.$data === undefined ? undefined : compileDataOrWhen(source.$data, true);
  const when = source.$when === undefined ? undefined : compileDataOrWhen(source.$when, false);
  const build = (inner: Scope): Record<string, unknown> => {
    const object: Record<string, unknown> = {};
    for (const [key, run] of fields) {
      const value = run(inner);
      if (value !== undefined) object[key] = value;
    }
    return object;
  };
  // Without $data the element binds once in the scope it is in (most elements): no lists, no new scope.
  if (!data) return (scope) => (when && when(scope) !== true ? null : build(scope));
  return (scope) => {
    const contexts = data(scope);
    const many = Array.isArray(contexts);
    const list: unknown[] = many ? (contexts as unknown[]) : [contexts];
    const out: Record<string, unknown>[] = [];
    let current = scope.data;
    for (let i = 0; i < list.length; i++) {
      if (list[i] !== undefined) current = list[i];
      const inner: Scope = { root: scope.root, data: current, index: many ? i : scope.index };
      if (when && when(inner) !== true) continue;
      out.push(build(inner));
    }
    return out.length === 0 ? null : out.length === 1 ? out[0] : out;
  };
}

/** $data and $when must be a single expression; $when counts only as the boolean true. */
function compileDataOrWhen(value: unknown, substitute: boolean): Run {
  const parsed = typeof value === 'string' ? (Template.parseInterpolatedString(value) as unknown) : value;
  if (!(parsed instanceof Expression) || parsed.type === 'concat') throw new NotCompiled();
  return compileExpression(parsed, substitute);
}

/** An expression as a function. `substitute`: a missing value reads as "${path}", as the library does outside $when and operators. */
function compileExpression(expression: Expression, substitute: boolean): Run {
  const children = expression.children;
  switch (expression.type) {
    case 'Constant': {
      const value = (expression as unknown as { value: unknown }).value;
      return () => value;
    }
    case 'Accessor':
      return compileAccessor(expression, substitute);
    case '!': {
      const operand = compileExpression(children[0], false);
      return (scope) => !isLogicTrue(operand(scope));
    }
    case '&&': {
      const operands = children.map((c) => compileExpression(c, false));
      return (scope) => operands.every((operand) => isLogicTrue(operand(scope)));
    }
    case '==':
    case '!=': {
      if (children.length !== 2) throw new NotCompiled();
      const [left, right] = children.map((c) => compileExpression(c, false));
      const equal = expression.type === '==';
      return (scope) => FunctionUtils.commonEquals(left(scope), right(scope)) === equal;
    }
    case 'concat': {
      // Only as the library's own top-level concatenation of an interpolated string (with substitution).
      if (!substitute) throw new NotCompiled();
      const parts = children.map((c) => compileExpression(c, true));
      return (scope) => {
        let text = '';
        for (const part of parts) text += (part(scope) as { toString(): string }).toString();
        return text;
      };
    }
    default:
      throw new NotCompiled();
  }
}

/** A dotted path such as `title`, `proceed.verb` or `$root.reasonMax`, read like SimpleObjectMemory (property names case-insensitive). */
function compileAccessor(expression: Expression, substitute: boolean): Run {
  const names: string[] = [];
  for (let at: Expression | undefined = expression; at; at = at.children[1]) {
    const name = at.type === 'Accessor' ? (at.children[0] as unknown as { value: unknown }).value : undefined;
    if (typeof name !== 'string' || !/^\$?[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new NotCompiled();
    names.unshift(name);
  }
  const path = names.join('.');
  const [first, ...rest] = names;
  let start: (scope: Scope) => unknown;
  let walk = rest;
  if (!first.startsWith('$')) {
    start = (scope) => (scope.data !== undefined ? scope.data : scope.root);
    walk = names;
  } else if (first === '$root') start = (scope) => scope.root;
  else if (first === '$data') start = (scope) => (scope.data !== undefined ? scope.data : scope.root);
  else if (first === '$index') start = (scope) => scope.index;
  else throw new NotCompiled();
  const missing = substitute ? `\${${path}}` : undefined;
  return (scope) => {
    let value = start(scope);
    for (const name of walk) value = property(value, name);
    return value === undefined ? missing : value;
  };
}

/** InternalFunctionUtils.accessProperty: nothing from a falsy instance; an own key first, else the first key equal ignoring case. */
function property(instance: unknown, name: string): unknown {
  if (!instance) return undefined;
  if (instance instanceof Map) throw new TypeError('views are plain objects');
  if (typeof instance === 'object' && Object.prototype.hasOwnProperty.call(instance, name)) return (instance as Record<string, unknown>)[name];
  const lower = name.toLowerCase();
  const key = Object.keys(instance as object).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : (instance as Record<string, unknown>)[key];
}

/** InternalFunctionUtils.isLogicTrue: booleans as they are, null and undefined false, anything else true. */
function isLogicTrue(value: unknown): boolean {
  return typeof value === 'boolean' ? value : value != null;
}

/**
 * Binds a template to a view model. Values from the view are inserted as data, never parsed as
 * expressions, so user text containing `${...}` stays text.
 */
export function expand(name: TemplateName, view: object): AdaptiveCard {
  const card = template(name)(view) as AdaptiveCard;
  if (Array.isArray(card.actions) && card.actions.length === 0) delete card.actions;
  return withReadableColors(card);
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
