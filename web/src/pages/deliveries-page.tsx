import { useEffect, useState } from 'preact/hooks'
import type { FailedDelivery } from '../../../shared/schemas/notifications.ts'
import { api } from '../api.ts'
import { T } from '../i18n.tsx'
import { Link } from '../router.tsx'
import { Alert, DateTime, useActionLabel } from '../ui.tsx'

function DeliveryRow({
  delivery,
  busy,
  onRetry,
}: {
  delivery: FailedDelivery
  busy: boolean
  onRetry: (delivery: FailedDelivery) => void
}) {
  const actionLabel = useActionLabel()
  return (
    <tr>
      <td>{delivery.recipient.name}</td>
      <td>
        <T k={`web.notifications.channels.${delivery.channel}`} />
      </td>
      {/* The server already wrote the reason in the admin's language. */}
      <td>{delivery.reasonText}</td>
      <td class="number">{delivery.attempts}</td>
      <td>
        <DateTime iso={delivery.updatedAt} />
      </td>
      <td>
        <button
          aria-label={actionLabel('web.deliveries.retry', delivery.recipient.name)}
          type="button"
          class="secondary"
          disabled={busy}
          onClick={() => onRetry(delivery)}
        >
          <T k="web.deliveries.retry" />
        </button>
      </td>
    </tr>
  )
}

const COLUMNS = ['recipient', 'channel', 'reason', 'attempts', 'updated', 'action'] as const

/** /admin/deliveries: the school's failed deliveries, each with a retry; the server decides who may look. */
export function DeliveriesPage({ schoolId }: { schoolId: string }) {
  const [items, setItems] = useState<FailedDelivery[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [retried, setRetried] = useState<string | null>(null)

  useEffect(() => {
    api.get<{ items: FailedDelivery[] }>(`/api/schools/${schoolId}/deliveries/failed`).then(({ items }) => setItems(items), setError)
  }, [schoolId])

  const retry = async (delivery: FailedDelivery) => {
    setBusy(true)
    setError(null)
    setRetried(null)
    try {
      await api.post(`/api/schools/${schoolId}/deliveries/${delivery.id}/retry`)
      // Queued again: it leaves this list, and comes back only if it fails again.
      setItems((list) => (list ? list.filter((d) => d.id !== delivery.id) : list))
      setRetried(delivery.recipient.name)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <h1 id="deliveries-heading">
        <T k="web.deliveries.title" />
      </h1>
      <p>
        <T k="web.deliveries.intro" />
      </p>
      <Alert error={error} />
      <div role="status" class="status">
        {retried ? (
          <p>
            <T k="web.deliveries.retried" values={{ name: retried }} />
          </p>
        ) : null}
      </div>
      {items === null ? (
        error ? null : (
          <p aria-busy="true">
            <T k="web.loading" />
          </p>
        )
      ) : items.length === 0 ? (
        <p>
          <T k="web.deliveries.empty" />
        </p>
      ) : (
        // A focusable region, so a keyboard can scroll the table sideways on a narrow screen.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable regions must be reachable by keyboard (WCAG 2.1.1)
        <section class="table-scroll" aria-labelledby="deliveries-count" tabIndex={0}>
          <p id="deliveries-count" class="table-title">
            <T k="web.deliveries.count" values={{ count: items.length }} />
          </p>
          <table class="deliveries" aria-labelledby="deliveries-count">
            <thead>
              <tr>
                {COLUMNS.map((column) => (
                  <th scope="col" key={column}>
                    <T k={`web.deliveries.${column}`} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((delivery) => (
                <DeliveryRow key={delivery.id} delivery={delivery} busy={busy} onRetry={retry} />
              ))}
            </tbody>
          </table>
        </section>
      )}
      <p class="actions">
        <Link href="/admin" class="button-link secondary">
          <T k="web.admin.title" />
        </Link>
        {/* The queue board is served by the server (not this app): a full page load. */}
        <a href="/admin/queues" class="button-link secondary">
          <T k="web.deliveries.queues" />
        </a>
      </p>
    </>
  )
}
