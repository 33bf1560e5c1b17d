import { S3FileStore } from '../adapters/files/s3-files.js';
import type { ComplaintDeps } from '../usecases/deps.js';
import { type ComplaintCapability, composeComplaintDeps } from './complaint-deps.js';

/** `uses: ['files']`: attachments in the S3 bucket `EVIDENCE_BUCKET` (the evidence bucket, under `complaints/`). */
export const complaintFiles: ComplaintCapability = (_base, env) => (env.EVIDENCE_BUCKET ? { files: new S3FileStore({ bucket: env.EVIDENCE_BUCKET }) } : {});

/** Composition root for complaint handlers whose route uses the files. */
export const complaintHandlerDeps = (env = process.env): ComplaintDeps => composeComplaintDeps(env, complaintFiles);
