import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { padServiceWorker } from './build/pad-sw-plugin.js';

/**
 * The web app's build: Vue 3 single-file components, one bundle per page (multi-page), so the
 * phone and pad pages never load what the workbench needs. The old workbench (index.html,
 * app.js…) is not part of it and is served from `web/` as it is.
 */
const root = dirname(fileURLToPath(import.meta.url));

/** The pages Vite builds (those present: the pad and the OIDC callback land in their own time). */
export const PAGES = ['index', 'rate', 'pad', 'callback', 'open'].filter((p) => existsSync(resolve(root, `${p}.html`)));

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  plugins: [vue(), padServiceWorker()],
  // Only the Composition API, no devtools hooks in production: smaller and faster phone pages.
  define: { __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // Pages never use inline scripts (CSP `script-src 'self'`); no inline base64 assets either.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: { input: Object.fromEntries(PAGES.map((p) => [p, resolve(root, `${p}.html`)])) },
  },
  server: { port: 5173 },
});
