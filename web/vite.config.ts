import preact from '@preact/preset-vite'
import { defineConfig } from 'vite'
import { pwa } from './build/pwa.plugin.ts'

// Run from the repository root as `vite build web`: the root is web/, the build goes to web/dist,
// which the server serves at /. Source may import from ../shared (catalogs, types).
export default defineConfig({
  root: import.meta.dirname,
  // pwa(): the manifests in Welsh and English and the service worker's offline list (build/).
  plugins: [preact(), pwa()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: which chunks each page's entry imports, read by
    // scripts/check-bundle.ts to hold the script a parent downloads under its budget.
    manifest: true,
  },
})
