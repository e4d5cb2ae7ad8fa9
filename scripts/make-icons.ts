/**
 * Writes the app's icons to web/public/icons/ (committed; run again only to change the design):
 * PNGs drawn pixel by pixel and written with node:zlib, nothing downloaded, plus the same design
 * as SVG for the browser tab. The design: a white "C" (Cyswllt) open to the right, with a yellow
 * dot in its opening, on the brand green (web/src/styles.css --brand, --focus).
 *
 * - icon-192.png, icon-512.png: purpose "any", a rounded square with transparent corners.
 * - maskable-192.png, maskable-512.png: purpose "maskable", full-bleed green, the design inside
 *   the central circle of 80% that every launcher's mask keeps.
 * - apple-touch-icon.png (180): full-bleed (iOS rounds the corners itself; no transparency).
 *
 * Run: node scripts/make-icons.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { crc32, deflateSync } from 'node:zlib'

const out = new URL('../web/public/icons/', import.meta.url).pathname
type Rgba = [number, number, number, number]
const GREEN: Rgba = [0x00, 0x56, 0x3f, 255]
const WHITE: Rgba = [255, 255, 255, 255]
const YELLOW: Rgba = [0xff, 0xbf, 0x47, 255]
const CLEAR: Rgba = [0, 0, 0, 0]

interface Design {
  /** Corner radius of the green square as a share of the size; 0 for full-bleed. */
  corner: number
  /** Scale of the letter: 1 fills the "any" icon, 0.8 keeps it in a maskable icon's safe zone. */
  scale: number
}

/** The colour at (x, y) in a unit square (0..1), before anti-aliasing. */
function colourAt(x: number, y: number, { corner, scale }: Design): Rgba {
  if (corner > 0) {
    const cx = Math.min(Math.max(x, corner), 1 - corner)
    const cy = Math.min(Math.max(y, corner), 1 - corner)
    if (Math.hypot(x - cx, y - cy) > corner) return CLEAR
  }
  const dx = x - 0.5
  const dy = y - 0.5
  const distance = Math.hypot(dx, dy)
  const outer = 0.33 * scale
  const inner = 0.2 * scale
  // The opening of the C: 42 degrees either side of the right-hand horizontal.
  const opening = Math.abs(Math.atan2(dy, dx)) < (42 * Math.PI) / 180
  if (distance <= outer && distance >= inner && !opening) return WHITE
  const dot = Math.hypot(x - (0.5 + (outer + inner) / 2), y - 0.5)
  if (dot <= ((outer - inner) / 2) * 1.15) return YELLOW
  return GREEN
}

/** RGBA pixels, each the average of 4x4 samples (smooth edges). */
function draw(size: number, design: Design): Buffer {
  const pixels = Buffer.alloc(size * size * 4)
  const n = 4
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0]
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const [r, g, b, a] = colourAt((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size, design)
          // Premultiplied, so a transparent sample does not darken the edge.
          sum[0] += r * a
          sum[1] += g * a
          sum[2] += b * a
          sum[3] += a
        }
      }
      const offset = (py * size + px) * 4
      const alpha = sum[3] / (n * n)
      pixels[offset] = alpha ? Math.round(sum[0] / sum[3]) : 0
      pixels[offset + 1] = alpha ? Math.round(sum[1] / sum[3]) : 0
      pixels[offset + 2] = alpha ? Math.round(sum[2] / sum[3]) : 0
      pixels[offset + 3] = Math.round(alpha)
    }
  }
  return pixels
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A PNG (8-bit RGBA, no interlace) of square RGBA pixels. */
function encodePng(size: number, pixels: Buffer): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bit depth
  header[9] = 6 // colour type: RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0 // filter: none
    pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

/** The same design as SVG, for the browser tab. */
function svg(): string {
  const outer = 33
  const inner = 20
  const angle = (42 * Math.PI) / 180
  const point = (r: number, sign: number) => `${(50 + r * Math.cos(angle)).toFixed(2)} ${(50 + sign * r * Math.sin(angle)).toFixed(2)}`
  const ring = `M${point(outer, -1)}A${outer} ${outer} 0 1 0 ${point(outer, 1)}L${point(inner, 1)}A${inner} ${inner} 0 1 1 ${point(inner, -1)}Z`
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><title>Cyswllt</title><rect width="100" height="100" rx="22" fill="#00563f"/><path d="${ring}" fill="#fff"/><circle cx="${50 + (outer + inner) / 2}" cy="50" r="${(((outer - inner) / 2) * 1.15).toFixed(2)}" fill="#ffbf47"/></svg>\n`
}

mkdirSync(out, { recursive: true })
const icons: [string, number, Design][] = [
  ['icon-192.png', 192, { corner: 0.22, scale: 1 }],
  ['icon-512.png', 512, { corner: 0.22, scale: 1 }],
  ['maskable-192.png', 192, { corner: 0, scale: 0.8 }],
  ['maskable-512.png', 512, { corner: 0, scale: 0.8 }],
  ['apple-touch-icon.png', 180, { corner: 0, scale: 0.9 }],
]
for (const [name, size, design] of icons) {
  const png = encodePng(size, draw(size, design))
  writeFileSync(`${out}${name}`, png)
  console.log(`${name}: ${size}x${size}, ${png.length} bytes`)
}
writeFileSync(`${out}icon.svg`, svg())
console.log('icon.svg')
