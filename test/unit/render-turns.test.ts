import { Writable } from 'node:stream'
import { createElement as h, type ReactNode } from 'react'
import { renderToPipeableStream, renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { BUDGET_MS, RenderTurn, RenderTurns } from '#app/components/ui/render-turns'

/** A part whose render takes longer than the budget (the server's work on a big part of a page). */
function SlowPart({ n, log }: { n: number; log: string[] }) {
  const until = performance.now() + 2 * BUDGET_MS
  while (performance.now() < until);
  log.push(`part ${n}`)
  return h('li', null, `part ${n}`)
}

const page = (log: string[]) =>
  h(
    'ul',
    null,
    [0, 1, 2, 3].map((n) => h(RenderTurn, { key: n, children: h(SlowPart, { n, log }) })),
  )

/** The document as the server sends it: rendered with turns, written once everything is ready. */
function serverRender(node: ReactNode): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk)
        done()
      },
      final(done) {
        resolve(Buffer.concat(chunks).toString('utf8'))
        done()
      },
    })
    const { pipe } = renderToPipeableStream(h(RenderTurns, { children: node }), {
      progressiveChunkSize: Number.POSITIVE_INFINITY,
      onAllReady: () => pipe(sink),
      onShellError: reject,
    })
  })
}

describe('turns in the server render', () => {
  it('let other work run between the parts of a long render, and write the same document', async () => {
    const log: string[] = []
    // other requests' work: each time it gets the thread it notes so, and asks for it again
    let running = true
    const other = () => {
      log.push('other')
      if (running) setImmediate(other)
    }
    setImmediate(other)
    const html = await serverRender(page(log))
    running = false
    const parts = log.map((entry, i) => [entry, i] as const).filter(([entry]) => entry.startsWith('part'))
    expect(parts.map(([entry]) => entry)).toEqual(['part 0', 'part 1', 'part 2', 'part 3'])
    // between each part and the next, the other work got a turn
    for (let k = 1; k < parts.length; k++) expect(log.slice(parts[k - 1][1], parts[k][1])).toContain('other')
    expect(html).toBe(renderToString(page([])))
  })

  it('are only their children where no turns are kept (the browser, a plain render)', () => {
    const log: string[] = []
    expect(renderToString(page(log))).toBe('<ul><li>part 0</li><li>part 1</li><li>part 2</li><li>part 3</li></ul>')
    expect(log).toEqual(['part 0', 'part 1', 'part 2', 'part 3'])
  })
})
