/**
 * The storage contracts, each run twice: against the in-memory fake the unit tests rely on
 * and against its DynamoDB adapter on a real DynamoDB Local (one for this file, a fresh
 * table per case). A fake that drifts from its adapter fails here, not in production.
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { type TableConfig, toItem } from '../../functions/adapters/dynamo/table.js';
import { rewriteRegionsAndUnits } from '../../functions/usecases/catalog.js';
import { DynamoBadReviewStore } from '../../functions/adapters/dynamo/bad-review-store.js';
import { DynamoCalendarStore } from '../../functions/adapters/dynamo/calendar-store.js';
import { DynamoCaseStore } from '../../functions/adapters/dynamo/case-store.js';
import { DynamoCatalogStore } from '../../functions/adapters/dynamo/catalog-store.js';
import { DynamoComplaintStore } from '../../functions/adapters/dynamo/complaint-store.js';
import { DynamoDeliveryStore } from '../../functions/adapters/dynamo/delivery-store.js';
import { DynamoRatingStore } from '../../functions/adapters/dynamo/rating-store.js';
import { DynamoSupervisedCaseStore } from '../../functions/adapters/dynamo/supervised-case-store.js';
import { DynamoNotificationInbox } from '../../functions/adapters/notify/dynamo-inbox.js';
import type { SupervisedCase } from '../../functions/supervision/model.js';
import { FakeBadReviewStore, FakeInbox } from '../fakes-bad-review.js';
import { FakeCalendarStore, FakeCaseStore, FakeCatalogStore, FakeRatingStore } from '../fakes.js';
import { FakeComplaintStore } from '../fakes-complaints.js';
import { FakeDeliveryStore } from '../fakes-status-sync.js';
import { FakeSupervisedCaseStore } from '../fakes-supervision.js';
import { type BadReviewStores, describeBadReviewStoreContract } from './bad-review-store.contract.js';
import { describeCalendarStoreContract } from './calendar-store.contract.js';
import { describeCounterStoreContract } from './counter-store.contract.js';
import { FakeCounterStore } from '../fakes-counters.js';
import { DynamoCounterStore } from '../../functions/adapters/dynamo/counter-store.js';
import { describeCaseStoreContract } from './case-store.contract.js';
import { describeCatalogStoreContract } from './catalog-store.contract.js';
import { describeComplaintStoreContract } from './complaint-store.contract.js';
import { describeDeliveryStoreContract } from './delivery-store.contract.js';
import { describeExchangeStoreContract } from './exchange-store.contract.js';
import { DynamoExchangeSource, DynamoExchangeStore } from '../../functions/adapters/dynamo/exchange-store.js';
import { FakeExchangeSource, FakeExchangeStore } from '../fakes-exchange.js';
import { useDynamoDbLocal } from './dynamodb-local.js';
import { describeNotificationInboxContract } from './inbox.contract.js';
import { describeRatingStoreContract } from './rating-store.contract.js';

const dynamo = useDynamoDbLocal();

/** Another supervised workflow kind on the same table (as a consultation would be), for its own 通报 list. */
type Consultation = SupervisedCase & { consultationId: string };

describeCaseStoreContract('fake', async () => new FakeCaseStore());
describeCaseStoreContract('DynamoDB', async () => new DynamoCaseStore(await dynamo.newTable()));

describeRatingStoreContract('fake', async () => {
  const cases = new FakeCaseStore();
  return { cases, ratings: new FakeRatingStore(cases) };
});
describeRatingStoreContract('DynamoDB', async () => {
  const table = await dynamo.newTable();
  return { cases: new DynamoCaseStore(table), ratings: new DynamoRatingStore(table) };
});

describeCatalogStoreContract('fake', async () => new FakeCatalogStore());
describeCatalogStoreContract('DynamoDB', async () => new DynamoCatalogStore(await dynamo.newTable()));

describeCalendarStoreContract('fake', async () => new FakeCalendarStore());
describeCalendarStoreContract('DynamoDB', async () => new DynamoCalendarStore(await dynamo.newTable()));

describeBadReviewStoreContract('fake', async (): Promise<BadReviewStores> => {
  // Wired as makeBadReviewDeps wires them: the bad reviews are the rating store's items.
  const cases = new FakeCaseStore();
  const ratings = new FakeRatingStore(cases);
  return {
    cases,
    ratings,
    badReviews: new FakeBadReviewStore(ratings.badReviews, ratings.ratings),
    otherKind: new FakeSupervisedCaseStore<Consultation>(new Map(), (c) => c.consultationId),
  };
});
describeBadReviewStoreContract('DynamoDB', async (): Promise<BadReviewStores> => {
  const table = await dynamo.newTable();
  return {
    cases: new DynamoCaseStore(table),
    ratings: new DynamoRatingStore(table),
    badReviews: new DynamoBadReviewStore(table),
    otherKind: new DynamoSupervisedCaseStore<Consultation>(table, {
      kind: 'consultation',
      item: 'CONSULT',
      entity: 'consultation',
      unitList: 'CONSULTS',
      openList: 'OPEN_CONSULTS',
      id: (c) => c.consultationId,
      conflict: '该咨询已被同时处理，请刷新后重试',
    }),
  };
});

describeNotificationInboxContract('fake', async () => new FakeInbox());
describeNotificationInboxContract('DynamoDB', async () => new DynamoNotificationInbox(await dynamo.newTable()));

describeDeliveryStoreContract('fake', async () => new FakeDeliveryStore());
describeDeliveryStoreContract('DynamoDB', async () => new DynamoDeliveryStore(await dynamo.newTable()));

describeComplaintStoreContract('fake', async () => new FakeComplaintStore());
describeComplaintStoreContract('DynamoDB', async () => new DynamoComplaintStore(await dynamo.newTable()));

describeCounterStoreContract('fake', async () => new FakeCounterStore());
describeCounterStoreContract('DynamoDB', async () => new DynamoCounterStore(await dynamo.newTable()));

describe('DynamoCounterStore: a fold that stops midway is finished by the next, each staged batch counted once', () => {
  const keys = Array.from({ length: 40 }, (_, i) => ({ dim: `U#U-${i}`, period: 'M#2026-11' }));
  /** The table's client, failing every command of `kind` after the first `allowed` of them. */
  const failing = (table: TableConfig, kind: string, allowed: number): TableConfig => {
    let seen = 0;
    const send = (command: { constructor: { name: string } }) =>
      command.constructor.name === kind && ++seen > allowed ? Promise.reject(new Error('container stopped')) : table.client.send(command as never);
    return { ...table, client: { send } as unknown as TableConfig['client'] };
  };
  const stageTwo = async (store: DynamoCounterStore) => {
    await store.stage(
      's',
      undefined,
      '1',
      keys.map((key) => ({ key, values: { ratings: 1 } })),
    );
    await store.stage(
      's',
      '1',
      '2',
      keys.slice(0, 10).map((key) => ({ key, values: { ratings: 2, level1: 1 } })),
    );
  };
  const expectCounted = async (store: DynamoCounterStore) => {
    const rows = await store.read(keys);
    expect(rows.slice(0, 10)).toEqual(Array(10).fill({ ratings: 3, level1: 1 }));
    expect(rows.slice(10)).toEqual(Array(30).fill({ ratings: 1 }));
  };

  it.each([
    ['after writing some counters', 'UpdateItemCommand', 12],
    ['after writing every counter, before deleting what it folded', 'BatchWriteItemCommand', 0],
    ['after deleting what it folded, before closing its plan', 'UpdateItemCommand', 40],
  ])('stopped %s', async (_, kind, allowed) => {
    const table = await dynamo.newTable();
    const store = new DynamoCounterStore(table);
    await stageTwo(store);
    await expect(new DynamoCounterStore(failing(table, kind, allowed)).fold()).rejects.toThrow('container stopped');
    await store.fold();
    await expectCounted(store);
    // Later batches fold as usual.
    await store.stage('s', '2', '3', [{ key: keys[20]!, values: { ratings: 1 } }]);
    expect(await store.fold()).toEqual({ batches: 1, counters: 1 });
    expect(await store.read([keys[20]!])).toEqual([{ ratings: 2 }]);
  });

  it('two folds at once count each staged batch once', async () => {
    const table = await dynamo.newTable();
    const store = new DynamoCounterStore(table);
    await stageTwo(store);
    await Promise.all([store.fold(), new DynamoCounterStore(table).fold(), store.fold()]);
    await expectCounted(store);
  });
});

describeExchangeStoreContract('fake', async () => {
  const source = new FakeExchangeSource();
  return {
    store: new FakeExchangeStore(),
    source,
    put: {
      case: async (c) => void source.cases.set(c.caseNumber, c),
      rating: async (r) => void source.ratings.set(r.ratingId, r),
      complaint: async (c) => void source.complaints.set(c.complaintId, c),
    },
  };
});
describeExchangeStoreContract('DynamoDB', async () => {
  const table = await dynamo.newTable();
  const [cases, ratings, complaints] = [new DynamoCaseStore(table), new DynamoRatingStore(table), new DynamoComplaintStore(table)];
  return {
    store: new DynamoExchangeStore(table),
    source: new DynamoExchangeSource(table),
    put: {
      case: (c) => cases.save(c, 0),
      rating: async (r) => void (await ratings.add(r)),
      complaint: async (c) => void (await complaints.create(c)),
    },
  };
});

describe('region directories of a catalog written before them', () => {
  it('are written by putting every region and unit again (rewriteRegionsAndUnits), which changes no record', async () => {
    // Prepare: a region and two units as the store wrote them before directories (PutItem of the record alone)
    const table = await dynamo.newTable();
    const records = [
      {
        key: { pk: 'REGION#410400', sk: 'A', gsi1pk: 'CAT#regions', gsi1sk: '410400', entity: 'regions' },
        record: { code: '410400', name: '平顶山市', level: 'city' },
      },
      {
        key: { pk: 'REGION#410421', sk: 'A', gsi1pk: 'CAT#regions', gsi1sk: '410421', entity: 'regions' },
        record: { code: '410421', name: '宝丰县', level: 'county', parentCode: '410400' },
      },
      {
        key: { pk: 'UNIT#U-1', sk: 'A', gsi1pk: 'CAT#units', gsi1sk: '410421#U-1', entity: 'units' },
        record: { unitId: 'U-1', name: '县市场监管局', regionCode: '410421' },
      },
    ];
    for (const r of records) await table.client.send(new PutItemCommand({ TableName: table.tableName, Item: toItem(r.key, r.record) }));
    const catalog = new DynamoCatalogStore(table);
    expect((await catalog.directory('410400'))?.units).toEqual([]);
    // Act
    await rewriteRegionsAndUnits({ catalog });
    await rewriteRegionsAndUnits({ catalog });
    // Assess
    expect(await catalog.directory('410400')).toStrictEqual({ region: records[0]!.record, regions: [records[1]!.record], units: [records[2]!.record] });
    expect(await catalog.get('units', 'U-1')).toStrictEqual(records[2]!.record);
  });
});
