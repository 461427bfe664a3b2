/** Which backend the embedded FerretDB runs on: LOCAL_DB, else PostgreSQL; a typo stops with one line. */
import { describe, expect, it } from 'vitest'
import { localDb } from '#scripts/services'

describe('LOCAL_DB', () => {
  it('defaults to PostgreSQL, the faster backend on every query that scans', () => {
    expect(localDb({})).toBe('postgres')
    expect(localDb({ LOCAL_DB: '  ' })).toBe('postgres')
  })

  it('picks SQLite or PostgreSQL whatever the case and spaces', () => {
    expect(localDb({ LOCAL_DB: 'sqlite' })).toBe('sqlite')
    expect(localDb({ LOCAL_DB: ' SQLite ' })).toBe('sqlite')
    expect(localDb({ LOCAL_DB: 'POSTGRES' })).toBe('postgres')
  })

  it('refuses anything else, naming the variable and the values it takes', () => {
    expect(() => localDb({ LOCAL_DB: 'mysql' })).toThrow('LOCAL_DB must be "sqlite" or "postgres", not "mysql"')
  })
})
