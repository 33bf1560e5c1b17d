// The OIDC redirect page (callback.html): completes the sign-in and goes back where it started.
// The callback URL is replaced, never kept in history: reloading it would replay a used code.
import { loadConfig } from '../config.js';
import { handleCallback, initAuth } from './index.js';

const status = document.getElementById('status');
const detail = document.getElementById('detail');
const back = document.getElementById('back');

async function main(): Promise<void> {
  try {
    const cfg = await loadConfig();
    initAuth(cfg.oidc);
    const returnTo = await handleCallback();
    // Empty: a silent renewal in a hidden frame, which reports to its parent page by itself.
    if (returnTo) window.location.replace(returnTo);
  } catch (e) {
    if (status) status.textContent = '登录没有完成';
    if (detail) {
      detail.textContent = e instanceof Error && /access_denied/.test(e.message) ? '您取消了登录。' : '登录信息已失效或出错，请返回后重新登录。';
      detail.hidden = false;
    }
    if (back) back.hidden = false;
  }
}

void main();
