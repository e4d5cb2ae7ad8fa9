import type { Me } from '../api.ts'
import { lazyPage } from '../lazy-page.tsx'

// Each screen is a chunk of its own (see lazy-page.tsx), downloaded when the forum is opened.
const ForumListPage = lazyPage(() => import('../pages/forum-list-page.tsx').then((m) => m.ForumListPage))
const ForumRecordPage = lazyPage(() => import('../pages/forum-record-page.tsx').then((m) => m.ForumRecordPage))
const ForumPage = lazyPage(() => import('../pages/forum-page.tsx').then((m) => m.ForumPage))
const ForumItemPage = lazyPage(() => import('../pages/forum-item-page.tsx').then((m) => m.ForumItemPage))
const ForumMeetingPage = lazyPage(() => import('../pages/forum-meeting-page.tsx').then((m) => m.ForumMeetingPage))

const ID = '([0-9a-f-]{36})'
const FORUM = new RegExp(`^/forum/${ID}$`)
const ITEM = new RegExp(`^/forum/${ID}/items/${ID}$`)
const MEETING = new RegExp(`^/forum/${ID}/meetings/${ID}$`)

/**
 * The family forum's screens for a path, or null when it is not one of theirs. Who may see what
 * is the server's decision: a screen shows its refusal (403, 404) like any other error.
 */
export function forumPage(path: string, me: Me, schoolId: string) {
  if (path === '/forum') return <ForumListPage me={me} schoolId={schoolId} />
  if (path === '/forum-record') return <ForumRecordPage schoolId={schoolId} />
  const forum = FORUM.exec(path)
  if (forum?.[1]) return <ForumPage key={forum[1]} schoolId={schoolId} forumId={forum[1]} />
  const item = ITEM.exec(path)
  if (item?.[1] && item[2]) return <ForumItemPage key={item[2]} schoolId={schoolId} forumId={item[1]} itemId={item[2]} />
  const meeting = MEETING.exec(path)
  if (meeting?.[1] && meeting[2]) {
    return <ForumMeetingPage key={meeting[2]} schoolId={schoolId} forumId={meeting[1]} meetingId={meeting[2]} />
  }
  return null
}
