import type { ForumRecord } from '../../../shared/schemas/forum.ts'
import type { Db } from '../../db/database.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import { schoolRoles } from './forums.service.ts'
import { RECORD_STATUSES } from './item-flow.ts'
import { actionView } from './meeting-view.ts'
import { createMeetingsRepository } from './meetings.repository.ts'
import { createRecordRepository } from './record.repository.ts'

/**
 * "You said, we did": what each forum of the school took up and what came of it, for every
 * family and member of staff. It never says who raised an item. Decisions and actions count
 * once their meeting's minutes are approved.
 */
export function createRecordService(deps: { db: Db; clock: () => Date }) {
  return {
    async record(actor: Actor | null, schoolId: string): Promise<ForumRecord> {
      schoolRoles(actor, schoolId)
      const now = deps.clock()
      const repo = createRecordRepository(deps.db)
      const forumRows = await repo.forums(schoolId)
      const items = await repo.items(schoolId, RECORD_STATUSES)
      const itemIds = items.map((i) => i.id)
      const decisions = await repo.decisions(itemIds)
      const approved = new Set(decisions.map((d) => d.meeting.id))
      const actions = (await createMeetingsRepository(deps.db).actionsOfItems(itemIds)).filter((a) => approved.has(a.meetingId))
      return {
        forums: forumRows.map((f) => ({
          id: f.id,
          nameCy: f.nameCy,
          nameEn: f.nameEn,
          items: items
            .filter((i) => i.forumId === f.id)
            .map((i) => ({
              id: i.id,
              titleCy: i.titleCy,
              titleEn: i.titleEn,
              descriptionCy: i.descriptionCy,
              descriptionEn: i.descriptionEn,
              originalLanguage: i.originalLanguage as 'cy' | 'en',
              status: i.status as ForumRecord['forums'][number]['items'][number]['status'],
              raisedAt: i.createdAt.toISOString(),
              updatedAt: i.updatedAt.toISOString(),
              declineReasonCy: i.declineReasonCy,
              declineReasonEn: i.declineReasonEn,
              decisions: decisions
                .filter((d) => d.entry.itemId === i.id && (d.entry.decisionCy.trim() || d.entry.decisionEn.trim()))
                .map((d) => ({
                  meetingId: d.meeting.id,
                  meetingAt: d.meeting.startsAt.toISOString(),
                  decisionCy: d.entry.decisionCy,
                  decisionEn: d.entry.decisionEn,
                })),
              actions: actions.filter((a) => a.itemId === i.id).map((a) => actionView(a, now)),
            })),
        })),
      }
    },
  }
}
export type RecordService = ReturnType<typeof createRecordService>
