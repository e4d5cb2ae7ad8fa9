import { randomUUID } from 'node:crypto'
import t from 'tap'
import { setup } from '../helpers/setup.ts'
import { makeMessagingSchool } from './fixtures.ts'

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)])
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

t.test('attachments: typed by content, 10 MB at most, served only to participants with a safe disposition', async (t) => {
  const ctx = await setup(t, { workers: false })
  const s = await makeMessagingSchool(ctx)
  const conversationId = (await s.startDirect('p1', s.users.teacherA.id)).json().id
  const upload = (
    who: keyof typeof s.sessions,
    name: string,
    bytes: Buffer,
    type = 'application/octet-stream',
    conversation = conversationId,
  ) => {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), name)
    return ctx.app.inject({
      method: 'POST',
      url: `${s.base}/conversations/${conversation}/attachments`,
      headers: { ...s.sessions[who].write, ...s.origin },
      payload: form,
    })
  }

  const png = await upload('p1', '../../etc/reading\u0007 chart.png', PNG)
  t.equal(png.statusCode, 201, 'a PNG is accepted whatever the browser said it was')
  t.equal(png.json().contentType, 'image/png', 'typed from its bytes')
  t.equal(png.json().fileName, 'reading chart.png', 'the name loses paths and control characters')
  const pdf = await upload('p1', 'letter.pdf', PDF, 'image/png')
  t.equal(pdf.json().contentType, 'application/pdf', 'a PDF claimed to be a PNG is stored as a PDF')

  const script = await upload('p1', 'photo.jpg', Buffer.from('<script>alert(1)</script>'), 'image/jpeg')
  t.equal(script.statusCode, 415, 'a script named photo.jpg is refused')
  t.equal(script.json().code, 'messaging.attachment_type')
  const svg = await upload('p1', 'x.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'), 'image/svg+xml')
  t.equal(svg.statusCode, 415, 'SVG is refused (it can carry script)')
  const huge = await upload('p1', 'big.pdf', Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]))
  t.equal(huge.statusCode, 413, 'over 10 MB is refused')
  t.equal(huge.json().code, 'messaging.attachment_too_large')
  t.equal((await upload('p2', 'x.png', PNG)).statusCode, 404, 'another family cannot upload into the conversation')
  t.equal((await upload('otherParent', 'x.png', PNG)).statusCode, 404, 'nor can another school')

  const download = (who: keyof typeof s.sessions, id: string) =>
    ctx.app.inject({ method: 'GET', url: `${s.base}/attachments/${id}`, headers: s.sessions[who].get })
  t.equal((await download('teacherA', png.json().id)).statusCode, 404, 'not shown to the other participant before it is sent')

  const sent = await ctx.app.inject({
    method: 'POST',
    url: `${s.base}/conversations/${conversationId}/messages`,
    headers: { ...s.sessions.p1.write, ...s.origin },
    payload: { clientId: randomUUID(), body: 'Chart attached', attachmentIds: [png.json().id, pdf.json().id] },
  })
  t.equal(sent.statusCode, 201)
  t.same(
    sent.json().message.attachments.map((a: { contentType: string }) => a.contentType),
    ['image/png', 'application/pdf'],
    'the message carries both attachments',
  )
  const stolen = await ctx.app.inject({
    method: 'POST',
    url: `${s.base}/conversations/${conversationId}/messages`,
    headers: { ...s.sessions.teacherA.write, ...s.origin },
    payload: { clientId: randomUUID(), body: 'reuse', attachmentIds: [png.json().id] },
  })
  t.equal(stolen.statusCode, 400, 'an attachment already sent (or someone else’s) cannot be attached again')
  t.equal(stolen.json().code, 'messaging.attachment_unknown')

  const image = await download('teacherA', png.json().id)
  t.equal(image.statusCode, 200, 'the teacher downloads it once sent')
  t.equal(image.headers['content-type'], 'image/png')
  t.equal(image.headers['x-content-type-options'], 'nosniff')
  t.match(String(image.headers['content-disposition']), /^inline; filename="reading chart.png"/)
  t.match(String(image.headers['content-security-policy']), /sandbox/)
  t.same(image.rawPayload, PNG, 'byte for byte')
  const document = await download('p1', pdf.json().id)
  t.match(String(document.headers['content-disposition']), /^attachment; /, 'documents download, never render in our origin')
  for (const who of ['p2', 'q', 'otherParent', 'otherTeacher'] as const) {
    const res = await download(who, png.json().id)
    t.equal(res.statusCode, 404, `${who} cannot download it`)
    t.not(res.rawPayload.length, PNG.length)
  }
})
