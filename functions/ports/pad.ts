/**
 * The case a window has just handled (办结), as the business system pushed it for the
 * window's hall pad (评价器): one record per window, replaced by each push.
 */
export interface CurrentCase {
  venueId: string;
  windowId: string;
  caseNumber: string;
  /** When it was pushed (ISO instant): the pad offers it for a limited time only. */
  pushedAt: string;
  /** Subject of the client that pushed it. */
  pushedBy: string;
}

export interface CurrentCaseStore {
  get(venueId: string, windowId: string): Promise<CurrentCase | undefined>;
  put(record: CurrentCase): Promise<void>;
}
