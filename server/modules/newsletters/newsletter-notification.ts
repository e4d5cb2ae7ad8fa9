import type { NotificationCategory } from '../../../shared/schemas/notifications.ts'
import { summary } from './markdown.ts'

interface Content {
  titleCy: string
  titleEn: string
  bodyCy: string
  bodyEn: string
  category: string
  singleLanguage: string | null
}

/**
 * The values a newsletter's notification carries: its titles and the opening of its bodies, per
 * language. A one-language newsletter fills the other language's values with the same text, so
 * the catalog's Welsh and English sentences around it are never left empty.
 */
export function newsletterParams(n: Content): Record<string, string> {
  const only = n.singleLanguage === 'cy' || n.singleLanguage === 'en' ? n.singleLanguage : null
  const title = (lng: 'cy' | 'en') => (only ? (only === 'cy' ? n.titleCy : n.titleEn) : lng === 'cy' ? n.titleCy : n.titleEn)
  const body = (lng: 'cy' | 'en') => (only ? (only === 'cy' ? n.bodyCy : n.bodyEn) : lng === 'cy' ? n.bodyCy : n.bodyEn)
  return { titleCy: title('cy'), titleEn: title('en'), summaryCy: summary(body('cy')), summaryEn: summary(body('en')) }
}

/** Urgent announcements go as urgent notices (past quiet hours and digests); the rest as newsletters. */
export const notificationCategory = (category: string): NotificationCategory => (category === 'urgent' ? 'urgent' : 'newsletters')

/** The catalog entry (notification.kinds.<kind>) of a newsletter's notification. */
export const notificationKind = (category: string) =>
  category === 'urgent' ? 'newsletter_urgent' : category === 'announcement' ? 'newsletter_announcement' : 'newsletter'
