import type { WorkingCalendar } from '../core/calendar.js';
import type { Notifier } from '../ports/notifier.js';
import type { Clock, Page } from '../ports/stores.js';
import type { WorkflowEngine } from '../ports/workflow.js';
import type { NoticeEntry, SupervisedCase } from './model.js';

/**
 * What the supervision core needs from the outside (interfaces only). The workflow engine,
 * notifier and clock are the project's ports (functions/ports/); the store and the
 * calendar are the core's own.
 */

/** The supervised cases of one workflow kind, with that kind's bi-weekly 通报 list. */
export interface SupervisedCaseStore<C extends SupervisedCase> {
  get(id: string): Promise<C | undefined>;
  /** Saves if the stored version is still `expectedVersion`; else a CONFLICT DomainError. Bumps nothing itself. */
  save(c: C, expectedVersion: number): Promise<void>;
  /** A unit's cases, open ones first, each group newest first; `open: true` reads the open ones only. */
  listByUnit(unitId: string, opts?: { open?: boolean; cursor?: string; limit?: number }): Promise<Page<C>>;
  /**
   * Open (pending or running) cases: the reconciler's working set, and within `regionCode`
   * (the region and its children, 行政区划 prefix) a supervisor's.
   */
  listOpen(opts?: { regionCode?: string; cursor?: string; limit?: number }): Promise<Page<C>>;
  addNotice(entry: NoticeEntry): Promise<void>;
  /** The 通报 list of one period, within `regionCode` when given. */
  listNotices(period: string, opts?: { regionCode?: string }): Promise<NoticeEntry[]>;
}

/** The working-day calendar in force (holiday data and the admins' overrides). */
export interface WorkingDays {
  current(): Promise<WorkingCalendar>;
}

export interface SupervisionPorts<C extends SupervisedCase> {
  cases: SupervisedCaseStore<C>;
  workflow: WorkflowEngine;
  /** Every channel (in-app inbox, SNS, SMS). */
  notifier: Notifier;
  calendar: WorkingDays;
  clock: Clock;
  /** Demo clock: one working day lasts this many seconds (local demos only). */
  demoWorkdaySeconds?: number;
}
