import { DomainError } from '../../core/errors.js';

/** Longest accepted key (S3 allows 1024 bytes; ours are ASCII). */
export const MAX_KEY_LENGTH = 512;

/** A segment starts with a letter or digit (so never `.` or `..`) and uses only `A-Z a-z 0-9 . _ -`. */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Checks an evidence file key such as `reviews/R-1/evidence-1.jpg` and returns it:
 * `/`-separated segments of letters, digits, `.`, `_`, `-`; no empty, `.` or `..`
 * segment, no leading `/`, no backslash. The same rule holds in S3 and in the local
 * folder, so a key that works locally works on AWS and cannot leave the folder.
 * Original file names (Chinese, spaces) belong in the record, not in the key.
 */
export function checkFileKey(key: string): string {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !key.split('/').every((segment) => SEGMENT.test(segment)))
    throw new DomainError('VALIDATION_FAILED', '文件键不合法：只能由字母、数字、点、下划线、连字符和 / 组成，且不能以点开头或包含空段', [
      { field: 'key', rule: 'fileKey', message: '只能由字母、数字、点、下划线、连字符和 / 组成，且不能以点开头或包含空段' },
    ]);
  return key;
}
