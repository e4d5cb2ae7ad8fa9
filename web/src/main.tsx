import { render } from 'preact'
import { createI18n } from '../../shared/i18n.ts'
import { App } from './app.tsx'
import { followDocumentLanguage } from './offline/manifest-link.ts'
import { registerServiceWorkerAfterLoad } from './offline/service-worker.ts'
import './styles.css'

// Installable and readable offline: the worker keeps the app and what was read (offline/).
registerServiceWorkerAfterLoad()
followDocumentLanguage()

const root = document.getElementById('app')
if (root) {
  createI18n('cy').then((i18n) => render(<App i18n={i18n} />, root))
}
