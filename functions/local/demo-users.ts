import { chineseIdCheckChar, hashPersonalKey } from '../core/identity.js';

/** A valid 18-digit resident ID from its first 17 digits (check digit per GB 11643). */
export const residentId = (first17: string) => first17 + chineseIdCheckChar(first17);

export const DEMO_CITIZEN_ID = residentId('41040219900101123');

/** One demo user per role; their tokens come from the local issuer (POST /auth/demo-token). */
export function demoUsers(salt: string): Record<string, { label: string; claims: Record<string, string> }> {
  return {
    citizen: { label: '市民 张三', claims: { sub: 'demo-citizen', role: 'citizen', name: '张三', person_key: hashPersonalKey(DEMO_CITIZEN_ID, salt) } },
    staff: { label: '承办人（市市场监督管理局）李四', claims: { sub: 'demo-staff', role: 'staff', name: '李四', unit_id: 'U-SCJG' } },
    leader: { label: '分管领导（市市场监督管理局）王五', claims: { sub: 'demo-leader', role: 'leader', name: '王五', unit_id: 'U-SCJG' } },
    supervisor: { label: '市政务服务和大数据管理局 赵六', claims: { sub: 'demo-supervisor', role: 'supervisor', name: '赵六', region_code: '410400' } },
    countySupervisor: {
      label: '宝丰县政务服务和大数据管理局 钱七',
      claims: { sub: 'demo-county-supervisor', role: 'supervisor', name: '钱七', region_code: '410421' },
    },
    admin: { label: '系统管理员', claims: { sub: 'demo-admin', role: 'admin', name: '管理员' } },
    client: { label: '业务系统（市市场监督管理局）', claims: { sub: 'demo-client-scjg', role: 'client', unit_id: 'U-SCJG' } },
    pad: { label: '市政务服务中心 1号窗口评价器', claims: { sub: 'demo-pad-city-hall', role: 'client', venue_id: 'V-CITY', window_id: 'W01' } },
    connector: { label: '全国一体化政务服务平台对接程序', claims: { sub: 'demo-national-connector', role: 'client', platform: 'national' } },
  };
}

export type DemoUsers = ReturnType<typeof demoUsers>;
