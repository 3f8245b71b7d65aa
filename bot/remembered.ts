/**
 * Remembers a pure function's results by key, for inputs that repeat (words, terms, answers). When it holds `max`
 * results it forgets them all and starts over: the keys in use come back within a few calls, and no bookkeeping is
 * done on a hit.
 */
export function remembered<A, V>(compute: (arg: A) => V, max: number, keyOf: (arg: A) => unknown = (arg) => arg): (arg: A) => V {
  const results = new Map<unknown, V>();
  return (arg) => {
    const key = keyOf(arg);
    let result = results.get(key);
    if (result === undefined) {
      result = compute(arg);
      if (results.size >= max) results.clear();
      results.set(key, result);
    }
    return result;
  };
}
