/** Evidence files are checked by their structure, not only their first bytes. */
import { describe, expect, it } from 'vitest';
import { contentMatchesType } from '../../functions/core/file-content.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const segment = (marker: number, payload: number[]) => [0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];
/** A structurally complete baseline JPEG: SOI, APP0, SOF0, SOS, scan data, EOI. */
const JPEG = Buffer.from([
  0xff,
  0xd8,
  ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
  ...segment(0xc0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]),
  ...segment(0xda, [1, 1, 0, 0, 0x3f, 0]),
  ...new Array(120).fill(0x55),
  0xff,
  0xd9,
]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('evidence content check', () => {
  it('accepts a real PNG, JPEG and PDF', () => {
    // Act / Assess
    expect(contentMatchesType('image/png', PNG)).toBe(true);
    expect(contentMatchesType('image/jpeg', JPEG)).toBe(true);
    expect(contentMatchesType('application/pdf', PDF)).toBe(true);
  });

  it('refuses a file that starts like a PNG but holds an HTML document', () => {
    // Prepare
    const html = Buffer.concat([PNG.subarray(0, 8), Buffer.from('<html><script>alert(document.cookie)</script></html>'.repeat(3))]);
    const headerThenHtml = Buffer.concat([PNG.subarray(0, 33), Buffer.from('<html><body>x</body></html>')]);
    // Act / Assess
    expect(contentMatchesType('image/png', html)).toBe(false);
    expect(contentMatchesType('image/png', headerThenHtml)).toBe(false);
  });

  it('refuses a PNG with a corrupted chunk or bytes after IEND', () => {
    // Prepare
    const corrupted = Buffer.from(PNG);
    corrupted[40] = (corrupted[40] ?? 0) ^ 0xff;
    // Act / Assess
    expect(contentMatchesType('image/png', corrupted)).toBe(false);
    expect(contentMatchesType('image/png', Buffer.concat([PNG, Buffer.from('<html>')]))).toBe(false);
  });

  it('refuses a 2-byte "JPEG", a JPEG without a frame header, and one holding HTML', () => {
    // Prepare
    const noFrame = Buffer.from([0xff, 0xd8, ...segment(0xda, [1, 1, 0, 0, 0x3f, 0]), ...new Array(140).fill(0x55), 0xff, 0xd9]);
    const html = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('<html>'.repeat(40)), Buffer.from([0xff, 0xd9])]);
    // Act / Assess
    expect(contentMatchesType('image/jpeg', Buffer.from([0xff, 0xd8]))).toBe(false);
    expect(contentMatchesType('image/jpeg', noFrame)).toBe(false);
    expect(contentMatchesType('image/jpeg', html)).toBe(false);
  });

  it('refuses a PDF header without an end-of-file marker, and another type passed off as PDF', () => {
    // Act / Assess
    expect(contentMatchesType('application/pdf', Buffer.from('%PDF-1.4\n<html><body>not a pdf</body></html>\n'.repeat(2)))).toBe(false);
    expect(contentMatchesType('application/pdf', PNG)).toBe(false);
  });
});
