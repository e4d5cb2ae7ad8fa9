import { randomUUID } from 'node:crypto'
import type { TestContext } from '../helpers/setup.ts'

/**
 * A school with two classes: class A taught by teacherA (families p1, p2), class B taught by
 * teacherB (family q); an FEO and a DSL; and a second school with its own parent and teacher.
 */
export async function makeMessagingSchool(ctx: TestContext) {
  const { school } = ctx
  const teacherA = await ctx.makeUser(school.id, 'teacher', { name: 'Mr Teacher A' })
  const teacherB = await ctx.makeUser(school.id, 'teacher', { name: 'Ms Teacher B' })
  const feo = await ctx.makeUser(school.id, 'feo', { name: 'Nia FEO' })
  const dsl = await ctx.makeUser(school.id, 'dsl', { name: 'Dai DSL' })
  const admin = await ctx.makeUser(school.id, 'admin', { name: 'Ann Admin' })
  const classA = await ctx.makeClassGroup(school.id, { teacherId: teacherA.id })
  const classB = await ctx.makeClassGroup(school.id, { teacherId: teacherB.id })
  const p1 = await ctx.makeFamily(school.id, { classId: classA.id, guardianName: 'Parent One', learnerName: 'Learner One' })
  const p2 = await ctx.makeFamily(school.id, { classId: classA.id, guardianName: 'Parent Two', language: 'cy' })
  const q = await ctx.makeFamily(school.id, { classId: classB.id, guardianName: 'Parent Q' })

  const otherSchool = await ctx.makeSchool()
  const otherParent = (await ctx.makeFamily(otherSchool.id, { guardianName: 'Other Parent' })).guardian
  const otherTeacher = await ctx.makeUser(otherSchool.id, 'teacher')

  const sessions = {
    teacherA: await ctx.signIn(teacherA, school.id),
    teacherB: await ctx.signIn(teacherB, school.id),
    feo: await ctx.signIn(feo, school.id),
    dsl: await ctx.signIn(dsl, school.id),
    admin: await ctx.signIn(admin, school.id),
    p1: await ctx.signIn(p1.guardian, school.id),
    p2: await ctx.signIn(p2.guardian, school.id),
    q: await ctx.signIn(q.guardian, school.id),
    otherParent: await ctx.signIn(otherParent, otherSchool.id),
    otherTeacher: await ctx.signIn(otherTeacher, otherSchool.id),
  }
  const base = `/api/schools/${school.id}`
  const origin = { origin: ctx.url }

  async function startDirect(who: keyof typeof sessions, userId: string) {
    return ctx.app.inject({
      method: 'POST',
      url: `${base}/conversations`,
      headers: { ...sessions[who].write, ...origin },
      payload: { kind: 'direct', userId },
    })
  }

  async function send(who: keyof typeof sessions, conversationId: string, body: string, clientId: string = randomUUID()) {
    return ctx.app.inject({
      method: 'POST',
      url: `${base}/conversations/${conversationId}/messages`,
      headers: { ...sessions[who].write, ...origin },
      payload: { clientId, body },
    })
  }

  return {
    school,
    otherSchool,
    base,
    origin,
    users: { teacherA, teacherB, feo, dsl, admin, p1: p1.guardian, p2: p2.guardian, q: q.guardian, otherParent, otherTeacher },
    learners: { p1: p1.learner, p2: p2.learner, q: q.learner },
    classes: { classA, classB },
    sessions,
    startDirect,
    send,
  }
}
