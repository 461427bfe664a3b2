/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest'
import { localeFromCookie, MESSAGES, translate } from '#app/i18n'

describe('message catalog', () => {
  it('has a non-empty English text for every Thai message', () => {
    for (const key of Object.keys(MESSAGES.th) as (keyof typeof MESSAGES.th)[]) {
      expect(MESSAGES.en[key], key).toBeTruthy()
      expect(MESSAGES.th[key], key).toBeTruthy()
    }
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES.th).sort())
  })

  it('is Thai unless the person chose English', () => {
    expect(localeFromCookie(null)).toBe('th')
    expect(localeFromCookie('other=1; saisaat_lang=en')).toBe('en')
    expect(localeFromCookie('saisaat_lang=fr')).toBe('th')
    expect(translate('th', 'app.name')).toBe('ใสสะอาด')
    expect(translate('en', 'app.name')).toBe('Saisaat')
  })
})

describe('message modules', () => {
  it('never define the same key twice (a later module would silently win)', async () => {
    const modules = await Promise.all(
      Object.values(import.meta.glob<{ th: Record<string, string> }>('../../app/messages/*.ts')).map((load) => load()),
    )
    const keys = modules.flatMap((m) => Object.keys(m.th))
    expect(keys.length).toBeGreaterThan(10)
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([])
  })
})
