/**
 * Evidence files (整改材料) a unit uploads with its rectification: the limits the API
 * enforces (bad-review-bodies.ts, usecases/bad-reviews.ts) and `GET /meta` tells the pages.
 */

/** 4 MiB: as base64 inside JSON it stays under Lambda's 6 MB synchronous request limit. */
export const MAX_EVIDENCE_BYTES = 4 * 1024 * 1024;

/** Accepted content types, with the name shown to people and the file extensions a picker offers. */
export const EVIDENCE_TYPES = {
  'image/png': { label: 'PNG', extensions: ['.png'] },
  'image/jpeg': { label: 'JPEG', extensions: ['.jpg', '.jpeg'] },
  'application/pdf': { label: 'PDF', extensions: ['.pdf'] },
} as const;
export type EvidenceContentType = keyof typeof EVIDENCE_TYPES;
export const EVIDENCE_CONTENT_TYPES = Object.keys(EVIDENCE_TYPES) as [EvidenceContentType, ...EvidenceContentType[]];

/** A stored file (整改材料, a complaint's attachment): its id, the name it was uploaded with, type and size. */
export interface EvidenceFile {
  fileId: string;
  name: string;
  contentType: string;
  size: number;
}
