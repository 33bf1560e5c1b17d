import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';

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

/** An item's size as DynamoDB bills it: attribute names plus values (strings UTF-8, binary its bytes, numbers ~ digits / 2 + 1, lists and maps + 3 and their elements). */
export function itemBytes(item: Record<string, AttributeValue>): number {
  const value = (v: AttributeValue): number => {
    if (v.S !== undefined) return Buffer.byteLength(v.S);
    if (v.N !== undefined) return Math.ceil(v.N.replace(/[-.]/g, '').length / 2) + 1;
    if (v.B !== undefined) return v.B.length;
    if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
    if (v.L) return 3 + v.L.reduce((s, x) => s + 1 + value(x), 0);
    if (v.M) return 3 + Object.entries(v.M).reduce((s, [k, x]) => s + 1 + Buffer.byteLength(k) + value(x), 0);
    if (v.SS) return v.SS.reduce((s, x) => s + Buffer.byteLength(x), 0);
    return 0;
  };
  return Object.entries(item).reduce((s, [k, v]) => s + Buffer.byteLength(k) + value(v), 0);
}
