/**
 * What an instance keeps of item pages' evidence records: a record is served again only while its item's document
 * shows the same stamp for it, never across organizations, items or a document made again; and the memo is bounded.
 */
import { describe, expect, it } from 'vitest'
import { ItemEvidenceMemo, type ItemLinksRead } from '#models/evidence/item-links.server'

const org = '6b0f00000000000000000001'
const item = (itemCode: string) => ({ catalogId: 'c1', itemCode })
const read = (stamps: Record<string, number>, born: string | null = 'b1'): ItemLinksRead => ({
  entries: [],
  born,
  stamps,
})

describe('ItemEvidenceMemo', () => {
  it('serves a record again only under the same stamp, organization, item and document', () => {
    const memo = new ItemEvidenceMemo<string>(10)
    memo.keep(org, item('O1'), read({ a: 1 }), [
      ['a', 'A'],
      ['b', 'B'],
    ])
    // b has no stamp: unchanged since the document was built
    expect(memo.take(org, item('O1'), read({ a: 1 }), ['a', 'b', 'c'])).toEqual({
      found: new Map([
        ['a', 'A'],
        ['b', 'B'],
      ]),
      missing: ['c'],
    })
    // a was written again (a newer revision), b too (a stamp where there was none)
    expect(memo.take(org, item('O1'), read({ a: 2, b: 3 }), ['a', 'b']).missing).toEqual(['a', 'b'])
    expect(memo.take(org, item('O2'), read({ a: 1 }), ['a']).missing).toEqual(['a'])
    expect(memo.take('6b0f00000000000000000002', item('O1'), read({ a: 1 }), ['a']).missing).toEqual(['a'])
    // the document was deleted and made again, or the links were read from the evidence
    expect(memo.take(org, item('O1'), read({ a: 1 }, 'b2'), ['a']).missing).toEqual(['a'])
    expect(memo.take(org, item('O1'), read({ a: 1 }, null), ['a']).missing).toEqual(['a'])
  })

  it('holds at most its bound of records, dropping the least recently read items first', () => {
    const memo = new ItemEvidenceMemo<number>(5)
    const ids = (...xs: string[]) => xs.map((x): [string, number] => [x, x.length])
    memo.keep(org, item('O1'), read({}), ids('a', 'b'))
    memo.keep(org, item('O2'), read({}), ids('c', 'd'))
    expect(memo.take(org, item('O1'), read({}), ['a']).missing).toEqual([]) // O1 is now the most recent
    memo.keep(org, item('O3'), read({}), ids('e', 'f'))
    expect(memo.take(org, item('O2'), read({}), ['c']).missing).toEqual(['c'])
    expect(memo.take(org, item('O1'), read({}), ['a', 'b']).missing).toEqual([])
    expect(memo.take(org, item('O3'), read({}), ['e', 'f']).missing).toEqual([])
  })
})
