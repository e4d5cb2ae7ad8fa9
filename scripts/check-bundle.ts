/**
 * The bundle budget (issue 8, "light"): the JavaScript a parent downloads to read a conversation
 * or a newsletter stays under 100 KB gzipped. Run after `vite build` by `npm run build:web`; reads
 * Vite's manifest (web/dist/.vite/manifest.json), adds up, per route, the gzipped size of the
 * entry, its static imports and the chunks of the screens on the way, prints the figures and
 * exits 1 when a route is over budget, naming the chunks to look at.
 *
 * Screens missing from the manifest are bundled into the entry (imported statically by app.tsx);
 * a screen loaded with `import()` (web/src/lazy-page.tsx) is a chunk of its own, counted with
 * everything it imports statically.
 */
import { readFileSync } from 'node:fs'
import { brotliCompressSync, gzipSync } from 'node:zlib'

const BUDGET_BYTES = 100 * 1024
const dist = new URL('../web/dist/', import.meta.url).pathname

/** What a parent goes through to read each kind of thing, as source files of the screens. */
const ROUTES = [
  {
    name: 'conversation: / → /messages → /messages/:id',
    screens: ['src/pages/home-page.tsx', 'src/pages/messages-page.tsx', 'src/pages/thread-page.tsx'],
  },
  {
    name: 'newsletter: / → /newsletters → /newsletters/:id',
    screens: ['src/pages/home-page.tsx', 'src/pages/newsletters-page.tsx'],
    note: '/newsletters/:id itself is the server reading page: HTML with its styles inline and no script (0 KB of JavaScript)',
  },
]

interface Chunk {
  file: string
  src?: string
  isEntry?: boolean
  imports?: string[]
  css?: string[]
}
type Manifest = Record<string, Chunk>

let manifest: Manifest
try {
  manifest = JSON.parse(readFileSync(`${dist}.vite/manifest.json`, 'utf8'))
} catch {
  console.error('check-bundle: web/dist/.vite/manifest.json is missing: build with `build.manifest` on (web/vite.config.ts)')
  process.exit(1)
}

/** A chunk and everything it imports statically: what the browser fetches before running it. */
function withStaticImports(key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key]
  if (!chunk || into.has(chunk.file)) return into
  into.add(chunk.file)
  for (const imported of chunk.imports ?? []) withStaticImports(imported, into)
  return into
}

const sizes = new Map<string, { raw: number; gzip: number; brotli: number }>()
function size(file: string) {
  let known = sizes.get(file)
  if (!known) {
    const body = readFileSync(`${dist}${file}`)
    known = { raw: body.length, gzip: gzipSync(body, { level: 9 }).length, brotli: brotliCompressSync(body).length }
    sizes.set(file, known)
  }
  return known
}
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry)
if (!entryKey) {
  console.error('check-bundle: no entry in the manifest')
  process.exit(1)
}
const entryFiles = withStaticImports(entryKey)
const css = manifest[entryKey]?.css ?? []

console.log(`Bundle budget: ${kb(BUDGET_BYTES)} of gzipped JavaScript per parent route (gzip -9, as served)`)
console.log(`  entry ${[...entryFiles].join(' + ')}`)
for (const file of entryFiles) console.log(`    ${file}: ${kb(size(file).raw)}, gzip ${kb(size(file).gzip)}`)
for (const file of css) console.log(`  stylesheet ${file}: gzip ${kb(size(file).gzip)} (not JavaScript, not counted)`)

const over: string[] = []
for (const route of ROUTES) {
  const files = new Set(entryFiles)
  const lazy: string[] = []
  for (const screen of route.screens) {
    if (manifest[screen]) {
      lazy.push(`${screen} (${manifest[screen].file})`)
      withStaticImports(screen, files)
    }
  }
  const total = [...files].reduce((sum, file) => sum + size(file).gzip, 0)
  const brotli = [...files].reduce((sum, file) => sum + size(file).brotli, 0)
  const verdict = total <= BUDGET_BYTES ? 'ok' : 'OVER BUDGET'
  console.log(`  ${route.name}: ${kb(total)} gzipped (${kb(brotli)} Brotli) in ${files.size} files: ${verdict}`)
  console.log(`    screens in their own chunks: ${lazy.length ? lazy.join(', ') : 'none (all in the entry)'}`)
  if (route.note) console.log(`    ${route.note}`)
  if (total > BUDGET_BYTES) {
    const largest = [...files].sort((a, b) => size(b).gzip - size(a).gzip).slice(0, 3)
    over.push(`${route.name}: ${kb(total)} > ${kb(BUDGET_BYTES)}; largest: ${largest.map((f) => `${f} ${kb(size(f).gzip)}`).join(', ')}`)
  }
}

if (over.length > 0) {
  console.error('\ncheck-bundle: the JavaScript a parent downloads is over budget:')
  for (const line of over) console.error(`  ${line}`)
  console.error('Move staff screens behind lazyPage(() => import(...)) (web/src/lazy-page.tsx), or make the entry smaller.')
  process.exit(1)
}
