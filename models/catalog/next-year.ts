/**
 * The built-in catalog of a year NACC has not published yet: last year's built-in catalog moved one year by the
 * year shift, still marked provisional, every confidence lowered to unconfirmed, with a provenance saying so. `npm run
 * catalogs:next-year` writes it; a unit test checks that the checked-in file is exactly this function's output, so the
 * two never drift apart.
 */
import type { Catalog, Confidence } from './schema'
import { shiftCatalogYear } from './year-shift'

/**
 * Nothing of a year NACC has not published is more than unconfirmed; each note keeps what was known and for which year.
 */
function downgrade(value: unknown, from: number): unknown {
  if (Array.isArray(value)) return value.map((v) => downgrade(v, from))
  if (!value || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    const c = v as Confidence
    out[k] =
      /confidence$/i.test(k) && c && typeof c === 'object' && 'level' in c && c.level !== 'unconfirmed'
        ? {
            level: 'unconfirmed',
            note: {
              th: `ปี ${from}: ${c.level === 'confirmed' ? 'ยืนยันแล้ว' : 'จากแหล่งเดียว'} — ${c.note.th}`,
              ...(c.note.en ? { en: `${from}: ${c.level} — ${c.note.en}` } : {}),
            },
          }
        : downgrade(v, from)
  }
  return out
}

/**
 * A catalog moved `years` forward by the year shift, as a guess for a year not yet published: provisional, every
 * confidence unconfirmed (its note says what was known for the source year). Provenance, version and status are
 * the caller's. Used for the built-in file, an organization's "start next year from this one" and the demo seed.
 */
export function yearShiftedGuess(from: Catalog, years = 1): ReturnType<typeof shiftCatalogYear> {
  const { catalog, changes } = shiftCatalogYear(from, years)
  return { catalog: { ...(downgrade(catalog, from.fiscalYear) as Catalog), provisional: true }, changes }
}

export function nextYearBuiltIn(previous: Catalog): Catalog {
  const { catalog } = yearShiftedGuess(previous, 1)
  const to = catalog.fiscalYear
  const from = previous.fiscalYear
  return {
    ...catalog,
    version: 1,
    status: 'published',
    provisional: true,
    provenance: {
      th:
        `ฉบับชั่วคราว: สร้างจากแค็ตตาล็อก ITA ${from} ของระบบโดยเลื่อนปีไปหนึ่งปี (ปีงบประมาณปัจจุบัน ${to} ปีก่อนหน้า ${from}) ` +
        `เมื่อสำนักงาน ป.ป.ช. ยังไม่ได้เผยแพร่กรอบการประเมิน ITA ${to} รายการข้อ องค์ประกอบ น้ำหนัก ` +
        `และเกณฑ์ระดับผลจึงเป็นของปี ${from} ต้องตรวจสอบอีกครั้งเมื่อมีคู่มือปี ${to} ที่มาของปี ${from}: ` +
        `${previous.provenance.th}`,
      en:
        `Provisional: made from the built-in ITA ${from} catalog by moving every year forward by one ` +
        `(current fiscal year ${to}, previous ${from}) while NACC had not yet published the ITA ${to} ` +
        `framework, so items, elements, weights and bands are ${from}'s and must be checked again once the ` +
        `${to} manual is out. Provenance of ${from}: ${previous.provenance.en}`,
    },
  }
}
