/**
 * Writes a Brotli (.br) and a gzip (.gz) copy next to each script and stylesheet in
 * web/dist/assets, after `vite build`. The server serves them (`preCompressed` in
 * server/plugins/web.plugin.ts) to browsers that accept them, so a phone on a small data plan
 * downloads the compressed bytes without the server compressing on every request. Only the
 * hashed files under assets/ are compressed: their names change with their content, so a copy
 * can never be older than its file (files at the top of dist/, such as the service worker, are
 * served as they are).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const assets = new URL('../web/dist/assets/', import.meta.url).pathname
const COMPRESSIBLE = /\.(js|css|svg|json)$/

let files = 0
let raw = 0
let brotli = 0
for (const name of readdirSync(assets).filter((file) => COMPRESSIBLE.test(file))) {
  const body = readFileSync(`${assets}${name}`)
  const br = brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  })
  const gz = gzipSync(body, { level: 9 })
  // A file too small to gain is left alone: the server then sends it as it is.
  if (br.length < body.length) writeFileSync(`${assets}${name}.br`, br)
  if (gz.length < body.length) writeFileSync(`${assets}${name}.gz`, gz)
  files += 1
  raw += body.length
  brotli += Math.min(br.length, body.length)
}
console.log(`compress-web: ${files} files in web/dist/assets, ${kb(raw)} → ${kb(brotli)} with Brotli (.br and .gz written)`)

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`
}
