import type { Page } from 'playwright-core';

/**
 * Signs in through the local OIDC provider's login page (authorization code + PKCE, the
 * same redirect the app makes in AWS): call it once the app has sent the browser there
 * (e.g. after clicking the app's 登录). Picks the demo user by id (`citizen`, `pad`,
 * `staff` … — functions/local/demo-users.ts), presses 登录, and waits until the browser is
 * back on the app (callback.html has handed over to the page that started the sign-in).
 */
export async function signInThroughOidc(page: Page, user: string): Promise<void> {
  await page.waitForURL(/\/oidc\/interaction\//);
  await page.locator(`input[name="user"][value="${user}"]`).check();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/oidc/') && !url.pathname.endsWith('/callback.html'));
}

/** The access token oidc-client-ts keeps for the signed-in user (sessionStorage, or localStorage for the pad). */
export async function storedAccessToken(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    for (const store of [sessionStorage, localStorage])
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i) ?? '';
        if (key.startsWith('oidc.user:')) return (JSON.parse(store.getItem(key) ?? '{}') as { access_token?: string }).access_token ?? null;
      }
    return null;
  });
}

/**
 * Opens the workbench at a hash route (`/inbox`, `/dashboard?region=…`) signed in as a demo
 * user (`staff`, `leader`, `supervisor`, `countySupervisor`, `admin`) in a fresh page: the
 * workbench sends a signed-out browser to the provider, which returns to the route asked for.
 */
export async function openWorkbench(page: Page, baseUrl: string, user: string, route = '/'): Promise<void> {
  await page.goto(`${baseUrl}/#${route}`);
  await signInThroughOidc(page, user);
  await page.locator('#current-role').waitFor({ state: 'attached' }); // hidden on phones
}
