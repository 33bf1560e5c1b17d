/**
 * A citizen signs in through the real OIDC flow on the running local stack: the app's 登录
 * sends the browser to the local provider (authorization code + PKCE), the login page lets
 * them pick a demo user by keyboard, callback.html hands the code in and returns to the
 * page, the app's token is accepted by the API, and 退出登录 in the app's top bar ends the
 * session (at the provider too) and leaves the app signed out.
 */
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './axe.js';
import { storedAccessToken } from './oidc-sign-in.js';
import { baseUrl, PHONE, shot, useBrowser } from './setup.js';

const browser = useBrowser();

describe('sign-in through the local OIDC provider', () => {
  it('signs a citizen in with code + PKCE, the API accepts the token, and sign-out ends the session', async () => {
    const page = await browser.newPage(PHONE);
    const start = `${baseUrl()}/rate.html?venue=V-CITY&window=W01`;
    await page.goto(start);
    // The app knows its provider from /config.json, not from its build.
    const config = await (await fetch(`${baseUrl()}/config.json`)).json();
    expect(config).toEqual({
      apiBaseUrl: baseUrl(),
      oidc: { authority: `${baseUrl()}/oidc`, clientId: 'haochaping-web', scope: 'openid profile' },
    });

    await page.getByRole('button', { name: '登录', exact: true }).click();
    // The provider's page: authorization request with a PKCE challenge, a login page in Chinese.
    await page.waitForURL(/\/oidc\/interaction\//);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expect.poll(() => page.title()).toContain('登录');
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'sign-in-login');
    // Keyboard only: the demo users are one radio group (arrows choose), Enter submits the form.
    await page.locator('input[name="user"]:checked').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('input[name="user"]:checked').getAttribute('value')).toBe('staff');
    await page.keyboard.press('ArrowUp');
    expect(await page.locator('input[name="user"]:checked').getAttribute('value')).toBe('citizen');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/oidc/') && !url.pathname.endsWith('/callback.html'));

    // Back where the sign-in started, query string and all; the callback page is not in history.
    expect(page.url()).toBe(`${start}#/`);
    await page.getByRole('heading', { name: '待评价的办件' }).waitFor();
    await shot(page, 'sign-in-signed-in');

    // The token the app holds is a JWT the API accepts, with the citizen's claims.
    const token = await storedAccessToken(page);
    expect(token?.split('.')).toHaveLength(3);
    const me = await fetch(`${baseUrl()}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ sub: 'demo-citizen', role: 'citizen' });
    // A changed token is refused.
    const forged = await fetch(`${baseUrl()}/me`, { headers: { authorization: `Bearer ${token?.slice(0, -4)}AAAA` } });
    expect(forged.status).toBe(401);

    // Sign out with the app's 退出登录 in the top bar: signOut() forgets the tokens and asks the
    // provider to end its session; the provider asks to confirm (its own 退出登录), ends it and
    // returns to the page, which then shows the signed-out state; signing in again shows the login page.
    const header = page.getByRole('banner');
    await header.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/oidc\/session\/end/);
    expect(await storedAccessToken(page)).toBeNull();
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'sign-in-sign-out');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(`${baseUrl()}/rate.html#/`);
    await page.getByRole('heading', { name: '登录后评价' }).waitFor();
    expect(await header.getByRole('button', { name: '退出登录' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: '待评价的办件' }).count()).toBe(0);
    expect(await storedAccessToken(page)).toBeNull();
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'sign-in-signed-out');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(/\/oidc\/interaction\//);
    expect(browser.pageErrors).toEqual([]);
  });
});
