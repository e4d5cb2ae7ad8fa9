/**
 * `npm run bench [-- import | notifications | messaging | newsletters | engagement | soak | all]`: runs one bench (import when
 * none is named) or all of them, one after another. See README.md for what each measures.
 */
import { benchEngagement } from './engagement.bench.ts'
import { benchImport } from './import.bench.ts'
import { benchMessaging } from './messaging.bench.ts'
import { benchNewsletters } from './newsletters.bench.ts'
import { benchNotifications } from './notifications.bench.ts'
import { benchSoak } from './soak.bench.ts'

const benches: Record<string, () => Promise<void>> = {
  import: benchImport,
  notifications: benchNotifications,
  messaging: benchMessaging,
  newsletters: benchNewsletters,
  engagement: benchEngagement,
  soak: benchSoak,
}

const name = process.argv[2] ?? 'import'
const chosen = name === 'all' ? Object.values(benches) : benches[name] ? [benches[name]] : null
if (!chosen) {
  console.error(`unknown bench "${name}": use ${[...Object.keys(benches), 'all'].join(', ')}`)
  process.exit(2)
}
for (const bench of chosen) await bench()
