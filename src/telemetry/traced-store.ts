import { inDependencySpan } from './spans';

// A store whose every async method call from outside is a dependency span ("Azure Blob Storage: put"): a Proxy, so
// a method added to the store later is traced without touching this file. Arguments are never recorded.

const isAsync = (fn: unknown): fn is (...args: unknown[]) => Promise<unknown> => typeof fn === 'function' && fn.constructor.name === 'AsyncFunction';

/** The same object; each async method runs inside a CLIENT span towards `target`, other members pass through. */
export function tracedStore<T extends object>(store: T, target: string): T {
  return new Proxy(store, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof property !== 'string' || !isAsync(value)) return typeof value === 'function' ? value.bind(object) : value;
      return (...args: unknown[]) => inDependencySpan({ name: property, target }, () => value.apply(object, args));
    },
  });
}
