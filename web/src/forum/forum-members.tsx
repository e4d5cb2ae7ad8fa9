import { useEffect, useState } from 'preact/hooks'
import type { Forum, ForumCandidate, ForumMember, ForumRole } from '../../../shared/schemas/forum.ts'
import type { ClassGroup } from '../../../shared/schemas/people.ts'
import { Bi, T, useText } from '../i18n.tsx'
import { Alert, Field, useActionLabel } from '../ui.tsx'
import type { ForumApi } from './forum-api.ts'
import { FORUM_ROLES, YEARS, yearKey } from './forum-model.ts'
import { Outcome } from './forum-text.tsx'
import { useAction } from './use-loaded.ts'

/** The class or year a member represents, if any. */
function Represents({ member }: { member: ForumMember }) {
  const [key, values] = member.representsYear === null ? [null, {}] : yearKey(member.representsYear)
  if (!member.representsClassId && !key) return null
  return (
    <span class="muted">
      <T k="web.forum.members.represents" />{' '}
      {member.representsClassId ? <Bi cy={member.representsClassCy ?? ''} en={member.representsClassEn ?? ''} /> : null}
      {member.representsClassId && key ? ', ' : null}
      {key ? <T k={key} values={values} /> : null}
    </span>
  )
}

/** A facilitator's controls for one member: change the role, remove. */
function MemberControls({ forums, forumId, member, onChanged }: Props & { member: ForumMember }) {
  const actionLabel = useActionLabel()
  const text = useText()
  const [role, setRole] = useState<ForumRole>(member.role)
  const action = useAction()
  const id = `member-role-${member.userId}`
  const save = () =>
    action.run(async () => {
      await forums.setMember(forumId, member.userId, {
        role,
        representsClassId: member.representsClassId,
        representsYear: member.representsYear,
      })
      onChanged('web.forum.members.saved')
      return null
    })
  const remove = () =>
    action.run(async () => {
      await forums.removeMember(forumId, member.userId)
      onChanged('web.forum.members.removed')
      return null
    })
  return (
    <div class="member-controls">
      <label for={id} class="visually-hidden">
        {text('web.forum.members.role_of', { name: member.name })}
      </label>
      <select id={id} value={role} onChange={(e) => setRole(e.currentTarget.value as ForumRole)}>
        {FORUM_ROLES.map((r) => (
          <option key={r} value={r}>
            {text(`web.forum.role.${r}`)}
          </option>
        ))}
      </select>
      <button
        aria-label={actionLabel('web.forum.members.save_role', member.name)}
        type="button"
        class="secondary"
        disabled={action.busy || role === member.role}
        onClick={save}
      >
        <T k="web.forum.members.save_role" />
      </button>
      <button
        aria-label={actionLabel('web.forum.members.remove', member.name)}
        type="button"
        class="secondary danger"
        disabled={action.busy}
        onClick={remove}
      >
        <T k="web.forum.members.remove" />
      </button>
      <Alert error={action.error} />
    </div>
  )
}

interface Props {
  forums: ForumApi
  forumId: string
  /** After a change: a catalog key saying what was done. */
  onChanged: (done: string) => void
}

/** Adding someone of the school: parents as members or chairs, staff as facilitators too; the class or year they represent. */
function AddMember({ forums, forumId, onChanged, members }: Props & { members: ForumMember[] }) {
  const text = useText()
  const [candidates, setCandidates] = useState<ForumCandidate[]>([])
  const [classes, setClasses] = useState<ClassGroup[]>([])
  const [userId, setUserId] = useState('')
  const [role, setRole] = useState<ForumRole>('member')
  const [classId, setClassId] = useState('')
  const [year, setYear] = useState('')
  const action = useAction()
  const memberIds = members.map((m) => m.userId).join(',')

  useEffect(() => {
    forums.candidates(forumId).then(setCandidates, action.setError)
    // Classes are for "represents": without them the form still adds people.
    forums.classes().then(setClasses, () => setClasses([]))
  }, [forumId, memberIds])

  const chosen = candidates.find((c) => c.userId === userId)
  const roles = chosen?.staff ? FORUM_ROLES : FORUM_ROLES.filter((r) => r !== 'facilitator')
  const submit = (event: Event) => {
    event.preventDefault()
    if (!chosen) return
    action.run(async () => {
      await forums.setMember(forumId, chosen.userId, {
        role: roles.includes(role) ? role : 'member',
        representsClassId: classId || null,
        representsYear: year === '' ? null : Number(year),
      })
      setUserId('')
      setRole('member')
      setClassId('')
      setYear('')
      onChanged('web.forum.members.added')
      return null
    })
  }

  return (
    <form class="panel member-add" onSubmit={submit} aria-labelledby="member-add-heading">
      <h3 id="member-add-heading">
        <T k="web.forum.members.add_title" />
      </h3>
      <Field id="member-add-person" label="web.forum.members.person">
        <select id="member-add-person" required value={userId} onChange={(e) => setUserId(e.currentTarget.value)}>
          <option value="">{text('web.forum.members.choose_person')}</option>
          {candidates.map((c) => (
            <option key={c.userId} value={c.userId}>
              {c.staff ? text('web.forum.members.staff_name', { name: c.name }) : c.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="member-add-role" label="web.forum.members.role">
        <select id="member-add-role" value={role} onChange={(e) => setRole(e.currentTarget.value as ForumRole)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {text(`web.forum.role.${r}`)}
            </option>
          ))}
        </select>
      </Field>
      {classes.length > 0 ? (
        <Field id="member-add-class" label="web.forum.members.represents_class">
          <select id="member-add-class" value={classId} onChange={(e) => setClassId(e.currentTarget.value)}>
            <option value="">{text('web.forum.members.none')}</option>
            {classes.map((c) => (
              <option key={c.id} value={c.id}>
                {text('web.forum.members.class_name', (lng) => ({ name: lng === 'cy' ? c.nameCy : c.nameEn }))}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <Field id="member-add-year" label="web.forum.members.represents_year">
        <select id="member-add-year" value={year} onChange={(e) => setYear(e.currentTarget.value)}>
          <option value="">{text('web.forum.members.none')}</option>
          {YEARS.map((y) => {
            const [key, values] = yearKey(y)
            return (
              <option key={y} value={String(y)}>
                {text(key, values)}
              </option>
            )
          })}
        </select>
      </Field>
      <Alert error={action.error} />
      <button type="submit" disabled={action.busy || !chosen}>
        <T k="web.forum.members.add" />
      </button>
    </form>
  )
}

/** The forum's members with their roles and what they represent; facilitators add, change and remove. */
export function ForumMembers({ forums, forum, onChanged }: { forums: ForumApi; forum: Forum; onChanged: () => void }) {
  const [done, setDone] = useState<string | null>(null)
  const changed = (message: string) => {
    setDone(message)
    onChanged()
  }
  return (
    <section aria-labelledby="forum-members-heading">
      <h2 id="forum-members-heading">
        <T k="web.forum.members.title" />
      </h2>
      <Outcome done={done} error={null} />
      {forum.memberList.length === 0 ? (
        <p>
          <T k="web.forum.members.empty" />
        </p>
      ) : (
        <ul class="cards member-list">
          {forum.memberList.map((member) => (
            <li key={member.userId} class="card member" data-user-id={member.userId}>
              <span class="member-name">{member.name}</span>
              <span>
                <T k={`web.forum.role.${member.role}`} />
              </span>
              <Represents member={member} />
              {forum.canFacilitate ? (
                <MemberControls key={member.role} forums={forums} forumId={forum.id} member={member} onChanged={changed} />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {forum.canFacilitate ? <AddMember forums={forums} forumId={forum.id} onChanged={changed} members={forum.memberList} /> : null}
    </section>
  )
}
