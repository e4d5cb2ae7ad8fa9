import sharp from 'sharp'

/**
 * Newsletter images as phones on small data plans should get them (issue 8, "light"): resized
 * to the width the screen needs and in WebP for browsers that accept it (every current one
 * does), the original kept for download. Each resized copy is made once and kept in memory,
 * keyed by attachment id, width and format (an attachment never changes: it can only be
 * deleted), so a newsletter sent to a school is encoded once per size, not once per family.
 *
 * AVIF is not offered: on the 2-CPU machine it took 2.3-6.4 s per image (WebP 0.13-0.26 s) for
 * about a quarter fewer bytes, which the first families to open a newsletter would wait for.
 */

/** The widths offered in `srcset`: a phone, a phone with a dense screen, the page's full width. */
export const IMAGE_WIDTHS = [480, 800, 1200] as const
/** The reading page's column: `main` is 42rem wide with 1rem padding (newsletter-page.routes.ts). */
const SIZES = '(max-width: 42rem) calc(100vw - 2rem), 40rem'
/** JPEG, PNG and WebP are resized; a GIF (perhaps animated) is served as it was sent. */
const RESIZABLE = new Set(['image/jpeg', 'image/png', 'image/webp'])
/** A photo from a phone is about 12 megapixels; this refuses decompression bombs well above it. */
const MAX_INPUT_PIXELS = 60_000_000
const DEFAULT_CACHE_BYTES = 48 * 1024 * 1024

/** An attachment as this module needs it: its bytes are loaded only when nothing cached answers. */
export interface StoredImage {
  id: string
  contentType: string
  load: () => Promise<Buffer>
}
export interface ImageVariant {
  data: Buffer
  contentType: string
}
export interface ImageSize {
  width: number
  height: number
}

export function isResizable(contentType: string): boolean {
  return RESIZABLE.has(contentType)
}

/** The offered width to make for a requested one: the smallest at least as wide, or the largest. */
export function snapWidth(requested: number): number {
  return IMAGE_WIDTHS.find((width) => width >= requested) ?? IMAGE_WIDTHS[IMAGE_WIDTHS.length - 1]
}

/** WebP where the browser says it accepts it (its `Accept` header), else the original's format. */
function formatFor(contentType: string, accept: string | undefined): 'webp' | 'jpeg' | 'png' {
  if (contentType === 'image/webp' || /\bimage\/webp\b/.test(accept ?? '')) return 'webp'
  return contentType === 'image/png' ? 'png' : 'jpeg'
}

export function createNewsletterImages(options: { cacheBytes?: number } = {}) {
  const cacheBytes = options.cacheBytes ?? DEFAULT_CACHE_BYTES
  /** Least recently used first (a Map keeps insertion order; a hit is moved to the end). */
  const variants = new Map<string, Promise<ImageVariant | null>>()
  const held = new Map<string, number>()
  let heldBytes = 0
  const sizes = new Map<string, Promise<ImageSize | null>>()

  const remember = (key: string, bytes: number) => {
    held.set(key, bytes)
    heldBytes += bytes
    for (const [oldest, size] of held) {
      if (heldBytes <= cacheBytes) break
      held.delete(oldest)
      variants.delete(oldest)
      heldBytes -= size
    }
  }

  return {
    /**
     * The image at `width` (an offered width, never enlarged) in WebP or the original format,
     * without its metadata (no camera or location details), or null when it cannot be read (the
     * original is then served). Requests for the same copy while it is being made share it.
     */
    variant(image: StoredImage, width: number, accept: string | undefined): Promise<ImageVariant | null> {
      if (!isResizable(image.contentType)) return Promise.resolve(null)
      const format = formatFor(image.contentType, accept)
      const key = `${image.id}:${snapWidth(width)}:${format}`
      const cached = variants.get(key)
      if (cached) {
        variants.delete(key)
        variants.set(key, cached)
        return cached
      }
      const made = image
        .load()
        .then(async (data) => {
          const resized = sharp(data, { limitInputPixels: MAX_INPUT_PIXELS })
            .autoOrient()
            .resize({ width: snapWidth(width), withoutEnlargement: true })
          const out =
            format === 'webp'
              ? await resized.webp({ quality: 75 }).toBuffer()
              : format === 'png'
                ? await resized.png({ compressionLevel: 9 }).toBuffer()
                : await resized.jpeg({ quality: 75, mozjpeg: true }).toBuffer()
          remember(key, out.length)
          return { data: out, contentType: `image/${format}` }
        })
        .catch(() => {
          variants.delete(key) // not kept: the next request tries again
          return null
        })
      variants.set(key, made)
      return made
    },

    /** The width and height the image shows at (after its camera orientation), or null if unreadable. */
    size(image: StoredImage): Promise<ImageSize | null> {
      let known = sizes.get(image.id)
      if (!known) {
        known = image
          .load()
          .then(async (data) => {
            const meta = await sharp(data, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()
            const { width, height } = meta.autoOrient ?? meta
            return width && height ? { width, height } : null
          })
          .catch(() => {
            sizes.delete(image.id)
            return null
          })
        if (sizes.size >= 10_000) sizes.clear()
        sizes.set(image.id, known)
      }
      return known
    },
  }
}
export type NewsletterImages = ReturnType<typeof createNewsletterImages>

/**
 * The `<img>` of a newsletter's own resizable images with a `srcset` of the offered widths
 * narrower than the image (plus the image itself, up to the largest width), `sizes` for the
 * reading page's column, and `width`/`height` so the text does not jump as images arrive.
 * `query` is added to each address (the reader's link token). Other images are left alone.
 */
export function withResponsiveImages(html: string, newsletterId: string, imageSizes: Map<string, ImageSize>, query: string): string {
  const pattern = new RegExp(`<img src="/newsletters/${newsletterId}/files/([0-9a-f-]{36})"`, 'g')
  return html.replace(pattern, (tag, id: string) => {
    const size = imageSizes.get(id)
    if (!size) return tag
    const url = (width: number) => `/newsletters/${newsletterId}/files/${id}?w=${width}${query ? `&amp;${query}` : ''}`
    const largest = IMAGE_WIDTHS[IMAGE_WIDTHS.length - 1]
    const shown = Math.min(size.width, largest)
    const candidates = IMAGE_WIDTHS.filter((width) => width < size.width && width < largest).map((width) => `${url(width)} ${width}w`)
    candidates.push(`${url(largest)} ${shown}w`)
    const height = Math.round((size.height * shown) / size.width)
    return `<img src="${url(largest)}" srcset="${candidates.join(', ')}" sizes="${SIZES}" width="${shown}" height="${height}"`
  })
}
