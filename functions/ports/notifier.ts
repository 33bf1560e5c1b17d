/**
 * Who a notification is for. Notifications go to audiences (a unit's staff, its leader,
 * a region's supervisors, one citizen), not to individual accounts: whoever holds the
 * role sees them.
 */
export type Audience =
  | { kind: 'unitStaff'; unitId: string }
  | { kind: 'unitLeader'; unitId: string }
  | { kind: 'supervisors'; regionCode: string }
  /** Every supervisor, whatever their region (e.g. the calendar of next year is missing). */
  | { kind: 'allSupervisors' }
  | { kind: 'citizen'; personKey: string }
  | { kind: 'operators' };

export type NotificationKind = 'dispatched' | 'reminder' | 'taskOrder' | 'escalation' | 'decision' | 'reply' | 'closed' | 'alert';

export interface Notification {
  /** Stable id: the same event notified twice is stored once (idempotent). */
  id: string;
  audience: Audience;
  kind: NotificationKind;
  /** Simplified Chinese, no personal data. */
  title: string;
  body: string;
  /** Business key the notification is about, e.g. a bad review id. */
  subject?: string;
  createdAt: string;
}

/** Sends notifications; adapters: in-app inbox (table), SNS topic (supervisor alerts), SMS webhook, local outbox. */
export interface Notifier {
  notify(n: Notification): Promise<void>;
}

/** In-app notifications, listable per signed-in user with a per-user read mark. */
export interface NotificationInbox extends Notifier {
  list(audiences: Audience[], userSub: string, opts?: { limit?: number }): Promise<(Notification & { read: boolean })[]>;
  /** Marks one notification read for this user. Returns false when it does not exist or was not addressed to any of `audiences`. */
  markRead(id: string, userSub: string, audiences: Audience[]): Promise<boolean>;
}

/** Evidence files (整改材料) of a rectification: S3 in AWS, a local folder in the local stack. */
export interface FileStore {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<{ data: Buffer; contentType: string } | undefined>;
}
