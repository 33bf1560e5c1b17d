/**
 * Checks that an uploaded file really is what its content type says, by its structure and
 * not only its first bytes: a PNG is a chain of CRC-checked chunks from IHDR to IEND, a
 * JPEG a chain of marker segments from SOI through a frame header and scan to EOI, a PDF a
 * `%PDF-` header with `%%EOF` at the end. A file that starts like a PNG but holds an HTML
 * document, or a 2-byte "JPEG", is refused.
 */
import type { EvidenceContentType as EvidenceType } from './evidence.js';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function isPng(b: Buffer): boolean {
  if (b.length < 8 + 25 + 12 || !b.subarray(0, 8).equals(PNG_SIGNATURE)) return false;
  let at = 8;
  let first = true;
  let sawData = false;
  while (at + 12 <= b.length) {
    const length = b.readUInt32BE(at);
    const type = b.subarray(at + 4, at + 8).toString('latin1');
    const end = at + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || end > b.length) return false;
    if (crc32(b.subarray(at + 4, at + 8 + length)) !== b.readUInt32BE(at + 8 + length)) return false;
    if (first && (type !== 'IHDR' || length !== 13)) return false;
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') return sawData && end === b.length;
    first = false;
    at = end;
  }
  return false;
}

function isJpeg(b: Buffer): boolean {
  if (b.length < 128 || b[0] !== 0xff || b[1] !== 0xd8 || b[b.length - 2] !== 0xff || b[b.length - 1] !== 0xd9) return false;
  let at = 2;
  let sawFrame = false;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return false;
    const marker = b[at + 1] ?? 0;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    const length = b.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > b.length) return false;
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC): the frame header.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) sawFrame = true;
    if (marker === 0xda) return sawFrame; // start of scan: entropy-coded data runs to EOI, checked above
    at += 2 + length;
  }
  return false;
}

function isPdf(b: Buffer): boolean {
  if (b.length < 64 || !/^%PDF-[12]\.\d/.test(b.subarray(0, 8).toString('latin1'))) return false;
  return b
    .subarray(Math.max(0, b.length - 1024))
    .toString('latin1')
    .includes('%%EOF');
}

const CHECKS: Record<EvidenceType, (b: Buffer) => boolean> = { 'image/png': isPng, 'image/jpeg': isJpeg, 'application/pdf': isPdf };

export const contentMatchesType = (type: EvidenceType, data: Buffer): boolean => CHECKS[type](data);
