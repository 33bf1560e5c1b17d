import QRCode from 'qrcode';
import type { FileResult } from './replies.js';

/** Draws a QR code (评价二维码) as a printable SVG or a 512-px PNG; shown inline and cached for an hour. */
export async function renderQr(qr: { url: string; format: 'png' | 'svg'; fileName: string }): Promise<FileResult> {
  const image =
    qr.format === 'svg'
      ? { data: await QRCode.toString(qr.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }), contentType: 'image/svg+xml' }
      : { data: await QRCode.toBuffer(qr.url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 512 }), contentType: 'image/png' };
  return { ...image, fileName: qr.fileName, disposition: 'inline', maxAge: 3600 };
}
