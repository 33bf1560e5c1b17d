import { randomUUID } from 'node:crypto';
import type * as z from 'zod/mini';
import { invalid, notFound } from '../core/errors.js';
import { EVIDENCE_TYPES, type EvidenceContentType, type EvidenceFile, MAX_EVIDENCE_BYTES } from '../core/evidence.js';
import { contentMatchesType } from '../core/file-content.js';
import type { FileStore } from '../ports/notifier.js';
import type { EvidenceBody } from './bad-review-bodies.js';

/**
 * Uploaded files (整改材料, a complaint's attachments): PNG, JPEG or PDF up to 4 MiB whose
 * content is what its type says, kept in S3 / the local folder under `{folder}/{fileId}`;
 * handed back only as downloads.
 */

/** Checks and stores an upload; the caller records the answer on its case. */
export async function storeUpload(files: FileStore, folder: string, body: z.output<typeof EvidenceBody>): Promise<EvidenceFile> {
  const data = Buffer.from(body.data, 'base64');
  if (data.length > MAX_EVIDENCE_BYTES) throw invalid('data', 'max_bytes', `文件不能超过 ${MAX_EVIDENCE_BYTES / 1024 / 1024} MiB`);
  if (!contentMatchesType(body.contentType, data)) throw invalid('data', 'content_matches_type', `文件内容不是 ${body.contentType}`);
  const file: EvidenceFile = { fileId: randomUUID(), name: body.fileName, contentType: body.contentType, size: data.length };
  await files.put(`${folder}/${file.fileId}`, data, body.contentType);
  return file;
}

/**
 * A stored file to download: always an attachment with the stored type, never rendered in
 * the API's origin; the ASCII name (`{prefix}-{id}.ext`) is safe for every client, the
 * original name (already free of control characters) goes along as `originalName`.
 */
export async function downloadUpload(files: FileStore, folder: string, f: EvidenceFile | undefined, prefix: string, what: string) {
  const stored = f ? await files.get(`${folder}/${f.fileId}`) : undefined;
  if (!f || !stored) throw notFound(what);
  const fileName = `${prefix}-${f.fileId.slice(0, 8)}${EVIDENCE_TYPES[f.contentType as EvidenceContentType]?.extensions[0] ?? '.bin'}`;
  return { data: stored.data, contentType: f.contentType, disposition: 'attachment' as const, fileName, originalName: f.name };
}
