/**
 * Every user-facing string, in Thai (the default) and English. Components read them through
 * useT(); server code through translate(). The English catalog must have every Thai key.
 */
import type { Locale } from '#models/dates'

const th = {
  'app.name': 'ใสสะอาด',
  'app.tagline': 'ระบบเตรียมการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)',
  'app.titleSuffix': 'ใสสะอาด',
  'nav.home': 'หน้าแรก',
  'nav.language': 'ภาษา',
  'lang.switchTo': 'English',
  'home.title': 'ใสสะอาด — เตรียมการประเมิน ITA อย่างเป็นระบบ',
  'home.intro':
    'รวบรวมหลักฐานเชิงประจักษ์ตามข้อกำหนดของแต่ละตัวชี้วัด ตรวจทานความครบถ้วน ติดตามคะแนนที่คาดการณ์ และจัดทำชุดเอกสารหลักฐานสำหรับส่งประเมิน',
  'home.fiscalYear': 'ปีงบประมาณปัจจุบัน',
  'home.today': 'วันนี้',
  'home.roles.coordinator': 'ผู้ประสานงาน: อัปโหลดหลักฐานตามองค์ประกอบที่ได้รับมอบหมาย',
  'home.roles.assessor': 'ผู้ตรวจประเมิน: ตรวจความครบถ้วน อนุมัติหรือส่งกลับพร้อมความเห็น',
  'home.roles.executive': 'ผู้บริหาร: ดูคะแนนที่คาดการณ์และสิ่งที่ต้องทำเพื่อผ่านระดับถัดไป',
  'home.roles.admin': 'ผู้ดูแลระบบ: ตั้งค่าหน่วยงาน เกณฑ์ ผู้ใช้ กำหนดส่ง และจัดทำชุดเอกสาร',
  'error.title': 'เกิดข้อผิดพลาด',
  'error.notFound': 'ไม่พบหน้าที่ต้องการ',
  'error.generic': 'ระบบไม่สามารถดำเนินการได้ในขณะนี้ กรุณาลองใหม่อีกครั้ง',
  'error.back': 'กลับหน้าแรก',
} as const

export type MessageKey = keyof typeof th

const en: Record<MessageKey, string> = {
  'app.name': 'Saisaat',
  'app.tagline': 'Preparing the Integrity and Transparency Assessment (ITA) of Thai public agencies',
  'app.titleSuffix': 'Saisaat',
  'nav.home': 'Home',
  'nav.language': 'Language',
  'lang.switchTo': 'ภาษาไทย',
  'home.title': 'Saisaat — prepare your ITA with evidence, not spreadsheets',
  'home.intro':
    'Collect the evidence each required element asks for, review completeness, follow the projected score, and generate the evidence-based submission package.',
  'home.fiscalYear': 'Current fiscal year',
  'home.today': 'Today',
  'home.roles.coordinator': 'Coordinators upload evidence against the required elements assigned to them',
  'home.roles.assessor': 'Assessors review completeness, approve or return with comments',
  'home.roles.executive': 'Executives see projected scores and what blocks the next band',
  'home.roles.admin': 'Administrators configure the agency, catalogs, people, deadlines and packages',
  'error.title': 'Something went wrong',
  'error.notFound': 'Page not found',
  'error.generic': 'The system cannot do this right now. Please try again.',
  'error.back': 'Back to home',
}

export const MESSAGES: Record<Locale, Record<MessageKey, string>> = { th, en }
export const LOCALES: readonly Locale[] = ['th', 'en']
export const LOCALE_COOKIE = 'saisaat_lang'

export function isLocale(value: unknown): value is Locale {
  return value === 'th' || value === 'en'
}

/** The message in the locale, with {name} placeholders filled. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const text = MESSAGES[locale][key] ?? MESSAGES.th[key]
  return params ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : text
}

/** Reads the language cookie; Thai unless the person chose English. */
export function localeFromCookie(cookieHeader: string | null): Locale {
  const match = cookieHeader?.match(new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=(th|en)`))
  return match ? (match[1] as Locale) : 'th'
}
