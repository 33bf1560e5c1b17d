import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Small deterministic PRNG (mulberry32): the benches' synthetic data is the same in every run. */
export function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Counts the items DynamoDB returns to `client` during a measured call: `counters` from
 * BatchGetItem (how the counter store reads), `other` from Query and GetItem (the catalog, lists).
 */
export function itemsRead(client: DynamoDBClient) {
  let tally: { counters: number; other: number } | undefined;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (tally) {
        const out = result.output as { Item?: unknown; Items?: unknown[]; Responses?: Record<string, unknown[]> };
        if (context.commandName === 'BatchGetItemCommand') tally.counters += Object.values(out.Responses ?? {}).reduce((s, r) => s + r.length, 0);
        else tally.other += (out.Item ? 1 : 0) + (out.Items?.length ?? 0);
      }
      return result;
    },
    { step: 'initialize', name: 'countItemsRead' },
  );
  return {
    async during<T>(call: () => Promise<T>): Promise<{ value: T; counters: number; other: number }> {
      const mine = { counters: 0, other: 0 };
      tally = mine;
      try {
        return { value: await call(), ...mine };
      } finally {
        tally = undefined;
      }
    },
  };
}
