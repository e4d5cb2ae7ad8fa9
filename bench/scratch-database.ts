import pg from 'pg'

/**
 * A PostgreSQL database of the bench's own on the given server, dropped afterwards. The outbox
 * is one table per installation: on a shared database (the tests' `test`), any other process's
 * relay (a test run) would move this run's jobs into its own queues, and this run's relay would
 * take theirs, so the counts at the sinks would be wrong.
 */
export async function createScratchDatabase(serverUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`)
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  await admin(`create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) }
}
