/**
 * The app's run-time settings, read from `/config.json` (served by the local stack, written
 * next to the app by CDK at deploy time): the API's base URL and the OIDC provider are
 * configuration, never assumed. Read once per page load.
 */
export interface WebConfig {
  apiBaseUrl: string;
  oidc: { authority: string; clientId: string; scope: string };
}

let loading: Promise<WebConfig> | undefined;

export function loadConfig(): Promise<WebConfig> {
  loading ??= fetch('/config.json', { cache: 'no-store' })
    .then(async (res) => {
      if (!res.ok) throw new Error(`/config.json: HTTP ${res.status}`);
      const cfg = (await res.json()) as WebConfig;
      if (typeof cfg.apiBaseUrl !== 'string' || typeof cfg.oidc?.authority !== 'string') throw new Error('/config.json: apiBaseUrl and oidc are required');
      return { ...cfg, apiBaseUrl: cfg.apiBaseUrl.replace(/\/+$/, '') };
    })
    .catch((e: unknown) => {
      loading = undefined; // a later call tries again
      throw e;
    });
  return loading;
}
