import type { ComponentType } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { T } from './i18n.tsx'

/**
 * A screen whose code is downloaded the first time it is shown: `load` is a dynamic `import()`,
 * so Vite puts the screen in a chunk of its own and a parent reading a conversation never
 * downloads the staff screens (the bundle budget in scripts/check-bundle.ts counts on it).
 * While the chunk is on its way the screen says so; if it cannot be downloaded (offline, or an
 * old tab after a new version replaced the chunk) it says that, with a button to try again.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null
  let pending: Promise<ComponentType<P>> | null = null
  const fetchPage = () => {
    pending ??= load().then(
      (page) => {
        loaded = page
        return page
      },
      (error: unknown) => {
        pending = null // so that "try again" downloads it again
        throw error
      },
    )
    return pending
  }
  return function LazyPage(props: P) {
    const [page, setPage] = useState<{ Page: ComponentType<P> } | null>(loaded ? { Page: loaded } : null)
    const [failed, setFailed] = useState(false)
    const [attempt, setAttempt] = useState(0)
    useEffect(() => {
      if (page) return
      let live = true
      fetchPage().then(
        (Page) => live && setPage({ Page }),
        () => live && setFailed(true),
      )
      return () => {
        live = false
      }
    }, [attempt])
    if (page) return <page.Page {...props} />
    if (failed) {
      return (
        <div class="alert" role="alert">
          <T k="web.page_load.failed" block />
          <button
            type="button"
            onClick={() => {
              setFailed(false)
              setAttempt(attempt + 1)
            }}
          >
            <T k="web.page_load.retry" />
          </button>
        </div>
      )
    }
    return (
      <p aria-busy="true">
        <T k="web.loading" />
      </p>
    )
  }
}
