import { describe, expect, it } from 'vitest';
import { maskId, maskPhone } from '../../functions/core/identity.js';
import { DEMO_CITIZEN_ID } from '../../functions/local/demo-users.js';
import { findPersonalData } from '../pii.js';

// The suite's log scan (test/global-setup.ts teardown) relies on this detector.
describe('personal-data detector used on the suite logs', () => {
  it('finds an unmasked resident ID and a mobile number inside a JSON log line', () => {
    // Prepare
    const line = JSON.stringify({ level: 'INFO', message: 'oops', rater: { idNumber: DEMO_CITIZEN_ID, phone: '13912345678' } });
    // Act
    const found = findPersonalData(line);
    // Assess
    expect(found).toEqual([DEMO_CITIZEN_ID, '13912345678']);
  });

  it('ignores masked values, case numbers and timestamps', () => {
    const line = JSON.stringify({
      id: maskId(DEMO_CITIZEN_ID),
      phone: maskPhone('13912345678'),
      caseNumber: 'PDS2026112100124',
      epoch: 1764201600000,
      requestId: 'd2c41aee-eb66-4ea9-aebd-13304273397d',
    });
    expect(findPersonalData(line)).toEqual([]);
  });
});
