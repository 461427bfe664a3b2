/**
 * Who should answer each criterion, guessed from the criterion's title and the units' names: procurement items go
 * to the finance or procurement unit, human-resources items to the personnel unit, website and public-information
 * items to public relations, and so on. Only a suggestion: the set-up screen shows it per criterion to confirm or
 * change, and nothing is assigned until the administrator says so. Pure: no I/O, safe in the browser.
 */
import type { UnitKind } from '#models/tenancy/unit-kinds'
import { compareThai } from '#models/order'

export const SUGGESTION_TOPICS = [
  'procurement',
  'personnel',
  'public-information',
  'digital-services',
  'planning',
  'integrity',
  'administration',
] as const
export type SuggestionTopic = (typeof SUGGESTION_TOPICS)[number]

interface Topic {
  topic: SuggestionTopic
  /** Words in a criterion's title (Thai or English) that make it this topic's. */
  item: RegExp
  /** Words in a unit's name that make it the one to answer, best first. */
  units: RegExp[]
}

/**
 * First topic whose words the title has wins, so the narrower topics come first ("แผนการบริหารทรัพยากรบุคคล" is a
 * personnel item before it is a plan). Unit words are tried in order: the first that some unit has decides.
 */
const TOPICS: Topic[] = [
  {
    topic: 'procurement',
    item: /จัดซื้อ|จัดจ้าง|พัสดุ|procure/i,
    units: [/พัสดุ|จัดซื้อ|procure/i, /คลัง|การเงิน|บัญชี|financ/i],
  },
  {
    topic: 'personnel',
    item: /ทรัพยากรบุคคล|บุคลากร|human resource|personnel/i,
    units: [/การเจ้าหน้าที่|บริหารงานบุคคล|ทรัพยากรบุคคล|บุคคล|personnel|human resource/i],
  },
  {
    topic: 'integrity',
    item: /ทุจริต|ร้องเรียน|จริยธรรม|คุณธรรม|ความเสี่ยง|no gift|ของขวัญ|ความโปร่งใส|\bITA\b|corrupt|integrity|ethic|complain/i,
    units: [
      /ต่อต้านการทุจริต|ศปท|ป้องกันการทุจริต|anti-?corruption/i,
      /คุณธรรม|จริยธรรม|ความโปร่งใส|integrity|ethic/i,
      /ตรวจสอบภายใน|internal audit/i,
    ],
  },
  {
    topic: 'digital-services',
    item: /e-?service|ออนไลน์|online|อิเล็กทรอนิกส์|digital/i,
    units: [/เทคโนโลยีสารสนเทศ|สารสนเทศ|ดิจิทัล|คอมพิวเตอร์|information technology|\bIT\b|digital/i],
  },
  {
    topic: 'public-information',
    item: new RegExp(
      'ประชาสัมพันธ์|ข่าว|ข้อมูลผู้บริหาร|ติดต่อ|ช่องทาง|โครงสร้าง|หน้าที่และอำนาจ|เว็บไซต์|' +
        'website|public relation|news|contact|structure',
      'i',
    ),
    units: [/ประชาสัมพันธ์|public relation|\bPR\b/i, /สื่อสารองค์กร|communication/i],
  },
  {
    topic: 'planning',
    item: /แผน|ยุทธศาสตร์|งบประมาณ|มีส่วนร่วม|\bplan|strateg|budget|particip/i,
    units: [/ยุทธศาสตร์|นโยบายและแผน|แผนงาน|แผน|strateg|planning|policy/i],
  },
]

/** Anything else (manuals, service guides, unknown items): the unit that runs the office, when there is one. */
const ADMINISTRATION: RegExp[] = [/เลขานุการ|บริหารทั่วไป|อำนวยการ|สำนักงานปลัด|secretar|general admin|administration/i]

export interface SuggestionItem {
  code: string
  titleTh: string
  titleEn: string
}

export interface SuggestionUnit {
  id: string
  nameTh: string
  nameEn: string
  kind: UnitKind
  retired: boolean
}

export interface Suggestion {
  itemCode: string
  /** The unit to answer, or null when no unit's name fits. */
  unitId: string | null
  /** Why: the criterion's topic (administration when only the office fits); null with no unit. */
  topic: SuggestionTopic | null
}

/** Larger units first when several names fit: a bureau or division answers for the agency before a section. */
const KIND_RANK: Record<UnitKind, number> = {
  bureau: 0,
  division: 1,
  center: 2,
  group: 3,
  section: 4,
  regional: 5,
  other: 6,
}

function unitFor(units: SuggestionUnit[], patterns: RegExp[]): SuggestionUnit | null {
  for (const pattern of patterns) {
    const fits = units.filter((u) => pattern.test(u.nameTh) || pattern.test(u.nameEn))
    if (fits.length)
      return fits.sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || compareThai(a.nameTh, b.nameTh))[0]
  }
  return null
}

/** The topic a criterion's title belongs to, or null. */
export function topicOf(item: Pick<SuggestionItem, 'titleTh' | 'titleEn'>): SuggestionTopic | null {
  return TOPICS.find((t) => t.item.test(item.titleTh) || t.item.test(item.titleEn))?.topic ?? null
}

/** A suggested unit per criterion, in the items' order; retired units are never suggested. */
export function suggestOwners(items: SuggestionItem[], units: SuggestionUnit[]): Suggestion[] {
  const active = units.filter((u) => !u.retired)
  const office = unitFor(active, ADMINISTRATION)
  return items.map((item) => {
    const topic = TOPICS.find((t) => t.topic === topicOf(item))
    const unit = topic ? unitFor(active, topic.units) : null
    if (unit) return { itemCode: item.code, unitId: unit.id, topic: topic!.topic }
    if (office) return { itemCode: item.code, unitId: office.id, topic: 'administration' }
    return { itemCode: item.code, unitId: null, topic: null }
  })
}
