import { S3FileStore } from '../adapters/files/s3-files.js';
import type { BadReviewDeps } from '../usecases/deps.js';
import { type Capability, composeBadReviewDeps } from './bad-review-deps.js';

/** `uses: ['files']`: the evidence files in the S3 bucket `EVIDENCE_BUCKET`. */
export const files: Capability = (_base, env) => (env.EVIDENCE_BUCKET ? { files: new S3FileStore({ bucket: env.EVIDENCE_BUCKET }) } : {});

/** Composition root for handlers whose route uses the evidence files (see bad-review-deps.ts). */
export const badReviewHandlerDeps = (env = process.env): BadReviewDeps => composeBadReviewDeps(env, files);
