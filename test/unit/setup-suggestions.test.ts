import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { listItems } from '#models/catalog/items'
import type { Catalog } from '#models/catalog/schema'
import { suggestOwners, topicOf, type SuggestionUnit } from '#models/tenancy/setup-suggestions'

/** A department's units as agencies name them; ids are the names, so the table reads plainly. */
const unit = (nameTh: string, kind: SuggestionUnit['kind'] = 'division', extra: Partial<SuggestionUnit> = {}) => ({
  id: nameTh,
  nameTh,
  nameEn: '',
  kind,
  retired: false,
  ...extra,
})
const DEPARTMENT: SuggestionUnit[] = [
  unit('สำนักงานเลขานุการกรม', 'bureau'),
  unit('กองคลัง'),
  unit('กองการเจ้าหน้าที่'),
  unit('กองยุทธศาสตร์และแผนงาน'),
  unit('กลุ่มงานประชาสัมพันธ์', 'group'),
  unit('ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร', 'center'),
  unit('ศูนย์ปฏิบัติการต่อต้านการทุจริต', 'center'),
  unit('กลุ่มตรวจสอบภายใน', 'group'),
]

const ita2570 = JSON.parse(readFileSync('models/catalog/built-in/ita-nacc-2570.json', 'utf8')) as Catalog
const items = listItems(ita2570)
const suggested = new Map(suggestOwners(items, DEPARTMENT).map((s) => [s.itemCode, s]))

describe("suggested owners of the ITA 2570 criteria, from a department's unit names", () => {
  it.each([
    ['O1', 'กลุ่มงานประชาสัมพันธ์', 'public-information'], // โครงสร้าง หน้าที่และอำนาจ
    ['O2', 'กลุ่มงานประชาสัมพันธ์', 'public-information'], // ข้อมูลผู้บริหาร
    ['O3', 'กลุ่มงานประชาสัมพันธ์', 'public-information'], // ข้อมูลการติดต่อ
    ['O4', 'กลุ่มงานประชาสัมพันธ์', 'public-information'], // ข่าวประชาสัมพันธ์
    ['O5', 'กองยุทธศาสตร์และแผนงาน', 'planning'], // แผนยุทธศาสตร์
    ['O6', 'กองยุทธศาสตร์และแผนงาน', 'planning'], // แผนดำเนินงานและการใช้งบประมาณ
    ['O7', 'สำนักงานเลขานุการกรม', 'administration'], // content not known yet
    ['O8', 'สำนักงานเลขานุการกรม', 'administration'], // คู่มือการปฏิบัติงาน
    ['O10', 'ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร', 'digital-services'], // E-SERVICE
    ['O11', 'กองคลัง', 'procurement'], // สรุปผลการจัดซื้อจัดจ้างรายเดือน
    ['O12', 'กองคลัง', 'procurement'], // รายงานสรุปผลการจัดซื้อจัดจ้าง
    ['O13', 'กองการเจ้าหน้าที่', 'personnel'], // แผนการบริหารและพัฒนาทรัพยากรบุคคล: personnel before plan
    ['O14', 'กองการเจ้าหน้าที่', 'personnel'],
    ['O15', 'ศูนย์ปฏิบัติการต่อต้านการทุจริต', 'integrity'], // ประมวลจริยธรรม
    ['O16', 'ศูนย์ปฏิบัติการต่อต้านการทุจริต', 'integrity'], // เรื่องร้องเรียนการทุจริต
    ['O19', 'กองยุทธศาสตร์และแผนงาน', 'planning'], // การเปิดโอกาสให้มีส่วนร่วม
    ['O20', 'ศูนย์ปฏิบัติการต่อต้านการทุจริต', 'integrity'], // NO GIFT POLICY
    ['O21', 'ศูนย์ปฏิบัติการต่อต้านการทุจริต', 'integrity'], // ความเสี่ยงการทุจริต
    ['O25', 'ศูนย์ปฏิบัติการต่อต้านการทุจริต', 'integrity'], // ผลการประเมิน ITA
  ])('%s goes to %s (%s)', (code, unitId, topic) => {
    expect(suggested.get(code)).toEqual({ itemCode: code, unitId, topic })
  })

  it('suggests a unit for every criterion when the agency has an office unit', () => {
    expect(items.length).toBeGreaterThanOrEqual(20)
    expect([...suggested.values()].filter((s) => s.unitId === null)).toEqual([])
  })
})

describe('how a unit is chosen', () => {
  const procurement = [{ code: 'X1', titleTh: 'รายงานผลการจัดซื้อจัดจ้าง', titleEn: '' }]

  it('prefers the procurement unit over the finance unit for procurement items', () => {
    const units = [unit('กองคลัง'), unit('กลุ่มงานพัสดุ', 'group')]
    expect(suggestOwners(procurement, units)[0].unitId).toBe('กลุ่มงานพัสดุ')
  })
  it('prefers the larger unit when several names fit', () => {
    const units = [unit('ฝ่ายการเงิน', 'section'), unit('กองการเงินและบัญชี', 'division')]
    expect(suggestOwners(procurement, units)[0].unitId).toBe('กองการเงินและบัญชี')
  })
  it('never suggests a retired unit', () => {
    const units = [unit('กองคลัง', 'division', { retired: true }), unit('ฝ่ายบัญชี', 'section')]
    expect(suggestOwners(procurement, units)[0].unitId).toBe('ฝ่ายบัญชี')
  })
  it('reads English unit names and titles', () => {
    const units = [unit('x', 'division', { id: 'pr', nameTh: 'งานหนึ่ง', nameEn: 'Public Relations Group' })]
    expect(suggestOwners([{ code: 'E1', titleTh: '', titleEn: 'News on the website' }], units)[0]).toEqual({
      itemCode: 'E1',
      unitId: 'pr',
      topic: 'public-information',
    })
  })
  it('suggests nothing when no unit fits and there is no office unit', () => {
    expect(suggestOwners(procurement, [unit('กลุ่มงานประชาสัมพันธ์', 'group')])[0]).toEqual({
      itemCode: 'X1',
      unitId: null,
      topic: null,
    })
  })
  it('does not read "ITA" inside other English words', () => {
    expect(topicOf({ titleTh: '', titleEn: 'Capital budget' })).toBe('planning')
    expect(topicOf({ titleTh: '', titleEn: 'Using the ITA results' })).toBe('integrity')
  })
})
