import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Database, Db } from '../db/database.ts'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    database: Database
  }
}

/** Exposes an opened, migrated database; closes it last when the app closes. */
export default fp(
  async (app: FastifyInstance, opts: { database: Database }) => {
    app.decorate('database', opts.database)
    app.decorate('db', opts.database.db)
    app.addHook('onClose', async () => {
      await opts.database.close()
    })
  },
  { name: 'db' },
)
