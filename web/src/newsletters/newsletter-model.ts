import type { Audience, Newsletter, NewsletterCategory, NewsletterDraft, NewsletterStatus } from '../../../shared/schemas/newsletters.ts'
import type { Role } from '../../../shared/schemas/people.ts'

/** Who may write newsletters (the server checks again): admins and FEOs to anyone, teachers to their classes. */
export const mayCompose = (roles: readonly Role[]) => roles.some((role) => role === 'admin' || role === 'feo' || role === 'teacher')
/** Who may address the whole school, year groups, chosen families or a forum (teachers: their own classes only). */
export const mayAddressAll = (roles: readonly Role[]) => roles.some((role) => role === 'admin' || role === 'feo')

export const CATEGORIES: readonly NewsletterCategory[] = ['newsletter', 'announcement', 'urgent']

/** A newsletter can be changed until its send starts. */
export const isEditable = (status: NewsletterStatus) => status === 'draft' || status === 'scheduled'

export const newslettersApi = (schoolId: string) => `/api/schools/${schoolId}/newsletters`

/**
 * What the audience picker holds: every list is kept while another kind is chosen, so going back
 * to it loses nothing. An empty list is allowed here but not in an Audience.
 */
export interface AudienceChoice {
  kind: Audience['kind']
  yearGroups: number[]
  classIds: string[]
  guardianIds: string[]
  /** The family forum chosen ('' while none is). */
  forumId: string
}

export function choiceOf(audience: Audience): AudienceChoice {
  return {
    kind: audience.kind,
    yearGroups: audience.kind === 'years' ? audience.yearGroups : [],
    classIds: audience.kind === 'classes' ? audience.classIds : [],
    guardianIds: audience.kind === 'families' ? audience.guardianIds : [],
    forumId: audience.kind === 'forum' ? audience.forumId : '',
  }
}

/** The audience to save, or null while the chosen kind has nothing ticked. */
export function audienceOf(choice: AudienceChoice): Audience | null {
  if (choice.kind === 'school') return { kind: 'school' }
  if (choice.kind === 'years') return choice.yearGroups.length ? { kind: 'years', yearGroups: choice.yearGroups } : null
  if (choice.kind === 'classes') return choice.classIds.length ? { kind: 'classes', classIds: choice.classIds } : null
  if (choice.kind === 'forum') return choice.forumId ? { kind: 'forum', forumId: choice.forumId } : null
  return choice.guardianIds.length ? { kind: 'families', guardianIds: choice.guardianIds } : null
}

/** The form's fields: the draft without its audience, which the picker holds. */
export type DraftFields = Omit<NewsletterDraft, 'audience'>

export const emptyFields = (): DraftFields => ({
  titleCy: '',
  titleEn: '',
  bodyCy: '',
  bodyEn: '',
  category: 'newsletter',
  singleLanguage: null,
  singleLanguageReason: null,
})

export function fieldsOf(n: Newsletter): DraftFields {
  const { titleCy, titleEn, bodyCy, bodyEn, category, singleLanguage, singleLanguageReason } = n
  return { titleCy, titleEn, bodyCy, bodyEn, category, singleLanguage, singleLanguageReason }
}
