import preact from '@preact/preset-vite'
import { defineConfig } from 'vite'

// Run from the repository root as `vite build web`: the root is web/, the build goes to web/dist,
// which the server serves at /. Source may import from ../shared (catalogs, types).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
})
