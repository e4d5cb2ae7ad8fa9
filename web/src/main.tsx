import { render } from 'preact'
import { createI18n } from '../../shared/i18n.ts'
import { App } from './app.tsx'
import './styles.css'

const root = document.getElementById('app')
if (root) {
  createI18n('cy').then((i18n) => render(<App i18n={i18n} />, root))
}
