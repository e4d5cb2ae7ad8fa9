import { useEffect, useState } from 'preact/hooks'
import type { ClassGroup, Me } from '../../../shared/schemas/people.ts'
import { api } from '../api.ts'

/**
 * The school's classes this person can name: their learners' classes for a family, every class
 * for staff (GET /classes answers staff only). Used to name announcement channels and to choose
 * the class of a new announcement.
 */
export function useClasses(me: Me, schoolId: string): ClassGroup[] {
  const isStaff = me.roles.some((role) => role !== 'parent')
  const own = me.learners.flatMap((learner) => (learner.class ? [learner.class] : []))
  const [classes, setClasses] = useState<ClassGroup[]>(own)
  useEffect(() => {
    if (!isStaff) return
    api.get<ClassGroup[]>(`/api/schools/${schoolId}/classes`).then(
      setClasses,
      // Only names are missing without it: channels then show their generic title.
      () => undefined,
    )
  }, [schoolId, isStaff])
  return classes
}
