import { useState } from 'preact/hooks'
import type { Conversation, Message, SearchResults } from '../../../shared/schemas/messaging.ts'
import { api } from '../api.ts'
import { T } from '../i18n.tsx'
import { Link } from '../router.tsx'
import { Alert, DateTime } from '../ui.tsx'
import { ConversationName } from './conversation-name.tsx'

/** The server's shortest query (SearchQuery): shorter ones are not sent. */
const MIN_QUERY = 2

interface Props {
  schoolId: string
  me: string
  /** The person's conversations, to name each result's conversation (when already loaded). */
  conversations: Conversation[] | null
}

/**
 * Search within one's own conversations (GET conversations/search?q=, every word must match).
 * Each result is shown as text, never as HTML, and links to its conversation.
 */
export function MessageSearch({ schoolId, me, conversations }: Props) {
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<{ query: string; messages: Message[] } | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const tooShort = query.trim().length < MIN_QUERY

  const search = async (event: Event) => {
    event.preventDefault()
    const q = query.trim()
    if (q.length < MIN_QUERY) return
    setBusy(true)
    setError(null)
    try {
      const found = await api.get<SearchResults>(`/api/schools/${schoolId}/conversations/search?q=${encodeURIComponent(q)}`)
      setResults({ query: q, messages: found.messages })
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="search" aria-labelledby="search-heading">
      <h2 id="search-heading" class="visually-hidden">
        <T k="web.messaging.search.heading" />
      </h2>
      <form class="search-form" onSubmit={search}>
        <label for="message-search">
          <T k="web.messaging.search.label" />
        </label>
        <div class="search-row">
          <input
            id="message-search"
            type="search"
            maxLength={200}
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
            aria-describedby="message-search-hint"
          />
          <button type="submit" disabled={busy || tooShort}>
            <T k="web.messaging.search.submit" />
          </button>
        </div>
        <p id="message-search-hint" class="counter">
          <T k="web.messaging.search.hint" values={{ min: MIN_QUERY }} />
        </p>
      </form>
      <Alert error={error} />
      {results ? (
        <div class="search-results" aria-live="polite">
          <p>
            <T k="web.messaging.search.found" values={{ count: results.messages.length, query: results.query }} />
          </p>
          {results.messages.length > 0 ? (
            <ul class="conversations">
              {results.messages.map((message) => {
                const conversation = conversations?.find((c) => c.id === message.conversationId)
                return (
                  <li key={message.id} class="conversation search-result" data-conversation-id={message.conversationId}>
                    <Link href={`/messages/${message.conversationId}`} class="conversation-link">
                      {conversation ? (
                        <span class="conversation-name">
                          <ConversationName conversation={conversation} me={me} />
                        </span>
                      ) : null}
                      <span class="message-author">{message.authorId === me ? <T k="web.messaging.you" /> : message.authorName}</span>
                      {/* Text, never HTML: Preact escapes it. */}
                      <span class="message-body">{message.body || <T k="web.messaging.file" />}</span>
                      <span class="conversation-time">
                        <DateTime iso={message.createdAt} />
                      </span>
                    </Link>
                  </li>
                )
              })}
            </ul>
          ) : null}
          <button type="button" class="link-button" onClick={() => setResults(null)}>
            <T k="web.messaging.search.clear" />
          </button>
        </div>
      ) : null}
    </section>
  )
}
