import { Queue } from 'bullmq'
import { JOB_QUEUE, type JobName, type JobPayloads, QUEUES, type QueueName } from '../../shared/jobs.ts'

export interface Jobs {
  /** Adds a job under a deterministic id: adding the same id twice runs it once. */
  add<N extends JobName>(name: N, data: JobPayloads[N], jobId: string): Promise<void>
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
        defaultJobOptions: { attempts: 8, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 1000, removeOnFail: 5000 },
      }),
    )
  }
  const queue = (name: QueueName) => queues.get(name) as Queue
  return {
    queue,
    async add(name, data, jobId) {
      await queue(JOB_QUEUE[name]).add(name, data, { jobId })
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()))
    },
  }
}
