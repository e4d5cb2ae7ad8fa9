import { useEffect, useRef, useState } from 'preact/hooks'

/**
 * Something fetched from the API for a key (an address, an id): null until it arrives, the
 * error if it did not. reload fetches it again; an answer to an older request is dropped, so a
 * slow first answer never overwrites a newer one.
 */
export function useLoaded<T>(key: string, load: () => Promise<T>) {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<unknown>(null)
  const asked = useRef(0)
  const latest = useRef(load)
  latest.current = load

  const reload = async () => {
    const request = ++asked.current
    try {
      const answer = await latest.current()
      if (request !== asked.current) return
      setData(answer)
      setError(null)
    } catch (err) {
      if (request === asked.current) setError(err)
    }
  }

  useEffect(() => {
    setData(null)
    setError(null)
    reload()
  }, [key])

  return { data, error, reload, setData }
}

/**
 * One action at a time: busy while it runs, its error kept, and the catalog key of what it did
 * (for a status line). run resolves true when the action succeeded.
 */
export function useAction() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [done, setDone] = useState<string | null>(null)

  const run = async (action: () => Promise<string | null>): Promise<boolean> => {
    setBusy(true)
    setError(null)
    setDone(null)
    try {
      setDone(await action())
      return true
    } catch (err) {
      setError(err)
      return false
    } finally {
      setBusy(false)
    }
  }

  return { busy, error, done, run, setError }
}
