/**
 * Fails when a catalog key exists in one language only, or when a Welsh plural key lacks one of
 * the six CLDR forms (zero, one, two, few, many, other) where English has plurals, or when a
 * notification kind's push text takes values (it could carry a learner's name to a lock screen).
 * Prints every problem, then exits 1 if there were any.
 */
import { catalogs } from '../shared/i18n.ts'

type Tree = { [key: string]: string | Tree }
const WELSH_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other']
const PLURAL = /_(zero|one|two|few|many|other)$/

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of flatten(value, path)) out.set(k, v)
  }
  return out
}

const cy = flatten(catalogs.cy as Tree)
const en = flatten(catalogs.en as Tree)
const problems: string[] = []
const base = (key: string) => key.replace(PLURAL, '')
const cyBases = new Set([...cy.keys()].map(base))
const enBases = new Set([...en.keys()].map(base))

for (const key of enBases) if (!cyBases.has(key)) problems.push(`cy is missing ${key}`)
for (const key of cyBases) if (!enBases.has(key)) problems.push(`en is missing ${key}`)
for (const key of enBases) {
  const englishPlural = [...en.keys()].some((k) => PLURAL.test(k) && base(k) === key)
  if (!englishPlural) continue
  for (const form of WELSH_FORMS) if (!cy.has(`${key}_${form}`)) problems.push(`cy plural ${key} is missing the ${form} form`)
  for (const form of ['one', 'other']) if (!en.has(`${key}_${form}`)) problems.push(`en plural ${key} is missing the ${form} form`)
}
for (const [key, value] of [...cy, ...en]) if (value.trim() === '') problems.push(`${key} is empty`)
// Push text shows on a lock screen: it takes no values, so no learner's name can reach it.
for (const [key, value] of [...cy, ...en]) {
  if (/^notification\.kinds\.[^.]+\.push$/.test(key) && value.includes('{{')) problems.push(`${key} must not take values (push text)`)
}
// Every notification kind needs a title, a body and a push text.
for (const key of enBases) {
  const kind = /^notification\.kinds\.([^.]+)\.title$/.exec(key)?.[1]
  if (!kind) continue
  for (const part of ['body', 'push'])
    if (!enBases.has(`notification.kinds.${kind}.${part}`)) problems.push(`notification kind ${kind} has no ${part}`)
}

if (problems.length > 0) {
  console.error(`i18n check failed (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  process.exit(1)
}
console.log(`i18n check passed: ${cy.size} Welsh and ${en.size} English strings`)
