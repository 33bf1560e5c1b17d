import { describe, expect, it } from 'vitest';
import { can, canFor, numbered } from './actions.js';
import { checkFile, contentTypeOf, toBase64 } from './files.js';

const RULES = {
  maxBytes: 4 * 1048576,
  types: [
    { contentType: 'image/png', label: 'PNG', extensions: ['png'] },
    { contentType: 'application/pdf', label: 'PDF', extensions: ['pdf'] },
  ],
};

describe('evidence files', () => {
  it('takes the allowed types up to the size limit (GET /meta), by MIME type or extension', () => {
    expect(checkFile(RULES, { name: 'a.png', type: 'image/png', size: 10 })).toBeUndefined();
    expect(checkFile(RULES, { name: 'scan.PDF', type: '', size: 10 })).toBeUndefined();
    expect(checkFile(RULES, { name: 'notes.txt', type: 'text/plain', size: 10 })).toBe('只能上传 PNG、PDF 文件');
    expect(checkFile(RULES, { name: 'big.png', type: 'image/png', size: 4 * 1048576 + 1 })).toBe('文件不能超过 4 MB');
    expect(checkFile(RULES, { name: 'empty.png', type: 'image/png', size: 0 })).toBe('文件是空的');
    expect(contentTypeOf(RULES, { name: 'scan.pdf', type: '' })).toBe('application/pdf');
  });

  it('encodes bytes as base64', async () => {
    expect(await toBase64(new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])]))).toBe('iVBORw==');
  });
});

describe('allowed actions', () => {
  it('reads plain and numbered actions', () => {
    const actions = ['verify', 'acknowledgeTaskOrder:2', 'completeTaskOrder:1', 'completeTaskOrder:3'];
    expect(can(actions, 'verify')).toBe(true);
    expect(can(actions, 'rectify')).toBe(false);
    expect(numbered(actions, 'completeTaskOrder')).toEqual([1, 3]);
    expect(canFor(actions, 'acknowledgeTaskOrder', 2)).toBe(true);
    expect(canFor(actions, 'acknowledgeTaskOrder', 1)).toBe(false);
    expect(can(undefined, 'verify')).toBe(false);
  });
});
