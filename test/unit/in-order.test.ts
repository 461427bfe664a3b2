import { describe, expect, it } from 'vitest'
import { inOrder } from '#models/db.server'

/** A step that settles once `release` is called: the test decides which answer arrives first. */
function step<T>() {
  let settle!: (outcome: { value: T } | { error: Error }) => void
  const promise = new Promise<T>((resolve, reject) => {
    settle = (o) => ('error' in o ? reject(o.error) : resolve(o.value))
  })
  return { promise, settle }
}

describe('inOrder', () => {
  it('answers every step’s value, in the list’s order', async () => {
    const a = step<number>()
    const b = step<string>()
    const both = inOrder([a.promise, b.promise])
    b.settle({ value: 'b' })
    a.settle({ value: 1 })
    await expect(both).resolves.toEqual([1, 'b'])
  })

  it('fails with the first failing step of the list, even when a later one failed first', async () => {
    const missing = step<number>()
    const refused = step<number>()
    const both = inOrder([missing.promise, refused.promise])
    refused.settle({ error: new Error('refused') })
    // the later step's failure has arrived: the first step's outcome still decides
    await Promise.resolve()
    missing.settle({ error: new Error('not found') })
    await expect(both).rejects.toThrow('not found')
  })
})
