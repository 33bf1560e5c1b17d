import { S3FileStore } from '../adapters/files/s3-files.js';
import type { ReportDeps } from '../usecases/deps.js';
import { composeReportDeps, type ReportCapability } from './report-deps.js';

/** `uses: ['files']`: the report files in the S3 bucket `EVIDENCE_BUCKET` (under `reports/`). */
export const files: ReportCapability = (_base, env) => (env.EVIDENCE_BUCKET ? { files: new S3FileStore({ bucket: env.EVIDENCE_BUCKET }) } : {});

/** Composition root for report handlers whose route reads the files (downloads). */
export const reportHandlerDeps = (env = process.env): ReportDeps => composeReportDeps(env, files);
