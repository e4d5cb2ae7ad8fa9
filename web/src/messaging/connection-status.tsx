import { useContext, useEffect, useState } from 'preact/hooks'
import { T } from '../i18n.tsx'
import { useOnline } from '../offline/use-online.ts'
import { RealtimeContext, useRealtimeConnected } from '../realtime.ts'

/**
 * "Connecting…" before the socket first connects, "offline" after it drops or while the browser
 * has no network (a page opened offline from the service worker's copy: what is written
 * meanwhile waits in the outbox), nothing while connected. data-connection tells tests and
 * styles which: connecting, offline or online. The live region stays in the page, so a screen
 * reader hears each change.
 */
export function ConnectionStatus() {
  const socket = useContext(RealtimeContext)
  const connected = useRealtimeConnected(socket)
  const [everConnected, setEverConnected] = useState(connected)
  const online = useOnline()
  useEffect(() => {
    if (connected) setEverConnected(true)
  }, [connected])
  const state = connected ? 'online' : everConnected || !online ? 'offline' : 'connecting'
  return (
    <div role="status" class="status connection" data-connection={state}>
      {state === 'online' ? null : (
        <p>
          <T k={`web.messaging.connection.${state}`} />
        </p>
      )}
    </div>
  )
}
