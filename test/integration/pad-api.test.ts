import { describe, expect, it } from 'vitest';
import { pushCase, uid } from './fixtures.js';
import { api } from './http.js';

/**
 * The hall pad's server part on the running local stack: the business system pushes the
 * case a window has just handled, the window's pad (demo user `pad`: V-CITY, window W01)
 * reads it with conditional polling, and its offline uploads land exactly once.
 */
const BOARD = '/windows/V-CITY/W01/current-case';

describe('current case of a window (hall pad)', () => {
  it('shows the pushed case to the window’s pad, masked, with 304 while nothing changes', async () => {
    const { caseNumber } = await pushCase();
    const pushed = await api('PUT', BOARD, { as: 'client', body: { caseNumber } });
    const again = await api('PUT', BOARD, { as: 'client', body: { caseNumber } });
    const read = await api('GET', BOARD, { as: 'pad' });
    const unchanged = await api('GET', BOARD, { as: 'pad', headers: { 'if-none-match': read.json.etag } });

    expect(pushed.status).toBe(200);
    expect(again.json.outcome).toBe('unchanged');
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(read.json.etag);
    expect(read.json).toMatchObject({ venueName: '平顶山市政务服务中心', current: { caseNumber, applicantName: '测**', rated: false } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBe('');
  });

  it('keeps every other window and principal out, and refuses a case of another window', async () => {
    const { caseNumber } = await pushCase();
    const otherWindow = await api('GET', '/windows/V-CITY/W02/current-case', { as: 'pad' });
    const unitClient = await api('GET', BOARD, { as: 'client' });
    const citizen = await api('GET', BOARD, { as: 'citizen' });
    const padPush = await api('PUT', BOARD, { as: 'pad', body: { caseNumber } });
    const wrongWindow = await api('PUT', '/windows/V-CITY/W02/current-case', { as: 'admin', body: { caseNumber } });
    const badBody = await api('PUT', BOARD, { as: 'client', body: { caseNumber, extra: 1 } });

    expect(otherWindow.status).toBe(404);
    expect(unitClient.status).toBe(404);
    expect(citizen.status).toBe(403);
    expect(padPush.status).toBe(403);
    expect(wrongWindow.status).toBe(400);
    expect(wrongWindow.json.error.issues[0]).toMatchObject({ field: 'caseNumber', rule: 'same_window' });
    expect(badBody.status).toBe(400);
  });

  it('records a pad upload with the board’s ticket, resent with the same keys, exactly once, and marks the case rated on the board', async () => {
    const { caseNumber } = await pushCase();
    await api('PUT', BOARD, { as: 'client', body: { caseNumber } });
    const { ticket } = (await api('GET', BOARD, { as: 'pad' })).json.current;
    expect(ticket).toEqual(expect.any(String));
    const ratings = [
      { idempotencyKey: `pad-${uid()}`, caseNumber, level: 4, channel: 'pad', tags: ['服务态度'], anonymous: true, venueId: 'V-CITY', windowId: 'W01', ticket },
    ];
    const first = await api('POST', '/ratings/batch', { as: 'pad', body: { ratings } });
    const resent = await api('POST', '/ratings/batch', { as: 'pad', body: { ratings } });
    const kase = await api('GET', `/cases/${caseNumber}`, { as: 'admin' });
    const board = await api('GET', BOARD, { as: 'pad' });

    expect(first.json.results[0].status).toBe(201);
    expect(resent.json.results[0].status).toBe(200);
    expect(kase.json.ratings).toHaveLength(1);
    expect(board.json.current).toMatchObject({ caseNumber, rated: true });
  });
});
