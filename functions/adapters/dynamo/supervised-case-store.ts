import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { regionPrefix } from '../../core/access.js';
import { isOpen, type NoticeEntry, type SupervisedCase } from '../../supervision/model.js';
import type { Page } from '../../ports/stores.js';
import type { SupervisedCaseStore } from '../../supervision/ports.js';
import { fromItem, putIfVersion, queryAll, queryPage, type TableConfig, toItem } from './table.js';

/** Where one kind of supervised case lives in the single table (see table.ts). */
export interface CaseKeyLayout<C extends SupervisedCase> {
  /** The workflow kind: its 通报 list is `NOTICE#{kind}#{period}`. */
  readonly kind: string;
  /** The item: `{item}#{id}` / `A`; its `entity` attribute. */
  readonly item: string;
  readonly entity: string;
  /** A unit's cases: gsi1 `UNIT#{unitId}#{unitList}`. */
  readonly unitList: string;
  /** Open cases: gsi2 `{openList}` (sparse). */
  readonly openList: string;
  readonly id: (c: C) => string;
  /** The text a lost optimistic-lock race answers (409). */
  readonly conflict: string;
}

type Keyed<C extends SupervisedCase> = Pick<C, 'unitId' | 'regionCode' | 'createdAt' | 'status'>;

/**
 * The keys of a supervised case: listed under its unit with open ones first (gsi1 sort key
 * `OPEN#…` while open, `DONE#…` after, read newest first), and while open in the open list
 * sorted by region (gsi2 sort key `{regionCode}#{createdAt}#{id}`), so a supervisor's query
 * reads their region's prefix only.
 */
export function caseKeys<C extends SupervisedCase>(layout: CaseKeyLayout<C>, id: string, c: Keyed<C>) {
  const open = isOpen(c);
  return {
    pk: `${layout.item}#${id}`,
    sk: 'A',
    gsi1pk: `UNIT#${c.unitId}#${layout.unitList}`,
    gsi1sk: `${open ? 'OPEN' : 'DONE'}#${c.createdAt}#${id}`,
    gsi2pk: open ? layout.openList : undefined,
    gsi2sk: open ? `${c.regionCode}#${c.createdAt}#${id}` : undefined,
    entity: layout.entity,
  };
}

/** The supervision core's store (supervision/ports.ts) for one kind of case, on the single table. */
export class DynamoSupervisedCaseStore<C extends SupervisedCase> implements SupervisedCaseStore<C> {
  constructor(
    protected readonly t: TableConfig,
    private readonly layout: CaseKeyLayout<C>,
  ) {}

  async get(id: string): Promise<C | undefined> {
    const key = { pk: `${this.layout.item}#${id}`, sk: 'A' };
    const out = await this.t.client.send(new GetItemCommand({ TableName: this.t.tableName, Key: marshall(key), ConsistentRead: true }));
    return out.Item ? fromItem<C>(out.Item) : undefined;
  }

  save(c: C, expectedVersion: number): Promise<void> {
    return putIfVersion(this.t, toItem(caseKeys(this.layout, this.layout.id(c), c), c), expectedVersion, this.layout.conflict);
  }

  listByUnit(unitId: string, opts: { open?: boolean; cursor?: string; limit?: number } = {}): Promise<Page<C>> {
    const { open, ...page } = opts;
    return queryPage(this.t, { index: 'gsi1', pk: `UNIT#${unitId}#${this.layout.unitList}`, ...(open ? { skPrefix: 'OPEN#' } : {}), ...page });
  }

  listOpen(opts: { regionCode?: string; cursor?: string; limit?: number } = {}): Promise<Page<C>> {
    const { regionCode, ...page } = opts;
    return queryPage(this.t, {
      index: 'gsi2',
      pk: this.layout.openList,
      forward: true,
      ...(regionCode ? { skPrefix: regionPrefix(regionCode) } : {}),
      ...page,
    });
  }

  async addNotice(e: NoticeEntry): Promise<void> {
    // The escalation number is padded so that escalation 2 sorts before 10.
    const sk = `${e.regionCode}#${e.unitId}#${e.caseId}#${String(e.escalation).padStart(3, '0')}`;
    const key = { pk: `NOTICE#${this.layout.kind}#${e.period}`, sk, entity: 'notice' };
    await this.t.client.send(new PutItemCommand({ TableName: this.t.tableName, Item: toItem(key, e) }));
  }

  listNotices(period: string, opts: { regionCode?: string } = {}): Promise<NoticeEntry[]> {
    return queryAll(this.t, {
      pk: `NOTICE#${this.layout.kind}#${period}`,
      forward: true,
      ...(opts.regionCode ? { skPrefix: regionPrefix(opts.regionCode) } : {}),
    });
  }
}
