import { jobHandler } from '../observability.js';
import { giveDefaultRatings } from '../usecases/ratings.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();

/** EventBridge Scheduler target: gives default ratings (默认好评) to cases unrated 7 working days after 办结. */
export const handler = jobHandler(() => giveDefaultRatings(deps));
