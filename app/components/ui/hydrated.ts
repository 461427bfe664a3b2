import { useSyncExternalStore } from 'react'

const never = () => () => {}

/**
 * False on the server and while the page hydrates, true once it runs in the browser (at once after a client-side
 * navigation): for tools that work only in the browser, which the server need not render.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  )
}
