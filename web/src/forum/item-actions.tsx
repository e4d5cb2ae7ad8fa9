import { useState } from 'preact/hooks'
import { type AgendaItem, type ChangeItemStatus, REASON_MAX } from '../../../shared/schemas/forum.ts'
import { T } from '../i18n.tsx'
import { Alert, DateTime } from '../ui.tsx'
import type { ForumApi } from './forum-api.ts'
import { facilitatorChanges, maySupport, mayWithdraw } from './forum-model.ts'
import { useAction } from './use-loaded.ts'

interface Props {
  forums: ForumApi
  item: AgendaItem
  /** After a change: a catalog key saying what was done (the page refetches the item). */
  onChanged: (done: string) => void
}

/** "Support" or "Withdraw my support", with the count; for members, on items still open. */
export function SupportButton({ forums, item, onChanged, mayAct }: Props & { mayAct: boolean }) {
  const action = useAction()
  const toggle = () =>
    action.run(async () => {
      if (item.supportedByMe) await forums.withdrawSupport(item.forumId, item.id)
      else await forums.support(item.forumId, item.id)
      onChanged(item.supportedByMe ? 'web.forum.support.withdrawn' : 'web.forum.support.given')
      return null
    })
  return (
    <div class="support">
      <p class="support-count" data-supports={item.supports}>
        <T k="web.forum.support.count" values={{ count: item.supports }} />
      </p>
      {mayAct && !item.mine && maySupport(item.status) ? (
        <button type="button" class={item.supportedByMe ? 'secondary' : undefined} disabled={action.busy} onClick={toggle}>
          <T k={item.supportedByMe ? 'web.forum.support.withdraw' : 'web.forum.support.give'} />
        </button>
      ) : null}
      <Alert error={action.error} />
    </div>
  )
}

/** Declining needs the reason in Welsh and in English: every family reads it on the record. */
function DeclineForm({ busy, onDecline, onCancel }: { busy: boolean; onDecline: (cy: string, en: string) => void; onCancel: () => void }) {
  const [cy, setCy] = useState('')
  const [en, setEn] = useState('')
  const submit = (event: Event) => {
    event.preventDefault()
    onDecline(cy.trim(), en.trim())
  }
  return (
    <form class="panel decline-form" onSubmit={submit}>
      <p>
        <T k="web.forum.facilitate.decline_help" />
      </p>
      <div class="bilingual-columns">
        {(['cy', 'en'] as const).map((lng) => (
          <div key={lng} class="field">
            <label for={`decline-reason-${lng}`}>
              <T k={`web.forum.facilitate.reason_${lng}`} />
            </label>
            <textarea
              id={`decline-reason-${lng}`}
              class="compose-text"
              lang={lng}
              rows={3}
              required
              maxLength={REASON_MAX}
              value={lng === 'cy' ? cy : en}
              onInput={(e) => (lng === 'cy' ? setCy : setEn)(e.currentTarget.value)}
            />
          </div>
        ))}
      </div>
      <div class="actions">
        <button type="submit" class="danger-fill" disabled={busy || !cy.trim() || !en.trim()}>
          <T k="web.forum.facilitate.decline_confirm" />
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          <T k="web.forum.cancel" />
        </button>
      </div>
    </form>
  )
}

/**
 * What may be done to the item by this person: a facilitator moves it along the flow (accept,
 * decline with a reason in both languages, mark discussed or actioned) and may pass it to the
 * designated safeguarding lead; its author may withdraw it.
 */
export function ItemActions({ forums, item, onChanged, facilitator }: Props & { facilitator: boolean }) {
  const action = useAction()
  const [declining, setDeclining] = useState(false)
  const [referring, setReferring] = useState(false)
  const changes = facilitator ? facilitatorChanges(item.status) : []
  const withdraw = mayWithdraw(item)
  if (changes.length === 0 && !withdraw && !facilitator) return null

  const change = (status: ChangeItemStatus['status'], reasons?: { reasonCy: string; reasonEn: string }) =>
    action.run(async () => {
      await forums.changeStatus(item.forumId, item.id, { status, ...reasons })
      setDeclining(false)
      onChanged(`web.forum.facilitate.done_${status}`)
      return null
    })
  const refer = () =>
    action.run(async () => {
      await forums.refer(item.forumId, item.id)
      setReferring(false)
      onChanged('web.forum.facilitate.referred')
      return null
    })

  return (
    <section class="item-actions" aria-labelledby="item-actions-heading">
      <h2 id="item-actions-heading">
        <T k={facilitator ? 'web.forum.facilitate.title' : 'web.forum.facilitate.author_title'} />
      </h2>
      <div class="actions">
        {changes
          .filter((status) => status !== 'declined')
          .map((status) => (
            <button key={status} type="button" disabled={action.busy} onClick={() => change(status)}>
              <T k={`web.forum.facilitate.${status}`} />
            </button>
          ))}
        {changes.includes('declined') && !declining ? (
          <button type="button" class="secondary danger" disabled={action.busy} onClick={() => setDeclining(true)}>
            <T k="web.forum.facilitate.declined" />
          </button>
        ) : null}
        {withdraw ? (
          <button type="button" class="secondary danger" disabled={action.busy} onClick={() => change('withdrawn')}>
            <T k="web.forum.facilitate.withdrawn" />
          </button>
        ) : null}
      </div>
      {declining ? (
        <DeclineForm
          busy={action.busy}
          onDecline={(reasonCy, reasonEn) => change('declined', { reasonCy, reasonEn })}
          onCancel={() => setDeclining(false)}
        />
      ) : null}
      {facilitator ? (
        item.referredAt ? (
          <p class="notice-box referred">
            <T k="web.forum.facilitate.referred_at" /> <DateTime iso={item.referredAt} />
          </p>
        ) : referring ? (
          <div class="panel">
            <p>
              <T k="web.forum.facilitate.refer_confirm" />
            </p>
            <div class="actions">
              <button type="button" disabled={action.busy} onClick={refer}>
                <T k="web.forum.facilitate.refer_yes" />
              </button>
              <button type="button" class="secondary" onClick={() => setReferring(false)}>
                <T k="web.forum.cancel" />
              </button>
            </div>
          </div>
        ) : (
          <p>
            <button type="button" class="secondary" disabled={action.busy} onClick={() => setReferring(true)}>
              <T k="web.forum.facilitate.refer" />
            </button>
          </p>
        )
      ) : null}
      <Alert error={action.error} />
    </section>
  )
}
