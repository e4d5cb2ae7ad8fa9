import { and, eq } from 'drizzle-orm'
import t from 'tap'
import { auditLog } from '../../server/db/schema.ts'
import { escapeHtml } from '../../server/email/render-email.ts'
import { catalogs } from '../../shared/i18n.ts'
import type { PrivacyExport } from '../../shared/schemas/privacy.ts'
import { setup } from '../helpers/setup.ts'
import { SECRET, seedFamilies } from './fixtures.ts'

/** The titles as the page writes them (escaped: the English one has an apostrophe). */
const TITLE = { cy: escapeHtml(catalogs.cy.privacy.title), en: escapeHtml(catalogs.en.privacy.title) }
const FILE_NAME = /^attachment; filename="cyswllt-data-\d{4}-\d\d-\d\d-[0-9a-f]{8}\.(json|html)"$/

/** Every string in `text` from `forbidden` (an export must contain none of them). */
const leaks = (text: string, forbidden: string[]) => forbidden.filter((s) => text.includes(s))

t.test("a family's export holds all its data and nothing about other families", async (t) => {
  const ctx = await setup(t, { workers: false })
  const seed = await seedFamilies(ctx)
  const { a, b, o, ids } = seed
  const admin = await ctx.makeUser(seed.school, 'admin', { language: 'en' })
  const dsl = await ctx.makeUser(seed.school, 'dsl')
  const s = {
    a1: await ctx.signIn(a.guardian, seed.school),
    a2: await ctx.signIn(a.second, seed.school),
    b: await ctx.signIn(b.guardian, seed.school),
    admin: await ctx.signIn(admin, seed.school),
    dsl: await ctx.signIn(dsl, seed.school),
    teacher: await ctx.signIn(seed.teacher, seed.school),
    feo: await ctx.signIn(seed.feo, seed.school),
    otherAdmin: await ctx.signIn(seed.otherAdmin, seed.other.id),
  }
  const get = (session: { get: Record<string, string> } | null, url: string) =>
    ctx.app.inject({ method: 'GET', url, headers: session ? session.get : {} })
  const familyUrl = (userId: string, format: string) => `/api/schools/${seed.school}/families/${userId}/export?format=${format}`

  const ofOtherFamilies = [
    'Bethan',
    b.guardian.email as string,
    'Bryn Beta',
    'Omega',
    o.guardian.email as string,
    seed.other.nameCy,
    ids.bAnonymous,
    ids.bOnly,
  ]
  const secrets = [
    SECRET.passwordHash,
    SECRET.pushPath,
    SECRET.p256dh,
    SECRET.pushAuth,
    SECRET.fileBytes,
    Buffer.from(SECRET.fileBytes).toString('base64'),
    s.a1.csrfToken,
    s.a1.cookie.split('=')[1] as string,
  ]

  await t.test('the parent downloads their family as JSON, with every piece of it', async (t) => {
    const res = await get(s.a1, '/api/me/export?format=json')
    t.equal(res.statusCode, 200)
    t.match(res.headers['content-type'], /^application\/json/)
    t.match(res.headers['content-disposition'], FILE_NAME)
    t.same(leaks(res.body, ofOtherFamilies), [], 'nothing of family B or the other school')
    t.same(leaks(res.body, secrets), [], 'no token, hash, push key or file bytes')
    const data = res.json() as PrivacyExport
    t.equal(data.familyId, [a.guardian.id, a.second.id].sort()[0])
    t.same(data.adults.map((x) => x.id).sort(), [a.guardian.id, a.second.id].sort(), 'both adults of the family')
    t.same(
      data.learners.map((l) => [l.id, l.name, l.classCy]),
      [[a.learner.id, 'Lowri Alpha', 'Dosbarth Derw']],
    )
    t.same(
      data.preferences.map((p) => [p.userId, p.quietStart]),
      [[a.guardian.id, '21:00']],
    )
    t.same(
      data.pushDevices.map((d) => [d.id, d.service]),
      [[ids.device, 'https://push.example.test']],
      'push device by its service only',
    )
    t.ok(
      data.sessions.some((x) => x.userId === a.guardian.id),
      'sessions',
    )
    const notification = data.notifications.find((n) => n.id === ids.notification)
    t.same(
      notification?.deliveries.map((d) => [d.id, d.channel, d.status]),
      [[ids.delivery, 'email', 'sent']],
    )
    t.same(data.conversations.map((c) => c.id).sort(), [ids.direct, ids.shared].sort(), "only the family's conversations")
    const direct = data.conversations.find((c) => c.id === ids.direct)
    t.same(
      direct?.messages.map((m) => m.id),
      [ids.aDirect, ids.teacherDirect],
    )
    t.same(
      direct?.messages[0]?.edits.map((e) => e.previousBody),
      ['Fersiwn gynharach Angharad'],
      'edit history',
    )
    t.same(
      direct?.messages[0]?.attachments,
      [{ id: ids.attachment, fileName: 'llun-angharad.png', contentType: 'image/png', size: 2048 }],
      'attachment metadata',
    )
    const shared = data.conversations.find((c) => c.id === ids.shared)
    t.same(
      shared?.messages.map((m) => m.id),
      [ids.teacherGroup, ids.aGroup],
      "the group's staff and own messages, not another family's",
    )
    t.equal(shared?.messagesLeftOut, 1)
    t.equal(shared?.otherFamiliesCount, 1)
    t.same(shared?.participants.map((p) => p.userId).sort(), [seed.teacher.id, a.guardian.id].sort())
    t.same(
      data.reports.map((r) => [r.id, r.reason]),
      [[ids.report, 'Rheswm Angharad']],
    )
    t.same(
      data.forum.items.map((i) => [i.id, i.anonymous]).sort(),
      [
        [ids.aAnonymous, true],
        [ids.aNamed, false],
      ].sort(),
      'own items, the anonymous one included',
    )
    t.same(
      data.forum.comments.map((c) => c.id),
      [ids.aComment],
    )
    t.same(
      data.forum.supports.map((x) => x.itemId),
      [ids.bNamed],
    )
    t.equal(data.forum.memberships.length, 1)
    const received = data.newsletters.find((n) => n.id === ids.newsletter && n.userId === a.guardian.id)
    t.same(
      received?.delivered.map((d) => d.channel),
      ['email'],
    )
    t.equal(received?.openedVia, 'email')
    t.ok(received?.openedAt)
    const paper = data.newsletters.find((n) => n.id === ids.newsletter && n.userId === a.second.id)
    t.same(
      paper?.contacts.map((c) => c.method),
      ['paper'],
      "the second adult's paper copy",
    )
    t.same(paper?.delivered, [])
    t.same(
      data.contacts.map((c) => [c.id, c.kind, c.note]),
      [[ids.aContact, 'home_visit', null]],
      "the contact log without the FEO's note",
    )
    t.equal(data.notesWithheld, true)
    t.notOk(res.body.includes('Nodyn sensitif'), 'the note is not in the family download')
    t.ok(
      data.audit.some((x) => x.actorId === a.guardian.id && x.action === 'auth.sign_in'),
      'own audit entries',
    )
  })

  await t.test('the readable copy is in the parent’s language, escaped, and leaks nothing', async (t) => {
    const cy = await get(s.a1, '/api/me/export?format=html')
    t.equal(cy.statusCode, 200)
    t.match(cy.headers['content-type'], /^text\/html/)
    t.match(cy.headers['content-disposition'], FILE_NAME)
    t.match(cy.body, /^<!doctype html><html lang="cy">/)
    t.ok(cy.body.includes(TITLE.cy), 'Welsh title')
    t.notOk(cy.body.includes(TITLE.en), 'no English for a Welsh reader')
    t.ok(cy.body.includes(escapeHtml(catalogs.cy.privacy.notes_withheld)), 'says the notes are withheld')
    t.notOk(/<script/i.test(cy.body), 'no script at all: the message body is escaped')
    t.ok(cy.body.includes('&#60;script&#62;alert(&#39;A&#39;)&#60;/script&#62; Angharad yn y grŵp'))
    t.ok(cy.body.includes('Lowri Alpha') && cy.body.includes('Eitem ddienw Angharad'))
    t.notMatch(cy.body, /privacy\.(sections|columns|values)\./, 'every label found in the catalog')
    t.ok(cy.body.includes(`<td>${escapeHtml(catalogs.cy.privacy.values.paper)}`), 'stored values in words')
    t.same(leaks(cy.body, ofOtherFamilies), [])
    t.same(leaks(cy.body, secrets), [])

    const en = await get(s.a2, '/api/me/export?format=html')
    t.match(en.body, /^<!doctype html><html lang="en">/)
    t.ok(en.body.includes(TITLE.en), 'English title for an English reader')
    t.notOk(en.body.includes(TITLE.cy), 'no Welsh for an English reader')
    t.notMatch(en.body, /privacy\.(sections|columns|values)\./, 'every label found in the catalog')
    t.same(leaks(en.body, ofOtherFamilies), [])
  })

  await t.test("the other family's export never shows the first family's anonymous item, and reads Welsh first", async (t) => {
    const json = await get(s.b, '/api/me/export')
    t.equal(json.statusCode, 200, 'json by default')
    const data = json.json() as PrivacyExport
    t.same(data.forum.items.map((i) => i.id).sort(), [ids.bAnonymous, ids.bNamed].sort())
    const ofA = ['Angharad', 'Aled', 'Alpha', 'Lowri', a.guardian.email as string, a.second.email as string, ids.aAnonymous, ids.direct]
    t.same(leaks(json.body, ofA), [], 'nothing of family A')
    t.same(
      data.conversations.find((c) => c.id === ids.shared)?.messages.map((m) => m.id),
      [ids.teacherGroup, ids.bGroup],
    )
    const html = await get(s.b, '/api/me/export?format=html')
    t.same(leaks(html.body, ofA), [])
    const [welsh, english] = [html.body.indexOf(TITLE.cy), html.body.indexOf(TITLE.en)]
    t.ok(welsh > 0 && english > welsh, 'both languages, Welsh first')
    t.ok(html.body.includes('<section class="language" lang="cy">') && html.body.includes('<section class="language" lang="en">'))
  })

  await t.test("the school's admin and DSL export any family by any adult's id, the FEO's notes included", async (t) => {
    const res = await get(s.admin, familyUrl(a.second.id, 'json'))
    t.equal(res.statusCode, 200)
    t.match(res.headers['content-disposition'], FILE_NAME)
    const data = res.json() as PrivacyExport
    t.same(data.adults.map((x) => x.id).sort(), [a.guardian.id, a.second.id].sort())
    t.equal(data.notesWithheld, false)
    t.same(
      data.contacts.map((c) => c.note),
      ['Nodyn sensitif am deulu Alpha'],
    )
    t.equal(data.language, 'both', 'a Welsh and an English adult: both languages')
    t.same(leaks(res.body, ofOtherFamilies), [])
    t.same(leaks(res.body, secrets), [])
    const html = await get(s.admin, familyUrl(a.guardian.id, 'html'))
    t.equal(html.statusCode, 200)
    t.ok(html.body.indexOf(TITLE.cy) > 0 && html.body.indexOf(TITLE.en) > html.body.indexOf(TITLE.cy), 'Welsh first, then English')
    t.same(leaks(html.body, ofOtherFamilies), [])
    t.equal((await get(s.dsl, familyUrl(a.guardian.id, 'json'))).statusCode, 200, 'the DSL may too')
  })

  await t.test('both routes are in the OpenAPI document, with JSON and HTML answers', async (t) => {
    const docs = await ctx.app.inject({ method: 'GET', url: '/docs/json' })
    t.equal(docs.statusCode, 200)
    const paths = docs.json().paths
    for (const path of ['/api/me/export', '/api/schools/{schoolId}/families/{userId}/export']) {
      t.same(Object.keys(paths[path]?.get?.responses?.['200']?.content ?? {}).sort(), ['application/json', 'text/html'], path)
    }
    t.equal(
      (await ctx.app.inject({ method: 'HEAD', url: '/api/me/export', headers: s.a1.get })).statusCode,
      404,
      'no HEAD: it would audit an export never sent',
    )
  })

  await t.test('every export is in the audit log', async (t) => {
    const rows = await ctx.app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'privacy.exported'), eq(auditLog.subjectId, [a.guardian.id, a.second.id].sort()[0] as string)))
    const by = (actorId: string) => rows.filter((r) => r.actorId === actorId).map((r) => (r.data as { format: string; via: string }).format)
    t.same(by(a.guardian.id).sort(), ['html', 'json'])
    t.same(by(a.second.id), ['html'])
    t.same(by(admin.id).sort(), ['html', 'json'])
    t.same(by(dsl.id), ['json'])
    t.match(rows.find((r) => r.actorId === admin.id)?.data, {
      via: 'school',
      notesIncluded: true,
      adults: [a.guardian.id, a.second.id].sort(),
    })
    t.match(rows.find((r) => r.actorId === a.guardian.id)?.data, { via: 'self', notesIncluded: false })
  })

  await t.test('everyone else is refused, with a localised answer, and nothing is audited', async (t) => {
    const before = (await ctx.app.db.select().from(auditLog).where(eq(auditLog.action, 'privacy.exported'))).length
    const refused: [string, { get: Record<string, string> } | null, string, number][] = [
      ['teacher', s.teacher, familyUrl(a.guardian.id, 'json'), 403],
      ['FEO', s.feo, familyUrl(a.guardian.id, 'json'), 403],
      ["the other family's parent", s.b, familyUrl(a.guardian.id, 'json'), 403],
      ["another school's admin", s.otherAdmin, familyUrl(a.guardian.id, 'json'), 404],
      [
        "another school's admin, through their own school",
        s.otherAdmin,
        `/api/schools/${seed.other.id}/families/${a.guardian.id}/export`,
        404,
      ],
      ['an admin asking for a staff member', s.admin, familyUrl(seed.teacher.id, 'json'), 404],
      ['signed out', null, familyUrl(a.guardian.id, 'json'), 401],
      ['signed out, own export', null, '/api/me/export', 401],
      ['a teacher, own export (not a parent)', s.teacher, '/api/me/export', 403],
      ['a bad format', s.a1, '/api/me/export?format=pdf', 400],
      ['a malformed id', s.admin, `/api/schools/${seed.school}/families/not-a-uuid/export`, 400],
    ]
    for (const [who, session, url, status] of refused) {
      const res = await get(session, url)
      t.equal(res.statusCode, status, who)
      t.notOk(res.headers['content-disposition'], `${who}: no download`)
    }
    const cy = (await get(s.a1, '/api/me/export?format=pdf')).json()
    const en = (await get(s.a2, '/api/me/export?format=pdf')).json()
    t.equal(cy.code, 'validation.invalid')
    t.ok(cy.message.includes('format') && en.message.includes('format'), 'the message names the field')
    t.not(cy.message, en.message, 'in each asker’s language')
    const after = (await ctx.app.db.select().from(auditLog).where(eq(auditLog.action, 'privacy.exported'))).length
    t.equal(after, before, 'a refused export is not written to the audit log')
  })
})
