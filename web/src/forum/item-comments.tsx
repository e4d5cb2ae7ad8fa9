import { useState } from 'preact/hooks'
import { COMMENT_MAX } from '../../../shared/schemas/forum.ts'
import { T } from '../i18n.tsx'
import { Alert, DateTime } from '../ui.tsx'
import type { ForumApi } from './forum-api.ts'
import { useItemComments } from './use-item-comments.ts'

interface Props {
  forums: ForumApi
  forumId: string
  itemId: string
  /** Members and facilitators may comment; other staff read. */
  mayComment: boolean
  onItemUpdated: () => void
}

/** The item's discussion, live: comments as text, oldest first, and the box to add one. */
export function ItemComments({ forums, forumId, itemId, mayComment, onItemUpdated }: Props) {
  const thread = useItemComments(forums, forumId, itemId, onItemUpdated)
  const [body, setBody] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const submit = async (event: Event) => {
    event.preventDefault()
    const text = body.trim()
    if (!text) return
    setBusy(true)
    setError(null)
    try {
      await thread.post(text)
      setBody('')
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section aria-labelledby="item-comments-heading" class="item-comments">
      <h2 id="item-comments-heading">
        <T k="web.forum.comments.title" />
      </h2>
      <Alert error={thread.error} />
      {thread.comments.length === 0 ? (
        <p>
          <T k="web.forum.comments.empty" />
        </p>
      ) : (
        <ol class="thread forum-comments" aria-live="polite">
          {thread.comments.map((comment) => (
            <li key={comment.id} class={comment.mine ? 'message mine' : 'message'} data-comment-id={comment.id}>
              <span class="message-author">{comment.mine ? <T k="web.forum.comments.you" /> : comment.authorName}</span>
              <p class="message-body">{comment.body}</p>
              <span class="message-meta">
                <DateTime iso={comment.createdAt} />
              </span>
            </li>
          ))}
        </ol>
      )}
      {mayComment ? (
        <form class="forum-comment-form" onSubmit={submit}>
          <label for="forum-comment-text">
            <T k="web.forum.comments.label" />
          </label>
          <textarea
            id="forum-comment-text"
            class="compose-text"
            rows={3}
            maxLength={COMMENT_MAX}
            value={body}
            onInput={(e) => setBody(e.currentTarget.value)}
          />
          {thread.offline ? (
            <p class="muted">
              <T k="web.forum.comments.offline" />
            </p>
          ) : null}
          <Alert error={error} />
          <button type="submit" disabled={busy || body.trim() === ''}>
            <T k="web.forum.comments.send" />
          </button>
        </form>
      ) : null}
    </section>
  )
}
