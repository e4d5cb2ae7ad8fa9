import t from 'tap'
import { redisRestartedMidSend } from './redis-restart.ts'

// With a slow mail server, deliver jobs are still sending when Redis comes back. Their locks went
// with Redis, so BullMQ starts them again while their first runs go on: the second run must wait
// for the rows the first still holds (the claim's lease), not send them too. Before the lease,
// 300 of the 1,000 emails went twice.
t.test(
  'Redis restarted while deliver jobs are still sending (slow mail server): nobody missed, duplicates at most the sends in flight',
  (t) => redisRestartedMidSend(t, { families: 1000, killAt: 100, smtpDelayMs: 100 }),
)
