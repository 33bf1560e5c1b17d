import { describe, expect, it } from 'vitest';
import { csvTemplate, formFieldOf, formToRecord, keyOf, recordToForm, rowErrors } from './kinds.js';

describe('catalog records in forms and CSV', () => {
  it('turns a window with a device into flat cells and back, with its venue:window key', () => {
    const w = { venueId: 'V-CITY', windowId: 'W01', name: '1号窗口', unitId: 'U-SCJG', device: { deviceId: 'PAD-1', kind: 'pad' } };
    const cells = recordToForm('windows', w);
    expect(cells).toEqual({ venueId: 'V-CITY', windowId: 'W01', name: '1号窗口', unitId: 'U-SCJG', deviceId: 'PAD-1', deviceKind: 'pad' });
    expect(formToRecord('windows', cells)).toEqual(w);
    expect(keyOf('windows', w)).toBe('V-CITY:W01');
  });

  it('leaves empty cells out and sends whole numbers as numbers, anything else as typed (the API names it)', () => {
    const cells = { itemCode: ' 4104-01-001 ', name: '营业执照', unitId: 'U-SCJG', type: '2', promisedDays: '3', legalDays: 'ten' };
    expect(formToRecord('items', cells)).toEqual({ itemCode: '4104-01-001', name: '营业执照', unitId: 'U-SCJG', type: 2, promisedDays: 3, legalDays: 'ten' });
    expect(formToRecord('units', { unitId: 'U-1', name: '', regionCode: '410400' })).toEqual({ unitId: 'U-1', regionCode: '410400' });
  });

  it('puts each API issue beside its form field', () => {
    expect(formFieldOf('windows', 'device.kind')).toBe('deviceKind');
    expect(formFieldOf('items', 'promisedDays')).toBe('promisedDays');
    expect(formFieldOf('units', 'path.key')).toBe('unitId');
  });

  it('lists import issues by file line with the field name in words; file-wide issues first', () => {
    const rows = rowErrors('items', [
      { field: 'rows[4].promisedDays', message: '承诺时限不能超过法定时限' },
      { field: 'rows[2].unitId', message: '引用的units记录 U-X 不存在' },
      { field: 'body', message: 'CSV 至少需要表头和一行数据' },
    ]);
    expect(rows).toEqual([
      { row: null, field: '整个文件', message: 'CSV 至少需要表头和一行数据' },
      { row: 2, field: '单位编号', message: '引用的units记录 U-X 不存在' },
      { row: 4, field: '承诺时限（工作日）', message: '承诺时限不能超过法定时限' },
    ]);
  });

  it('offers a template whose header is the fields the import reads', () => {
    expect(csvTemplate('windows').split('\r\n')[0]).toBe('venueId,windowId,name,unitId,deviceId,deviceKind');
  });
});
