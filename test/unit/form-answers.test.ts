/**
 * The server half of the form toolkit: what a page receives when an action succeeds, refuses a
 * field, or meets a record that is not there or not allowed.
 */
import { describe, expect, it } from 'vitest'
import { answer, attempt, notFound } from '#app/utils/forms.server'
import { AppError, bi, forbidden as refusal, notFound as missing } from '#models/errors'

describe('action answers', () => {
  it('every answer carries the form and field messages, empty on success', async () => {
    const saved = answer.ok({ saved: true })
    expect(saved.status).toBe(200)
    await expect(saved.json()).resolves.toEqual({ saved: true, formError: null, fieldErrors: {} })
    const field = answer.fieldErrors({ confirm: bi('ไม่ตรงกัน', 'does not match') })
    expect(field.status).toBe(400)
    await expect(field.json()).resolves.toEqual({
      formError: null,
      fieldErrors: { confirm: 'ไม่ตรงกัน / does not match' },
    })
    const gone = answer.formError(bi('ลิงก์นี้ใช้ไม่ได้', 'link expired'), 410, { email: '' })
    expect(gone.status).toBe(410)
    await expect(gone.json()).resolves.toEqual({ email: '', formError: 'ลิงก์นี้ใช้ไม่ได้ / link expired', fieldErrors: {} })
  })

  it("a model's field refusal becomes the form's answer with the field named", async () => {
    const result = await attempt(() =>
      Promise.reject(new AppError(bi('อีเมล: รูปแบบไม่ถูกต้อง', 'e-mail: invalid'), 400, { email: 'x' })),
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.response.status).toBe(400)
    await expect(result.response.json()).resolves.toEqual({
      formError: 'อีเมล: รูปแบบไม่ถูกต้อง / e-mail: invalid',
      fieldErrors: { email: 'x' },
    })
  })

  it('not found and not allowed are thrown as 404 and 403 with their bilingual message', async () => {
    for (const [error, status] of [
      [missing(), 404],
      [refusal(), 403],
    ] as const) {
      const thrown = await attempt(() => Promise.reject(error)).catch((e: unknown) => e)
      expect(thrown).toBeInstanceOf(Response)
      expect((thrown as Response).status).toBe(status)
      await expect((thrown as Response).text()).resolves.toBe(error.message)
    }
    await expect(notFound(bi('ไม่พบหลักฐาน', 'evidence not found')).text()).resolves.toBe(
      'ไม่พบหลักฐาน / evidence not found',
    )
  })

  it('anything else is a server error and propagates unchanged', async () => {
    const bug = new TypeError('boom')
    await expect(attempt(() => Promise.reject(bug))).rejects.toBe(bug)
  })
})
