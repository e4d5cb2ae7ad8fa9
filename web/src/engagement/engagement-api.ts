import type {
  Contact,
  ContactUpdate,
  EngagementCharts,
  EngagementFilter,
  EngagementLists,
  FamilyList,
  FamilyPage,
  FamilyReminder,
  FollowUpsToday,
  NewContact,
} from '../../../shared/schemas/engagement.ts'
import type { ClassGroup } from '../../../shared/schemas/people.ts'
import { api } from '../api.ts'

/** A query string of the values given (undefined ones left out), with its "?", or nothing. */
function query(values: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(values)) if (value !== undefined) params.set(key, String(value))
  const text = params.toString()
  return text ? `?${text}` : ''
}

/**
 * Every call the engagement screens make, in one place (routes in
 * server/modules/engagement/README.md). Lists arrive wrapped in an object; the screens get the arrays.
 */
export function engagementApi(schoolId: string) {
  const school = `/api/schools/${schoolId}`
  const base = `${school}/engagement`
  const family = (familyId: string) => `${base}/families/${familyId}`

  return {
    /** The school's classes, for the filter. */
    classes: () => api.get<ClassGroup[]>(`${school}/classes`),
    families: (filter: EngagementFilter, caseload: boolean) =>
      api.get<FamilyList>(`${base}/families${query({ ...filter, caseload: caseload || undefined })}`).then((a) => a.families),
    family: (familyId: string) => api.get<FamilyPage>(family(familyId)),
    logContact: (familyId: string, contact: NewContact) => api.post<Contact>(`${family(familyId)}/contacts`, contact),
    updateContact: (contactId: string, update: ContactUpdate) => api.patch<Contact>(`${base}/contacts/${contactId}`, update),
    addToCaseload: (familyId: string) => api.put<void>(`${base}/caseload/${familyId}`, undefined),
    removeFromCaseload: (familyId: string) => api.delete(`${base}/caseload/${familyId}`),
    /** Sends the family's latest unread newsletter again on one channel: how many reminders were queued. */
    remind: (familyId: string, channel: FamilyReminder['channel']) =>
      api.post<{ queued: number }>(`${family(familyId)}/reminder`, { channel } satisfies FamilyReminder).then((a) => a.queued),
    lists: (filter: EngagementFilter, weeks: number) => api.get<EngagementLists>(`${base}/lists${query({ ...filter, weeks })}`),
    charts: (filter: EngagementFilter) => api.get<EngagementCharts>(`${base}/charts${query(filter)}`),
    /** The address of the same figures as a CSV file (a link, not a call). */
    chartsCsv: (filter: EngagementFilter) => `${base}/charts.csv${query(filter)}`,
    followUpsToday: () => api.get<FollowUpsToday>(`${base}/follow-ups/today`).then((a) => a.followUps),
  }
}
export type EngagementApi = ReturnType<typeof engagementApi>
