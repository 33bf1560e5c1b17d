import type { BadReviewConfig } from '../core/bad-review.js';
import type { BadReview as BadReviewRecord } from '../core/bad-review.js';
import type { FileStore, NotificationInbox, Notifier } from '../ports/notifier.js';
import type { BadReviewStore } from '../ports/bad-reviews.js';
import type { ComplaintConfig } from '../core/complaints/complaint.js';
import type { ComplaintStore } from '../ports/complaints.js';
import type { DeliveryStore, StatusSink } from '../ports/status-sync.js';
import type { CalendarStore, CaseStore, CatalogStore, Clock, RatingStore } from '../ports/stores.js';
import type { CounterStore } from '../ports/counters.js';
import type { ReportStore, SpreadsheetWriter } from '../ports/reports.js';
import type { WorkflowEngine } from '../ports/workflow.js';

/** Everything use cases need, passed in: adapters in production, fakes in unit tests. */
export interface Deps {
  catalog: CatalogStore;
  cases: CaseStore;
  ratings: RatingStore;
  calendarStore: CalendarStore;
  clock: Clock;
  config: {
    /** Secret salt for person keys (hashes of ID numbers). */
    personKeySalt: string;
    /** Where the web app is served: QR codes point at `${publicBaseUrl}/rate.html`. */
    publicBaseUrl: string;
    /** The API's own URL (OpenAPI `servers`). */
    publicApiUrl?: string;
  };
  /** Called after a bad review is recorded, to start its workflow (best effort: a reconciler catches misses). */
  onBadReview?: (review: BadReviewRecord) => Promise<void>;
}

/** What the bad-review use cases need on top of {@link Deps}. */
export interface BadReviewDeps extends Deps {
  badReviews: BadReviewStore;
  workflow: WorkflowEngine;
  /** Every channel: in-app inbox, and in AWS also SNS alerts and the SMS webhook. */
  notifier: Notifier;
  inbox: NotificationInbox;
  files: FileStore;
  badReviewConfig: BadReviewConfig;
  /** Demo clock: one working day lasts this many seconds (local demos only). */
  demoWorkdaySeconds?: number;
}

/** What the consultation and complaint (咨询投诉) use cases need on top of {@link Deps}. */
export interface ComplaintDeps extends Deps {
  complaints: ComplaintStore;
  /** The engine running workflows/complaint.asl.json. */
  complaintWorkflow: WorkflowEngine;
  /** Attachments: S3 in AWS, a local folder in the local stack. */
  files: FileStore;
  notifier: Notifier;
  complaintConfig: ComplaintConfig;
  /** Demo clock: one working day lasts this many seconds (local demos only). */
  demoWorkdaySeconds?: number;
  /** Status changes of transfers back to the national platform: the records and the HTTP sink. */
  deliveries: DeliveryStore;
  statusSink: StatusSink;
  /** Waits between delivery attempts (tests pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
  syncRetry?: { attempts: number; baseDelayMs: number };
}

/** What the reports (双周通报, 进展报告, 年度报告) need: the counters and the supervision lists to read, the files, the record and the notification. */
export interface ReportDeps extends Pick<Deps, 'catalog' | 'clock'> {
  counters: CounterStore;
  badReviews: BadReviewStore;
  complaints: ComplaintStore;
  reports: ReportStore;
  /** XLSX and HTML files: S3 in AWS, a local folder in the local stack. */
  files: FileStore;
  notifier: Notifier;
  spreadsheet: SpreadsheetWriter;
}
