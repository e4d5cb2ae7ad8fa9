/**
 * Retention settings and safeguarding holds, for the API. The deletions themselves are
 * run-retention.ts (a job). Every change is audited in its own transaction.
 */

import {
  type Hold,
  type HoldsQuery,
  type NewHold,
  RETENTION_CATEGORIES,
  RETENTION_MAX_DAYS,
  RETENTION_MIN_DAYS,
  type RetentionCategory,
  type RetentionSettings,
  type RetentionUpdate,
} from '../../../shared/schemas/retention.ts'
import type { Db } from '../../db/database.ts'
import { AppError, notFound } from '../../errors.ts'
import type { Actor } from '../../plugins/auth.plugin.ts'
import { assertSchoolRole } from '../../policies/tenancy.policy.ts'
import { recordAudit } from '../audit/audit.repository.ts'
import { effectivePeriods, type RetentionDefaults } from './periods.ts'
import { RETENTION_HOLD_ROLES, RETENTION_PERIOD_ROLES } from './retention.policy.ts'
import { createRetentionRepository } from './retention.repository.ts'
import { lockSchool } from './sweep.repository.ts'

export function createRetentionService(deps: { db: Db; defaults: RetentionDefaults; clock: () => Date }) {
  const { db, defaults } = deps
  const repo = createRetentionRepository(db)

  async function settings(schoolId: string): Promise<RetentionSettings> {
    const overrides = await repo.overrides(schoolId)
    const periods = effectivePeriods(defaults, overrides)
    return {
      categories: RETENTION_CATEGORIES.map((category) => ({
        category,
        days: periods[category],
        defaultDays: defaults[category],
        overridden: overrides.has(category),
      })),
      signInDays: defaults.sign_in,
    }
  }

  return {
    /** The period in force per category, with the default and whether the school chose its own (admins). */
    async get(actor: Actor | null, schoolId: string): Promise<RetentionSettings> {
      assertSchoolRole(actor, schoolId, RETENTION_PERIOD_ROLES)
      return settings(schoolId)
    },

    /**
     * Sets the school's periods and puts others back to the default. Every value is checked
     * before any is written, and all are written in one transaction: a bad value changes nothing.
     */
    async update(actor: Actor | null, schoolId: string, input: RetentionUpdate): Promise<RetentionSettings> {
      const who = assertSchoolRole(actor, schoolId, RETENTION_PERIOD_ROLES)
      const set = Object.entries(input.periods ?? {}).filter(([, days]) => days !== undefined) as [RetentionCategory, number][]
      const reset = [...new Set(input.reset ?? [])]
      const both = set.find(([category]) => reset.includes(category))
      if (both) throw new AppError('retention.set_and_reset', 400, { category: both[0] })
      const changes: [RetentionCategory, number | null][] = [...set, ...reset.map((c): [RetentionCategory, null] => [c, null])]
      for (const [category, days] of changes) {
        if (days !== null && (!Number.isInteger(days) || days < RETENTION_MIN_DAYS || days > RETENTION_MAX_DAYS)) {
          throw new AppError('retention.period_out_of_range', 400, { category, min: RETENTION_MIN_DAYS, max: RETENTION_MAX_DAYS }, [
            { field: `periods.${category}`, reason: `from ${RETENTION_MIN_DAYS} to ${RETENTION_MAX_DAYS}` },
          ])
        }
      }
      if (changes.length === 0) throw new AppError('retention.nothing_to_change', 400)
      await db.transaction(async (tx) => {
        for (const [category, days] of changes) await repo.setOverride(tx, schoolId, category, days, who.userId)
        await recordAudit(tx, {
          schoolId,
          actorId: who.userId,
          action: 'retention.periods_changed',
          data: { periods: Object.fromEntries(changes) },
        })
      })
      return settings(schoolId)
    },

    /** Holds of the school, unreleased first (admins and the DSL). */
    async holds(actor: Actor | null, schoolId: string, query: HoldsQuery): Promise<Hold[]> {
      assertSchoolRole(actor, schoolId, RETENTION_HOLD_ROLES)
      return repo.holds(schoolId, { released: query.released })
    },

    /** Places a hold: from now on retention deletes nothing about its subject. */
    async placeHold(actor: Actor | null, schoolId: string, input: NewHold): Promise<Hold> {
      const who = assertSchoolRole(actor, schoolId, RETENTION_HOLD_ROLES)
      const reason = input.reason.trim()
      if (reason === '') throw new AppError('retention.reason_required', 400)
      if (!(await repo.subjectInSchool(schoolId, input.subjectType, input.subjectId))) {
        throw new AppError('retention.subject_not_found', 400)
      }
      const holdId = await db.transaction(async (tx) => {
        // Waits for a retention batch of this school in progress, so the hold holds from the next one.
        await lockSchool(tx, schoolId)
        const id = await repo.insertHold(tx, {
          schoolId,
          subjectType: input.subjectType,
          subjectId: input.subjectId,
          reason,
          createdBy: who.userId,
        })
        await recordAudit(tx, {
          schoolId,
          actorId: who.userId,
          action: 'retention.hold_placed',
          subjectId: input.subjectId,
          data: { holdId: id, subjectType: input.subjectType },
        })
        return id
      })
      const [hold] = await repo.holds(schoolId, { released: true, holdId })
      if (!hold) throw new Error('hold not found after insert')
      return hold
    },

    /** Releases a hold: its subject's data falls under the normal periods again. */
    async releaseHold(actor: Actor | null, schoolId: string, holdId: string): Promise<Hold> {
      const who = assertSchoolRole(actor, schoolId, RETENTION_HOLD_ROLES)
      const [existing] = await repo.holds(schoolId, { released: true, holdId })
      if (!existing) throw notFound()
      if (existing.releasedAt) throw new AppError('retention.hold_already_released', 409)
      await db.transaction(async (tx) => {
        if (!(await repo.releaseHold(tx, schoolId, holdId, who.userId, deps.clock()))) {
          throw new AppError('retention.hold_already_released', 409)
        }
        await recordAudit(tx, {
          schoolId,
          actorId: who.userId,
          action: 'retention.hold_released',
          subjectId: existing.subjectId,
          data: { holdId, subjectType: existing.subjectType },
        })
      })
      const [hold] = await repo.holds(schoolId, { released: true, holdId })
      if (!hold) throw notFound()
      return hold
    },
  }
}
export type RetentionService = ReturnType<typeof createRetentionService>
