import { describe, expect, it } from 'vitest'
import { bangkokDay, nextDueDate } from '#models/work/assignment.server'

const rounds = [
  { round: '6', dueDate: bangkokDay('2026-03-31').toISOString() },
  { round: '9', dueDate: bangkokDay('2026-06-30').toISOString() },
]

describe('the next due date of an item with several rounds', () => {
  it('stays on a round through its whole Bangkok due day, and moves on the day after', () => {
    expect(nextDueDate(rounds, new Date('2026-03-31T00:30:00+07:00'))).toBe(rounds[0].dueDate)
    expect(nextDueDate(rounds, new Date('2026-03-31T23:59:00+07:00'))).toBe(rounds[0].dueDate)
    expect(nextDueDate(rounds, new Date('2026-04-01T00:01:00+07:00'))).toBe(rounds[1].dueDate)
  })
  it('keeps the last round once every round has passed', () => {
    expect(nextDueDate(rounds, new Date('2026-09-01T12:00:00+07:00'))).toBe(rounds[1].dueDate)
    expect(nextDueDate([], new Date())).toBeNull()
  })
})
