import { describe, expect, it } from 'vitest'
import { compareCodes, compareThai } from '#models/order'

describe('the orders lists share', () => {
  it('put item and KPI codes in reading order, numbers by value', () => {
    expect(['O10', 'O2', 'IIT 1', 'O1', 'KPI 2.10', 'KPI 2.9'].sort(compareCodes)).toEqual([
      'IIT 1',
      'KPI 2.9',
      'KPI 2.10',
      'O1',
      'O2',
      'O10',
    ])
  })

  it('put Thai names in dictionary order, numbers within them by value', () => {
    // dictionary order skips the leading vowel เ: เกษตร files under ก, after กอง
    expect(['กอง 10', 'เกษตร', 'กอง 2', 'ขนส่ง', 'กองคลัง'].sort(compareThai)).toEqual([
      'กอง 2',
      'กอง 10',
      'กองคลัง',
      'เกษตร',
      'ขนส่ง',
    ])
  })
})
