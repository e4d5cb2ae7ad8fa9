import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import type { Plugin, Rolldown } from 'vite'

type OutputBundle = Rolldown.OutputBundle
type OutputChunk = Rolldown.OutputChunk

/**
 * What makes the built app installable and readable offline, written by `vite build`:
 *
 * - `manifest-cy.webmanifest` and `manifest-en.webmanifest`: the web app manifest in each
 *   language, its words from the catalogs (`web.install.*`, `web.app_name`), the same `id`, so
 *   both describe one app. index.html links the Welsh one; `web/src/offline/manifest-link.ts`
 *   switches the link to English when the page's language is English.
 * - `sw-assets.js`: the list the service worker (`public/sw.js`, which imports it) keeps for
 *   offline use when it installs: index.html, the entry script with its static imports and
 *   stylesheets, the icons and the manifests, with a version made from them. A new build changes
 *   this file, so browsers install the new worker, which keeps the new files and deletes the old.
 *   Screens loaded later (lazy chunks) are kept when first opened.
 */

const web = `${import.meta.dirname}/..`
type Catalog = { web: { app_name: string; install: { name: string; description: string }; [key: string]: unknown } }
const catalog = (lang: 'cy' | 'en'): Catalog =>
  JSON.parse(readFileSync(`${web}/../shared/locales/${lang}/translation.json`, 'utf8')) as Catalog

/** The brand colours (web/src/styles.css: --brand, --wash). */
export const THEME_COLOUR = '#00563f'
const BACKGROUND_COLOUR = '#f3f5f4'

const ICONS = [
  { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
  { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
  { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
  { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
]

/** The manifest in one language (Welsh Language Standards: the Welsh one is as complete). */
export function webManifest(lang: 'cy' | 'en') {
  const { web: text } = catalog(lang)
  const title = (section: string) => ((text[section] as { title?: string } | undefined)?.title ?? text.app_name) as string
  return {
    id: '/',
    name: text.install.name,
    short_name: text.app_name,
    description: text.install.description,
    lang,
    dir: 'ltr',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: THEME_COLOUR,
    background_color: BACKGROUND_COLOUR,
    categories: ['education', 'social'],
    icons: ICONS,
    shortcuts: [
      { name: title('messaging'), url: '/messages', icons: [ICONS[0]] },
      { name: title('newsletters'), url: '/newsletters', icons: [ICONS[0]] },
    ],
  }
}

/** The entry chunk's file, every chunk it imports statically, and their stylesheets. */
function shellFiles(bundle: OutputBundle): string[] {
  const chunks = new Map(
    Object.values(bundle)
      .filter((item): item is OutputChunk => item.type === 'chunk')
      .map((chunk) => [chunk.fileName, chunk]),
  )
  const files = new Set<string>()
  const visit = (chunk: OutputChunk | undefined) => {
    if (!chunk || files.has(chunk.fileName)) return
    files.add(chunk.fileName)
    for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css)
    for (const imported of chunk.imports) visit(chunks.get(imported))
  }
  for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk)
  return [...files].map((file) => `/${file}`)
}

export function pwa(): Plugin {
  return {
    name: 'cyswllt-pwa',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      // Added after Vite has processed index.html: the manifests do not exist until the bundle.
      handler: () => [
        { tag: 'link', attrs: { rel: 'manifest', href: '/manifest-cy.webmanifest' }, injectTo: 'head' },
        { tag: 'meta', attrs: { name: 'theme-color', content: THEME_COLOUR }, injectTo: 'head' },
        { tag: 'link', attrs: { rel: 'icon', href: '/icons/icon.svg', type: 'image/svg+xml' }, injectTo: 'head' },
        { tag: 'link', attrs: { rel: 'apple-touch-icon', href: '/icons/apple-touch-icon.png' }, injectTo: 'head' },
      ],
    },
    generateBundle(_options, bundle) {
      const manifests = (['cy', 'en'] as const).map((lang) => ({
        fileName: `manifest-${lang}.webmanifest`,
        source: `${JSON.stringify(webManifest(lang), null, 2)}\n`,
      }))
      for (const manifest of manifests) this.emitFile({ type: 'asset', ...manifest })
      const icons = readdirSync(`${web}/public/icons`)
        .sort()
        .map((name) => `/icons/${name}`)
      const files = ['/index.html', ...shellFiles(bundle), ...icons, ...manifests.map((m) => `/${m.fileName}`)]
      const version = createHash('sha256')
        .update(JSON.stringify(files))
        .update(manifests.map((m) => m.source).join(''))
        .update(readFileSync(`${web}/index.html`))
        .digest('hex')
        .slice(0, 12)
      this.emitFile({
        type: 'asset',
        fileName: 'sw-assets.js',
        source: `// Written by web/build/pwa.plugin.ts: what the service worker keeps for offline use.\nself.CYSWLLT_SHELL = ${JSON.stringify({ version, files })}\n`,
      })
    },
  }
}
