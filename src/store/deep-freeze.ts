// Values a store hands out to every reader alike are frozen, so a reader that tried to change one would fail loudly
// instead of changing what the next reader sees.

/** Freezes the value and everything it holds; parts already frozen (shared with an earlier version) are not walked. */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const part of Object.values(value as object)) deepFreeze(part);
  return value;
}
