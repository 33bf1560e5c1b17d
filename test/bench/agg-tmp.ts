import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
const { startLocalStack, freePort } = await import('../../functions/local/stack.js');
const { seed, seedPlan } = await import('../../functions/local/seed.js');
const { chineseIdCheckChar } = await import('../../functions/core/identity.js');
const { submitRating } = await import('../../functions/usecases/ratings.js');
const stack = await startLocalStack({ port: await freePort(), dataDir: mkdtempSync(join(tmpdir(), 'p-')), inMemory: true, seed: false, streamWindowMs: 5000 });
const deps = stack.deps;
await seed(deps, seedPlan(new Date(), 0));
await stack.drainStream();
const seen: string[] = [];
stack.table.client.middlewareStack.add(
  (next, context) => async (args: any) => {
    if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
    args.input.ReturnConsumedCapacity = 'INDEXES';
    const out: any = await next(args);
    seen.push(`${args.input.TransactItems.length} items: ${JSON.stringify(out.output.ConsumedCapacity)}`);
    return out;
  },
  { step: 'initialize', name: 'spy' },
);
const id17 = '41040219900101123';
const now = new Date().toISOString();
for (let i = 0; i < 5; i++)
  await deps.cases.save(
    {
      caseNumber: `AGG${i}`,
      itemCode: '4104-01-001',
      unitId: 'U-SCJG',
      venueId: 'V-CITY',
      windowId: 'W01',
      applicantKind: 'person',
      applicant: { name: '测试', idType: 'resident_id', idNumber: id17 + chineseIdCheckChar(id17) },
      acceptedAt: now,
      completedAt: now,
      status: 'completed',
      regionCode: '410400',
      itemName: '企业设立登记',
      personKey: 'bench',
      ratingCount: 0,
      defaultRatingDueAt: new Date(Date.now() + 10 * 86400_000).toISOString(),
      createdAt: now,
      updatedAt: now,
      version: 1,
    } as any,
    0,
  );
for (let i = 0; i < 5; i++)
  await submitRating(
    deps as any,
    { sub: 'pad', role: 'client', venueId: 'V-CITY', windowId: 'W01' } as any,
    { caseNumber: `AGG${i}`, level: 1, channel: 'pad', anonymous: true, tags: [], assessNumber: 1 } as any,
  );
await stack.drainStream();
console.log(seen.length, seen.slice(0, 5));
await stack.stop();
process.exit(0);
