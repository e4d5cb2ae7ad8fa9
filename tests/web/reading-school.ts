import { randomUUID } from 'node:crypto'
import sharp from 'sharp'
import type { TestContext } from '../helpers/setup.ts'
import { draft, withoutQuietHours } from '../newsletters/fixtures.ts'

/** A long address, unbroken: what pushes a narrow page sideways if anything does. */
export const LONG_LINK = 'https://amgueddfa.cymru/sainffagan/ymweld/teithiau-ysgol/gwybodaeth-i-rieni-a-gofalwyr-cyn-y-daith'
export const LAST_MESSAGE = 'Bydd, diolch! Dillad glaw a phecyn bwyd.'

/**
 * What a parent reads, for the slow-network test and `npm run lighthouse`: a Welsh-speaking
 * parent of Oak Class; a newsletter with a 2000x1500 photo (3 megapixels, as a phone takes it)
 * and a long link, sent to the class, and the link to it from the parent's email; a conversation
 * between the parent and the class teacher with three messages. Throws on any failed step.
 */
export async function makeReadingSchool(ctx: TestContext) {
  const admin = await ctx.makeUser(ctx.school.id, 'admin', { name: 'Mrs Elen Price', language: 'en' })
  const teacher = await ctx.makeUser(ctx.school.id, 'teacher', { name: 'Mr Rhys Jones', language: 'en' })
  const oak = await ctx.makeClassGroup(ctx.school.id, { nameCy: 'Dosbarth Derw', nameEn: 'Oak Class', teacherId: teacher.id })
  const { guardian: parent } = await ctx.makeFamily(ctx.school.id, { classId: oak.id, guardianName: 'Alys Morgan', language: 'cy' })
  await withoutQuietHours(ctx, parent.id)
  const sessions = {
    admin: await ctx.signIn(admin, ctx.school.id),
    teacher: await ctx.signIn(teacher, ctx.school.id),
    parent: await ctx.signIn(parent, ctx.school.id),
  }
  const base = `/api/schools/${ctx.school.id}`
  const call = async (who: keyof typeof sessions, method: 'POST' | 'PUT', url: string, payload: object, headers = {}) => {
    const res = await ctx.app.inject({
      method,
      url: `${base}${url}`,
      headers: { ...sessions[who].write, origin: ctx.url, ...headers },
      payload: payload as Record<string, unknown>,
    })
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
    return res.json()
  }

  const audience = { kind: 'classes' as const, classIds: [oak.id] }
  const newsletterId: string = (await call('admin', 'POST', '/newsletters', draft({ audience }))).id
  const photo = await sharp({
    create: { width: 2000, height: 1500, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 30 } },
  })
    .jpeg({ quality: 90 })
    .toBuffer()
  const boundary = 'cyswllt-reading'
  const multipart = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="trip.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    photo,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  const upload = await ctx.app.inject({
    method: 'POST',
    url: `${base}/newsletters/${newsletterId}/attachments`,
    headers: { ...sessions.admin.write, origin: ctx.url, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: multipart,
  })
  if (upload.statusCode !== 201) throw new Error(`upload: ${upload.statusCode} ${upload.body}`)
  const image = `/newsletters/${newsletterId}/files/${upload.json().id}`
  const bodyCy = draft().bodyCy.replace('ddydd Gwener.', `ddydd Gwener.\n\n![Y plant yn Sain Ffagan](${image})\n\n${LONG_LINK}`)
  await call('admin', 'PUT', `/newsletters/${newsletterId}`, draft({ audience, bodyCy }))
  await call('admin', 'POST', `/newsletters/${newsletterId}/send`, {})
  const mail = await ctx.mail.next(parent.email as string)
  const link = mail.html.match(/href="([^"]*\/newsletters\/[0-9a-f-]{36}\?r=[^"]+)"/)?.[1]?.replaceAll('&amp;', '&')
  if (!link) throw new Error('no newsletter link in the email')

  const conversationId: string = (await call('parent', 'POST', '/conversations', { kind: 'direct', userId: teacher.id })).id
  const say = (who: 'parent' | 'teacher', body: string) =>
    call(who, 'POST', `/conversations/${conversationId}/messages`, { clientId: randomUUID(), body })
  await say('parent', 'Bore da, fydd Nia angen dillad glaw ddydd Gwener?')
  await say('teacher', `Mwy o wybodaeth: ${LONG_LINK}`)
  await say('teacher', LAST_MESSAGE)

  return { parent, teacher, sessions, newsletterId, link, photo, conversationId }
}
