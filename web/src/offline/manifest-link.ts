/**
 * The web app manifest in the page's language: index.html links the Welsh one (the build adds
 * the link, web/build/pwa.plugin.ts); this points it at the English one while the document's
 * language is English, so a phone installs the app with its name and description in the
 * language the person reads. Follows every change of <html lang>, whoever makes it.
 */
export function followDocumentLanguage(): void {
  const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]')
  if (!link) return
  const apply = () => {
    const href = `/manifest-${document.documentElement.lang === 'en' ? 'en' : 'cy'}.webmanifest`
    if (link.getAttribute('href') !== href) link.setAttribute('href', href)
  }
  apply()
  new MutationObserver(apply).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] })
}
