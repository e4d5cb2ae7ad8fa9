import { Queue } from 'bullmq'
import { JOB_QUEUE, type JobName, type JobPayloads, QUEUES, type QueueName } from '../../shared/jobs.ts'

export interface JobRequest<N extends JobName = JobName> {
  name: N
  data: JobPayloads[N]
  /** Deterministic id: adding the same id twice runs the job once. Never contains ':'. */
  jobId: string
  /** Ahead of the jobs already waiting (BullMQ's lifo). Only for addBulk: the outbox does not keep it. */
  lifo?: boolean
  /** Run no earlier than this many milliseconds from now (a BullMQ delayed job). */
  delay?: number
}

export interface Jobs {
  /** Adds a job under a deterministic id: adding the same id twice runs it once. */
  add<N extends JobName>(name: N, data: JobPayloads[N], jobId: string): Promise<void>
  /** Adds many jobs, one round trip per queue. */
  addBulk(requests: JobRequest[]): Promise<void>
  queue(name: QueueName): Queue
}

export function createJobs(connection: { url: string }, prefix: string): Jobs & { close(): Promise<void> } {
  const queues = new Map<QueueName, Queue>()
  for (const name of Object.values(QUEUES)) {
    queues.set(
      name,
      new Queue(name, {
        connection: { url: connection.url, maxRetriesPerRequest: null },
        prefix,
        defaultJobOptions: {
          attempts: 8,
          backoff: { type: 'exponential', delay: 2000 },
          // Kept a day, so a relay that adds the same id again within that time is a no-op.
          removeOnComplete: { age: 24 * 3600, count: 100_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      }),
    )
  }
  const queue = (name: QueueName) => queues.get(name) as Queue
  return {
    queue,
    async add(name, data, jobId) {
      await queue(JOB_QUEUE[name]).add(name, data, { jobId })
    },
    async addBulk(requests) {
      const byQueue = new Map<QueueName, JobRequest[]>()
      for (const request of requests) {
        const name = JOB_QUEUE[request.name]
        const list = byQueue.get(name) ?? []
        list.push(request)
        byQueue.set(name, list)
      }
      await Promise.all(
        [...byQueue].map(([name, list]) =>
          queue(name).addBulk(
            list.map((r) => ({
              name: r.name,
              data: r.data,
              opts: { jobId: r.jobId, ...(r.lifo ? { lifo: true } : {}), ...(r.delay ? { delay: r.delay } : {}) },
            })),
          ),
        ),
      )
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()))
    },
  }
}
