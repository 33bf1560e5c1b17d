import { ref } from 'vue';
import type { SignedInUser } from '../auth/index.js';

/** The workbench's roles (the API's, from the token's `role` claim). */
export type Role = 'staff' | 'leader' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['staff', 'leader', 'supervisor', 'admin'];
export const ROLE_NAMES: Record<Role, string> = { staff: '承办人', leader: '单位负责人', supervisor: '监管人员', admin: '系统管理员' };

/** The signed-in user of the workbench: set once by main.ts before the app mounts. */
export const user = ref<SignedInUser>({ sub: '', role: '' });
export const roleName = (role: string) => (isRole(role) ? ROLE_NAMES[role] : role);

export const isRole = (role: string): role is Role => (ROLES as readonly string[]).includes(role);
