import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal, localClient, ensureTable } from '../../functions/local/dynamodb-local.js';
import { freePort } from '../../functions/local/stack.js';
const d = await startDynamoDbLocal({ port: await freePort() });
const c = localClient(d.endpoint);
await ensureTable(c, 'ttt');
const put = (pk: string, cond: boolean) => ({
  Put: {
    TableName: 'ttt',
    Item: { pk: { S: pk }, sk: { S: 'A' }, data: { S: 'x'.repeat(300) } },
    ...(cond ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
  },
});
const upd = (pk: string, cond: boolean) => ({
  Update: {
    TableName: 'ttt',
    Key: { pk: { S: pk }, sk: { S: 'A' } },
    UpdateExpression: 'ADD n :one',
    ExpressionAttributeValues: { ':one': { N: '1' } },
    ...(cond ? { ConditionExpression: 'attribute_not_exists(zz)' } : {}),
  },
});
for (const [name, items] of [
  ['2 puts no cond', [put('a1', false), put('a2', false)]],
  ['2 puts cond', [put('b1', true), put('b2', true)]],
  ['5 puts no cond', [1, 2, 3, 4, 5].map((i) => put(`c${i}`, false))],
  ['5 updates no cond', [1, 2, 3, 4, 5].map((i) => upd(`d${i}`, false))],
  ['5 updates, last cond', [...[1, 2, 3, 4].map((i) => upd(`e${i}`, false)), upd('e5', true)]],
  ['5 updates again', [1, 2, 3, 4, 5].map((i) => upd(`d${i}`, false))],
] as const) {
  const out = await c.send(new TransactWriteItemsCommand({ TransactItems: items as any, ReturnConsumedCapacity: 'INDEXES' }));
  console.log(name, JSON.stringify(out.ConsumedCapacity));
}
c.destroy();
d.stop();
process.exit(0);
