import sharp from 'sharp'
import t from 'tap'
import { setup } from '../helpers/setup.ts'
import { draft } from './fixtures.ts'

/**
 * Newsletter images are light on phones (issue 8): the reading page offers each of the
 * newsletter's own photos at 480, 800 and 1200 px in a srcset, served in WebP to browsers that
 * accept it, resized in the original format to others, without the camera's metadata; the
 * original stays for download; GIFs and PDFs are served as they were sent.
 */
const WEBP_ACCEPT = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8'

/** A photo-like JPEG (gradient and noise) of the given size, with an EXIF orientation. */
async function photo(width: number, height: number, orientation = 1): Promise<Buffer> {
  const noise = { width, height, channels: 3 as const, background: '#808080', noise: { type: 'gaussian' as const, mean: 128, sigma: 30 } }
  return sharp({ create: noise })
    .jpeg({ quality: 92 })
    .withMetadata({ orientation, exif: { IFD0: { Make: 'Camera', Model: 'Phone' } } })
    .toBuffer()
}

t.test('a newsletter photo is served resized, in WebP when accepted, and the original stays for download', async (t) => {
  const ctx = await setup(t, { workers: false })
  const admin = await ctx.makeUser(ctx.school.id, 'admin', { language: 'en' })
  const session = await ctx.signIn(admin, ctx.school.id)
  const base = `/api/schools/${ctx.school.id}/newsletters`
  const created = await ctx.app.inject({ method: 'POST', url: base, headers: session.write, payload: draft() })
  t.equal(created.statusCode, 201, 'draft created')
  const id: string = created.json().id

  const upload = async (fileName: string, data: Buffer) => {
    const boundary = 'cyswllt-images'
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const res = await ctx.app.inject({
      method: 'POST',
      url: `${base}/${id}/attachments`,
      headers: { ...session.write, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    })
    t.equal(res.statusCode, 201, `${fileName} uploaded`)
    return res.json().id as string
  }
  // Taken on its side: 2400x1600 stored, shown 1600x2400 once turned as the camera says.
  const big = await photo(2400, 1600, 6)
  const small = await photo(300, 200)
  const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')
  const bigId = await upload('sports-day.jpg', big)
  const smallId = await upload('badge.jpg', small)
  const gifId = await upload('wave.gif', gif)
  const file = (fileId: string) => `/newsletters/${id}/files/${fileId}`
  const body = `Sports day!\n\n![Races](${file(bigId)})\n\n![Badge](${file(smallId)})\n\n![Wave](${file(gifId)})`
  const saved = await ctx.app.inject({ method: 'PUT', url: `${base}/${id}`, headers: session.write, payload: draft({ bodyEn: body }) })
  t.equal(saved.statusCode, 200, 'the images put in the English text')

  const page = await ctx.app.inject({ method: 'GET', url: `/newsletters/${id}?lang=en`, headers: session.get })
  t.equal(page.statusCode, 200, 'the reading page')
  const img = (fileId: string) => page.body.match(new RegExp(`<img src="${file(fileId)}[^>]*>`))?.[0] ?? ''
  const photoTag = img(bigId)
  t.match(photoTag, `srcset="${file(bigId)}?w=480 480w, ${file(bigId)}?w=800 800w, ${file(bigId)}?w=1200 1200w"`, 'three widths offered')
  t.match(photoTag, 'sizes="(max-width: 42rem) calc(100vw - 2rem), 40rem"', 'for the page column')
  t.match(photoTag, 'width="1200" height="1800"', 'its shape after the camera orientation, so the text does not jump')
  t.match(photoTag, 'alt="Races"', 'the description is kept')
  t.match(img(smallId), `srcset="${file(smallId)}?w=1200 300w"`, 'a small image is never enlarged: one candidate, its own width')
  t.match(page.body, `<img src="${file(gifId)}" alt="Wave"`, 'a GIF is left as it was sent')
  t.match(page.body, `<a href="${file(bigId)}">sports-day.jpg</a>`, 'the file list links to the original')

  const get = (url: string, accept?: string) =>
    ctx.app.inject({ method: 'GET', url, headers: { ...session.get, ...(accept ? { accept } : {}) } })
  const webp = await get(`${file(bigId)}?w=480`, WEBP_ACCEPT)
  t.equal(webp.statusCode, 200, 'a resized copy')
  t.equal(webp.headers['content-type'], 'image/webp', 'WebP for a browser that accepts it')
  t.equal(webp.headers.vary, 'accept', 'the answer depends on Accept')
  const webpMeta = await sharp(webp.rawPayload).metadata()
  t.same([webpMeta.format, webpMeta.width, webpMeta.height], ['webp', 480, 720], '480 px wide, turned upright')
  t.equal(webpMeta.exif, undefined, "no camera metadata (a family's photo may carry where it was taken)")
  t.ok(webp.rawPayload.length < big.length / 20, `much lighter: ${webp.rawPayload.length} bytes for ${big.length}`)

  const again = await get(`${file(bigId)}?w=480`, WEBP_ACCEPT)
  t.ok(again.rawPayload.equals(webp.rawPayload), 'the same copy again (kept, not made twice)')
  const snapped = await sharp((await get(`${file(bigId)}?w=700`, WEBP_ACCEPT)).rawPayload).metadata()
  t.equal(snapped.width, 800, 'another width asked for is served at the next offered one')

  const jpeg = await get(`${file(bigId)}?w=1200`, 'image/jpeg,image/*;q=0.8')
  t.equal(jpeg.headers['content-type'], 'image/jpeg', 'a browser without WebP gets a JPEG')
  t.equal((await sharp(jpeg.rawPayload).metadata()).width, 1200, 'at 1200 px')

  const original = await get(file(bigId), WEBP_ACCEPT)
  t.equal(original.headers['content-type'], 'image/jpeg', 'without ?w= the original')
  t.ok(original.rawPayload.equals(big), 'byte for byte')
  const gifResized = await get(`${file(gifId)}?w=480`, WEBP_ACCEPT)
  t.equal(gifResized.headers['content-type'], 'image/gif', 'a GIF is served as it was, even when a width is asked for')

  const other = await ctx.makeSchool()
  const stranger = await ctx.makeUser(other.id, 'admin')
  const strangerSession = await ctx.signIn(stranger, other.id)
  const refused = await ctx.app.inject({ method: 'GET', url: `${file(bigId)}?w=480`, headers: strangerSession.get })
  t.equal(refused.statusCode, 404, "another school's staff cannot get the resized copy either")
  const unknown = await get(`/newsletters/${id}/files/${crypto.randomUUID()}?w=480`, WEBP_ACCEPT)
  t.equal(unknown.statusCode, 404, 'an unknown file is a 404')
})
