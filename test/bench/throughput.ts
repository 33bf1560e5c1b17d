/**
 * Throughput part of `npm run bench` (run.ts): ratings/s through the local HTTP API vs the
 * raw DynamoDB Local write rate (the ratio is the figure), and the bad-review workflow's
 * state transitions per case. Bounded loops on loopback only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
// Demo clock for the workflow figures: one working day lasts one second.
process.env.DEMO_WORKDAY_SECONDS = '1';
const N = Number(process.env.BENCH_RATINGS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

const { PutItemCommand, TransactWriteItemsCommand } = await import('@aws-sdk/client-dynamodb');
const { marshall } = await import('@aws-sdk/util-dynamodb');
const { startLocalStack, freePort } = await import('../../functions/local/stack.js');
const { localClient } = await import('../../functions/local/dynamodb-local.js');
const { seed, seedPlan } = await import('../../functions/local/seed.js');
const { badReviewHandlerDeps } = await import('../../functions/handlers/bad-review-deps.js');
const { chineseIdCheckChar } = await import('../../functions/core/identity.js');
const { submitRating } = await import('../../functions/usecases/ratings.js');
const { recordVerification, recordRectification, replyToRater, answerVisit } = await import('../../functions/usecases/bad-reviews.js');
const { countTransitions } = await import('../../functions/adapters/local/local-workflow.js');

async function pool<T>(items: T[], run: (t: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

const dataDir = mkdtempSync(join(tmpdir(), 'hcp-bench-'));
const stack = await startLocalStack({ port: await freePort(), dataDir, inMemory: true, seed: false });
try {
  const deps = badReviewHandlerDeps();
  const plan = seedPlan(new Date(), 0);
  await seed(deps, plan);
  // Cases to rate, written straight through the store (not part of the measurement).
  const id17 = '41040219900101123';
  const numbers = Array.from({ length: N }, (_, i) => `BENCH${String(i).padStart(6, '0')}`);
  const now = new Date().toISOString();
  await pool([...numbers, 'BENCH-BR-1', 'BENCH-BR-2'], (caseNumber) =>
    deps.cases.save(
      {
        caseNumber,
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
        createdAt: now,
        updatedAt: now,
        version: 1,
      },
      0,
    ),
  );

  // 1. Raw DynamoDB Local writes: one PutItem of a rating-sized item per rating.
  const client = localClient(stack.dynamoEndpoint);
  const sample = JSON.stringify({
    caseNumber: 'x',
    level: 2,
    channel: 'pad',
    tags: [],
    anonymous: true,
    itemCode: '4104-01-001',
    unitId: 'U-SCJG',
    regionCode: '410400',
  });
  let t0 = performance.now();
  await pool(numbers, async (n) => {
    await client.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: marshall({ pk: `RAW#${n}`, sk: 'A', data: sample }) }));
  });
  const rawPerSec = N / ((performance.now() - t0) / 1000);
  // The same database doing what one rating needs at the storage level: one two-item transaction.
  t0 = performance.now();
  await pool(numbers, async (n) => {
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Put: {
              TableName: process.env.TABLE_NAME,
              Item: marshall({ pk: `RAWTX#${n}`, sk: 'A', data: sample }),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: process.env.TABLE_NAME, Item: marshall({ pk: `RAWTX#${n}`, sk: 'B', data: sample }) } },
        ],
      }),
    );
  });
  const rawTxPerSec = N / ((performance.now() - t0) / 1000);

  // 2. Ratings through the HTTP API (auth, validation, idempotency check, transaction).
  const token = (
    (await (
      await fetch(`${stack.url}/auth/demo-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"pad"}' })
    ).json()) as { token: string }
  ).token;
  let failures = 0;
  t0 = performance.now();
  await pool(numbers, async (caseNumber) => {
    const res = await fetch(`${stack.url}/ratings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ caseNumber, level: 1, channel: 'pad', anonymous: true }),
    });
    await res.arrayBuffer();
    if (res.status !== 201) failures++;
  });
  const apiPerSec = N / ((performance.now() - t0) / 1000);
  client.destroy();

  // 3. Bad-review workflow: state transitions per case, counted from the execution history.
  const staff = { sub: 'bench-staff', role: 'staff' as const, unitId: 'U-SCJG' };
  const citizen = { sub: 'bench-citizen', role: 'citizen' as const, personKey: 'bench' };
  const until = async (what: () => Promise<boolean>) => {
    for (let i = 0; i < 600 && !(await what()); i++) await new Promise((r) => setTimeout(r, 50));
  };
  async function badReviewCase(caseNumber: string, neglect: boolean) {
    await submitRating(
      deps,
      { sub: 'bench', role: 'citizen', personKey: 'bench' },
      { caseNumber, assessNumber: 1, level: 4, channel: 'mobile', tags: ['服务态度'], anonymous: false },
    );
    const id = `${caseNumber}-1`;
    const at = async (step: string) => (await deps.badReviews.get(id))?.step === step;
    await until(() => at(neglect ? 'escalated' : 'verify'));
    await recordVerification(deps, staff, id, { contacted: true, facts: '已核实' });
    await until(() => at('rectify'));
    await recordRectification(deps, staff, id, { measures: '已整改', evidence: [] });
    await replyToRater(deps, staff, id, { text: '已答复' });
    await until(() => at('visit'));
    await answerVisit(deps, citizen, id, { answer: 'satisfied' });
    await until(async () => (await deps.badReviews.get(id))?.status === 'closed');
    const review = (await deps.badReviews.get(id))!;
    return countTransitions(await deps.workflow.history(review.executionId!));
  }
  const happy = await badReviewCase('BENCH-BR-1', false);
  const escalated = await badReviewCase('BENCH-BR-2', true);

  console.log(`\nBad-review workflow, state transitions per case (from execution history):`);
  console.log(`  happy path (verify → rectify+reply → visit → close)        ${happy}`);
  console.log(`  with one task order and one escalation                     ${escalated}`);

  console.log(`\nRatings: ${N} requests, concurrency ${CONCURRENCY}, ${failures} failures`);
  console.log(`  raw DynamoDB Local PutItem      ${rawPerSec.toFixed(0)} writes/s`);
  console.log(`  raw DynamoDB Local 2-item tx     ${rawTxPerSec.toFixed(0)} transactions/s`);
  console.log(`  POST /ratings via local API     ${apiPerSec.toFixed(0)} ratings/s`);
  console.log(`  ratio API / raw PutItem         ${(apiPerSec / rawPerSec).toFixed(2)}`);
  console.log(`  ratio API / raw 2-item tx       ${(apiPerSec / rawTxPerSec).toFixed(2)}`);
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
