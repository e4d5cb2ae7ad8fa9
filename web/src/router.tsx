import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'

/** Client-side navigation: changes the address and tells every usePath listener. */
export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path)
  else history.pushState(null, '', path)
  dispatchEvent(new PopStateEvent('popstate'))
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname)
  useEffect(() => {
    const update = () => setPath(location.pathname)
    addEventListener('popstate', update)
    return () => removeEventListener('popstate', update)
  }, [])
  return path
}

/** True for a plain left click, which stays in the app; other clicks (new tab, window) open normally. */
export function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey
}

/** A normal link that navigates without reloading on a plain click. */
export function Link({ href, children, class: className }: { href: string; children: ComponentChildren; class?: string }) {
  const onClick = (event: MouseEvent) => {
    if (!isPlainClick(event)) return
    event.preventDefault()
    navigate(href)
  }
  return (
    <a href={href} class={className} onClick={onClick}>
      {children}
    </a>
  )
}
