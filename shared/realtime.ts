/** Typed Socket.IO events, used by the server and the web client alike. */
export interface ImportProgress {
  importId: string
  status: 'queued' | 'running' | 'done' | 'failed'
  processed: number
  total: number
}

export interface ServerToClientEvents {
  /** Progress of a family import, sent to the admins of the school. */
  'import.progress': (progress: ImportProgress) => void
  /** The session was signed out or the account disabled; the socket is closed after this. */
  'session.ended': () => void
}

// biome-ignore lint/complexity/noBannedTypes: no client-to-server events yet; features add them here
export type ClientToServerEvents = {}
