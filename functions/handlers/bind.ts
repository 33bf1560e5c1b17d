/**
 * A Lambda entry point that builds its function on the first invocation: each HTTP handler
 * module exports `bind(deps)` (the route over the ports it is given) and
 * `handler = onFirstCall(() => bind(rootFromEnv()))`. Lambda composes from the environment
 * once per container; the local stack calls `bind` with its own frozen ports, so nothing is
 * read from or written to `process.env` to run a handler locally.
 */
export function onFirstCall<A extends unknown[], R>(make: () => (...args: A) => R): (...args: A) => R {
  let fn: ((...args: A) => R) | undefined;
  return (...args: A) => (fn ??= make())(...args);
}
