import t from 'tap'
import { dayStart, halfTermsSoFar, schoolDaysBetween } from '../../server/modules/engagement/school-calendar.ts'

t.test('school days count Monday to Friday, whole days between', async (t) => {
  // 2026-11-30 is a Monday.
  const at = (day: string, time = '10:00') => new Date(`${day}T${time}:00Z`)
  t.equal(schoolDaysBetween(at('2026-11-30'), at('2026-12-02')), 1, 'Monday to Wednesday: Tuesday')
  t.equal(schoolDaysBetween(at('2026-11-30'), at('2026-12-03', '08:00')), 2, 'Monday to Thursday: two school days')
  t.equal(schoolDaysBetween(at('2026-12-04'), at('2026-12-08')), 1, 'Friday to Tuesday: Monday only')
  t.equal(schoolDaysBetween(at('2026-12-05'), at('2026-12-09')), 2, 'Saturday to Wednesday: Monday, Tuesday')
  t.equal(schoolDaysBetween(at('2026-12-02'), at('2026-12-02', '16:00')), 0, 'the same day')
})

t.test('half-terms of the school year so far, from September, in London time', async (t) => {
  t.same(
    halfTermsSoFar(new Date('2026-12-03T12:00:00Z')).map((h) => [h.key, h.start, h.end]),
    [
      ['2026-27-1', '2026-09-01', '2026-11-01'],
      ['2026-27-2', '2026-11-01', '2027-01-01'],
    ],
  )
  t.equal(halfTermsSoFar(new Date('2027-07-10T12:00:00Z')).length, 6, 'all six by July')
  t.same(
    halfTermsSoFar(new Date('2027-09-01T08:00:00Z')).map((h) => h.key),
    ['2027-28-1'],
    'a new year starts on 1 September',
  )
  t.equal(dayStart('2026-07-01').toISOString(), '2026-06-30T23:00:00.000Z', 'midnight in summer time is 23:00 UTC')
  t.equal(dayStart('2026-12-01').toISOString(), '2026-12-01T00:00:00.000Z')
})
