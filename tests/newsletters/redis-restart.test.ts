import t from 'tap'
import { redisRestartedMidSend } from './redis-restart.ts'

t.test('Redis killed and restarted in the middle of a 5,000-family send: nobody missed, duplicates at most the sends in flight', (t) =>
  redisRestartedMidSend(t, { families: 5000, killAt: 300 }),
)
