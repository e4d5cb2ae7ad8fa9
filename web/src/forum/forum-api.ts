import type {
  AgendaItem,
  AgendaItemSummary,
  AgendaSuggestion,
  ChangeItemStatus,
  Forum,
  ForumAction,
  ForumCandidate,
  ForumDraft,
  ForumRecord,
  ForumSummary,
  ItemComment,
  ItemText,
  Meeting,
  MeetingDraft,
  MeetingSummary,
  NewAction,
  ProposeItem,
  SetAgenda,
  SetAttendance,
  SetMember,
  SetMinutes,
  UpdateAction,
} from '../../../shared/schemas/forum.ts'
import type { ClassGroup } from '../../../shared/schemas/people.ts'
import { api } from '../api.ts'

/**
 * Every call the forum screens make, in one place (routes in server/modules/forum/README.md).
 * Lists arrive wrapped in an object (forums, people, items, comments, meetings); the screens get the arrays.
 */
export function forumApi(schoolId: string) {
  const school = `/api/schools/${schoolId}`
  const forum = (forumId: string) => `${school}/forums/${forumId}`
  const item = (forumId: string, itemId: string) => `${forum(forumId)}/items/${itemId}`
  const meeting = (forumId: string, meetingId: string) => `${forum(forumId)}/meetings/${meetingId}`

  return {
    forums: () => api.get<{ forums: ForumSummary[] }>(`${school}/forums`).then((a) => a.forums),
    createForum: (draft: ForumDraft) => api.post<Forum>(`${school}/forums`, draft),
    forum: (forumId: string) => api.get<Forum>(forum(forumId)),
    candidates: (forumId: string) => api.get<{ people: ForumCandidate[] }>(`${forum(forumId)}/candidates`).then((a) => a.people),
    /** The school's classes, for "represents a class" (staff only, as facilitators are). */
    classes: () => api.get<ClassGroup[]>(`${school}/classes`),
    setMember: (forumId: string, userId: string, member: SetMember) => api.put<unknown>(`${forum(forumId)}/members/${userId}`, member),
    removeMember: (forumId: string, userId: string) => api.delete(`${forum(forumId)}/members/${userId}`),

    items: (forumId: string) => api.get<{ items: AgendaItemSummary[] }>(`${forum(forumId)}/items`).then((a) => a.items),
    propose: (forumId: string, proposal: ProposeItem) => api.post<AgendaItem>(`${forum(forumId)}/items`, proposal),
    item: (forumId: string, itemId: string) => api.get<AgendaItem>(item(forumId, itemId)),
    setText: (forumId: string, itemId: string, text: ItemText) => api.put<unknown>(`${item(forumId, itemId)}/text`, text),
    support: (forumId: string, itemId: string) => api.post<unknown>(`${item(forumId, itemId)}/support`),
    withdrawSupport: (forumId: string, itemId: string) => api.delete(`${item(forumId, itemId)}/support`),
    changeStatus: (forumId: string, itemId: string, change: ChangeItemStatus) =>
      api.post<unknown>(`${item(forumId, itemId)}/status`, change),
    refer: (forumId: string, itemId: string) => api.post<unknown>(`${item(forumId, itemId)}/refer`),
    comments: (forumId: string, itemId: string) =>
      api.get<{ comments: ItemComment[] }>(`${item(forumId, itemId)}/comments`).then((a) => a.comments),
    postComment: (forumId: string, itemId: string, clientId: string, body: string) =>
      api.post<ItemComment>(`${item(forumId, itemId)}/comments`, { clientId, body }),

    meetings: (forumId: string) => api.get<{ meetings: MeetingSummary[] }>(`${forum(forumId)}/meetings`).then((a) => a.meetings),
    createMeeting: (forumId: string, draft: MeetingDraft) => api.post<Meeting>(`${forum(forumId)}/meetings`, draft),
    meeting: (forumId: string, meetingId: string) => api.get<Meeting>(meeting(forumId, meetingId)),
    suggestedAgenda: (forumId: string, meetingId: string) =>
      api.get<{ items: AgendaSuggestion[] }>(`${meeting(forumId, meetingId)}/suggested-agenda`).then((a) => a.items),
    setAgenda: (forumId: string, meetingId: string, agenda: SetAgenda) => api.put<Meeting>(`${meeting(forumId, meetingId)}/agenda`, agenda),
    publish: (forumId: string, meetingId: string) => api.post<Meeting>(`${meeting(forumId, meetingId)}/publish`),
    setAttendance: (forumId: string, meetingId: string, attendance: SetAttendance) =>
      api.put<unknown>(`${meeting(forumId, meetingId)}/attendance`, attendance),
    setMinutes: (forumId: string, meetingId: string, minutes: SetMinutes) =>
      api.put<unknown>(`${meeting(forumId, meetingId)}/minutes`, minutes),
    shareMinutes: (forumId: string, meetingId: string) => api.post<unknown>(`${meeting(forumId, meetingId)}/minutes/share`),
    approveMinutes: (forumId: string, meetingId: string) => api.post<unknown>(`${meeting(forumId, meetingId)}/minutes/approve`),
    addAction: (forumId: string, meetingId: string, action: NewAction) =>
      api.post<ForumAction>(`${meeting(forumId, meetingId)}/actions`, action),
    updateAction: (forumId: string, actionId: string, update: UpdateAction) =>
      api.patch<ForumAction>(`${forum(forumId)}/actions/${actionId}`, update),

    record: () => api.get<ForumRecord>(`${school}/forum-record`),
  }
}
export type ForumApi = ReturnType<typeof forumApi>
