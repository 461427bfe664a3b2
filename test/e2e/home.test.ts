import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openBrowser, type BrowserSession } from '#test/support/browser'

let session: BrowserSession
const baseUrl = inject('baseUrl')

beforeAll(async () => {
  session = await openBrowser()
})
afterAll(() => session?.close())

describe('home page in Chromium', () => {
  it('shows the Thai title and the current fiscal year in the Buddhist era', async () => {
    const page = await session.newPage()
    await page.goto(`${baseUrl}/`)
    await expect(page.title()).resolves.toBe('ใสสะอาด')
    const heading = await page.getByRole('heading', { level: 1 }).textContent()
    expect(heading).toContain('ใสสะอาด')
    expect(await page.locator('body').textContent()).toMatch(/ปีงบประมาณ พ\.ศ\. 25\d\d/)
    // the Sarabun font comes from the app itself and is used for Thai text
    const family = await page.evaluate(() => getComputedStyle(document.body).fontFamily)
    expect(family).toMatch(/Sarabun/)
    await page.evaluate(() => document.fonts.ready)
    expect(await page.evaluate(() => document.fonts.check('16px Sarabun', 'ใสสะอาด'))).toBe(true)
  })

  it('switches to English and back, remembering the choice', async () => {
    const page = await session.newPage()
    await page.goto(`${baseUrl}/`)
    await page.getByRole('button', { name: 'ภาษา' }).click()
    await page.getByRole('heading', { level: 1, name: /Saisaat/ }).waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    expect(await page.locator('body').textContent()).toMatch(/Fiscal year 25\d\d BE/)
    await page.reload()
    await page.getByRole('heading', { level: 1, name: /Saisaat/ }).waitFor()
    await page.getByRole('button', { name: 'Language' }).click()
    await page.getByRole('heading', { level: 1, name: /ใสสะอาด/ }).waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('th')
  })

  it('reports health as ok', async () => {
    const response = await fetch(`${baseUrl}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'ok', mongo: { ok: true }, s3: { ok: true } })
  })
})
