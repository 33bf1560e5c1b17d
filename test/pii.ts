import { isValidChineseId } from '../functions/core/identity.js';

/** Unmasked personal data in a text: valid 18-digit resident IDs and mainland mobile numbers. */
export function findPersonalData(text: string): string[] {
  const ids = [...text.matchAll(/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g)].map((m) => m[0]).filter((id) => isValidChineseId(id));
  const phones = [...text.matchAll(/(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g)].map((m) => m[0]);
  return [...ids, ...phones];
}
