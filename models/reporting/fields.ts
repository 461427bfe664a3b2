/** Input fields the KPI and progress reports share, with messages that name the field in Thai and English. */
import { z } from 'zod'
import { bi } from '#models/errors'

/** Trimmed text of at most `max` characters. */
export const boundedText = (th: string, en: string, max: number) =>
  z
    .string({ invalid_type_error: bi(`${th}: ต้องเป็นข้อความ`, `${en}: must be text`) })
    .trim()
    .max(
      max,
      bi(
        `${th}: ยาวได้ไม่เกิน ${max.toLocaleString('en')} ตัวอักษร`,
        `${en}: at most ${max.toLocaleString('en')} characters`,
      ),
    )

/** The evidence a report refers to: at most 100, none when left out. */
export const evidenceIdsField = (th: string, en: string) =>
  z
    .array(z.string().trim())
    .max(100, bi(`${th}: ได้ไม่เกิน 100 รายการ`, `${en}: at most 100`))
    .default([])
