import { T } from '../i18n.tsx'

/** The two downloads of an export: a page to read or print (Welsh first when both), and JSON. */
function Downloads({ base, html, json }: { base: string; html: string; json: string }) {
  return (
    <ul class="data-downloads">
      <li>
        <a href={`${base}?format=html`} download>
          <T k={html} />
        </a>
      </li>
      <li>
        <a href={`${base}?format=json`} download>
          <T k={json} />
        </a>
      </li>
    </ul>
  )
}

/** Settings: a parent downloads everything Cyswllt holds about their family ("Lawrlwytho fy nata"). */
export function MyDataDownload() {
  return (
    <section aria-labelledby="my-data-heading">
      <h2 id="my-data-heading">
        <T k="privacy.web.title" />
      </h2>
      <p class="muted">
        <T k="privacy.web.intro" block />
      </p>
      <Downloads base="/api/me/export" html="privacy.web.download_html" json="privacy.web.download_json" />
    </section>
  )
}

/** The FEO's family page, for an admin or the DSL answering a subject access request. */
export function FamilyDataDownload({ schoolId, familyId }: { schoolId: string; familyId: string }) {
  return (
    <section aria-labelledby="family-data-heading">
      <h2 id="family-data-heading">
        <T k="privacy.web.family_title" />
      </h2>
      <p class="muted">
        <T k="privacy.web.family_help" block />
      </p>
      <Downloads
        base={`/api/schools/${schoolId}/families/${familyId}/export`}
        html="privacy.web.family_html"
        json="privacy.web.family_json"
      />
    </section>
  )
}
