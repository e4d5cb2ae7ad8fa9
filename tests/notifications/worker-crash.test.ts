import t from 'tap'
import { requestNotifications } from '../../server/modules/notifications/notify.ts'
import { setup } from '../helpers/setup.ts'
import { workerProcesses } from '../helpers/worker-processes.ts'

const RECIPIENTS = 150
const CONCURRENCY = 5
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

t.test('a worker killed mid-batch and started again: every recipient gets the email, duplicates at most what was in flight', async (t) => {
  // A slow SMTP server keeps sends in flight, so the kill lands mid-batch.
  const ctx = await setup(t, { workers: false, smtpDelayMs: 40 })
  const startWorker = workerProcesses(t, ctx, { concurrency: CONCURRENCY })

  // Staff have no quiet hours by default, so nothing waits whatever the time of day.
  const staff: { id: string }[] = []
  for (let i = 0; i < RECIPIENTS; i++) staff.push(await ctx.makeUser(ctx.school.id, 'teacher', { language: i % 2 ? 'cy' : 'en' }))
  const first = await startWorker()
  await ctx.app.db.transaction((tx) =>
    requestNotifications(tx, { schoolId: ctx.school.id, userIds: staff.map((s) => s.id), category: 'messages', kind: 'test' }),
  )
  while (ctx.mail.received.length < 30) await sleep(20)
  first.kill('SIGKILL')
  const atKill = ctx.mail.received.length
  t.ok(atKill < RECIPIENTS, `killed mid-batch (${atKill} of ${RECIPIENTS} sent)`)

  await startWorker()
  const deadline = Date.now() + 60_000
  const reached = () => new Set(ctx.mail.received.map((m) => m.to))
  while (reached().size < RECIPIENTS && Date.now() < deadline) await sleep(100)
  await sleep(1000)

  t.equal(reached().size, RECIPIENTS, 'every recipient got the email')
  const duplicates = ctx.mail.received.length - RECIPIENTS
  t.ok(duplicates <= CONCURRENCY, `duplicates (${duplicates}) are at most the sends in flight at the kill (${CONCURRENCY})`)
  const messageIds = new Map<string, Set<string>>()
  for (const mail of ctx.mail.received) {
    const ids = messageIds.get(mail.to) ?? new Set()
    ids.add(String(mail.headers.get('message-id')))
    messageIds.set(mail.to, ids)
  }
  t.ok(
    [...messageIds.values()].every((ids) => ids.size === 1),
    'a resent copy has the same Message-ID, so a mail client shows it once',
  )
})
