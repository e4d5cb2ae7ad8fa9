import { sql } from 'drizzle-orm'
import type { CategoryChannels } from '../../../shared/schemas/notifications.ts'
import type { DbOrTx } from '../../db/database.ts'

export interface ReachRow {
  id: string
  userId: string
  name: string
  language: string
  openedAt: string | null
  openedVia: 'app' | 'email' | null
  hasEmail: boolean
  hasPush: boolean
  disabled: boolean
  channels: Partial<CategoryChannels> | null
  deliveries: { channel: 'in_app' | 'email' | 'push'; status: string; sentAt: string | null }[]
  contacted: { method: string; note: string | null; at: string; byName: string } | null
}

export interface FamilyLink {
  learnerId: string
  learnerName: string
  guardianId: string
  classId: string | null
  nameCy: string | null
  nameEn: string | null
}

/** A newsletter's reminders are notifications whose dedupe key starts with this. */
export const reminderKeyPrefix = (newsletterId: string) => `newsletter-${newsletterId}-reminder-`

/** What the reach view reads: queries only. */
export function createReachRepository(db: DbOrTx) {
  return {
    /**
     * Each recipient with what happened on each channel (the newsletter's notification and any
     * reminders), whether they can be reached by email or push now, and the last other contact.
     * With `onlyUserId`, that one recipient's row alone.
     */
    async recipients(newsletterId: string, onlyUserId?: string): Promise<ReachRow[]> {
      const prefix = `${reminderKeyPrefix(newsletterId)}%`
      const result = await db.execute(sql`select r.id, r.user_id as "userId", u.name, r.language,
          r.opened_at as "openedAt", r.opened_via as "openedVia",
          u.email is not null as "hasEmail", u.disabled_at is not null as disabled,
          exists (select 1 from push_subscriptions p where p.user_id = r.user_id) as "hasPush",
          np.channels,
          coalesce((select json_agg(json_build_object('channel', d.channel, 'status', d.status, 'sentAt', d.sent_at))
            from notifications n join deliveries d on d.notification_id = n.id
            where n.user_id = r.user_id and (n.id = r.notification_id or n.dedupe_key like ${prefix})), '[]'::json) as deliveries,
          (select json_build_object('method', c.method, 'note', c.note, 'at', c.created_at, 'byName', coalesce(bu.name, ''))
            from newsletter_contacts c left join users bu on bu.id = c.recorded_by
            where c.newsletter_id = r.newsletter_id and c.user_id = r.user_id order by c.created_at desc limit 1) as contacted
        from newsletter_recipients r
        join users u on u.id = r.user_id
        left join notification_preferences np on np.user_id = r.user_id
        where r.newsletter_id = ${newsletterId} ${onlyUserId ? sql`and r.user_id = ${onlyUserId}` : sql``}
        order by u.name`)
      return (result as unknown as { rows: ReachRow[] }).rows
    },

    /** The recipients' learners in the school, with their classes: families and classes for the chart. */
    async familyLinks(schoolId: string, newsletterId: string): Promise<FamilyLink[]> {
      const result = await db.execute(sql`select l.id as "learnerId", l.name as "learnerName", gl.guardian_id as "guardianId",
          l.class_id as "classId", c.name_cy as "nameCy", c.name_en as "nameEn"
        from newsletter_recipients r
        join guardian_learners gl on gl.guardian_id = r.user_id and gl.school_id = ${schoolId}
        join learners l on l.id = gl.learner_id
        left join classes c on c.id = l.class_id
        where r.newsletter_id = ${newsletterId}`)
      return (result as unknown as { rows: FamilyLink[] }).rows
    },
  }
}
