/**
 * Turns in the server's rendering. A page renders in one go on the server's single thread, and a big one (an item's
 * hundreds of evidence rows, the completeness matrix) held every other request's database answers back until it was
 * done. A `RenderTurn` placed around a part of a page lets the render stop there once it has run for `BUDGET_MS`: the
 * part is rendered a moment later, after the answers that arrived meanwhile have been handled. The document is the same
 * (no Suspense boundary, nothing sent before the whole page is rendered, see entry.server); in the browser and in a
 * render without turns (no `RenderTurns` above it) a `RenderTurn` is only its children.
 */
import { createContext, useContext, useId, type ReactNode } from 'react'

/** How long the server renders before giving other requests a turn. */
export const BUDGET_MS = 8

interface Turns {
  /** When this render's current run began. */
  since: number
  /** The last turn taken: the next waits for it, so parts that stopped together resume one run after another. */
  last: Promise<void>
  /** Parts that have stopped once: they render when they resume, whatever the time. */
  stopped: Set<string>
}

const TurnsContext = createContext<Turns | null>(null)

/** The turns of one server render (one per request: each render keeps its own time). */
export function RenderTurns({ children }: { children: ReactNode }) {
  const turns: Turns = { since: performance.now(), last: Promise.resolve(), stopped: new Set() }
  return <TurnsContext.Provider value={turns}>{children}</TurnsContext.Provider>
}

/** A part of a page where the server's render may stop for other requests' work (see above). */
export function RenderTurn({ children }: { children: ReactNode }) {
  // the part's place in the tree: the same when its render resumes
  const id = useId()
  const turns = useContext(TurnsContext)
  if (turns && !turns.stopped.has(id) && performance.now() - turns.since > BUDGET_MS) {
    turns.stopped.add(id)
    // React renders the part again once this settles: after the event loop's next turn (setImmediate runs after the
    // I/O that arrived), and after the parts that stopped before it
    turns.last = turns.last.then(
      () =>
        new Promise<void>((resolve) =>
          setImmediate(() => {
            turns.since = performance.now()
            resolve()
          }),
        ),
    )
    throw turns.last
  }
  return <>{children}</>
}
