import type { CalendarStore, CaseStore, CatalogStore, Clock, RatingStore } from '../ports/stores.js';
import type { BadReviewRecord } from '../core/ratings.js';

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
  };
  /** Called after a bad review is recorded, to start its workflow (best effort: a reconciler catches misses). */
  onBadReview?: (review: BadReviewRecord) => Promise<void>;
}
