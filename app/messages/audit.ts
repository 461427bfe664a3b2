/**
 * Labels of the audit trail: every action code the models record, the kinds of target, and the
 * fields whose before/after values an event carries. The codes stay in the data and the CSV
 * export; screens show these labels. test/unit/audit-labels.test.ts finds every code the source
 * records and fails when one has no label here.
 */
import type { Locale } from '#models/dates'

type Label = readonly [th: string, en: string]

const CATALOG_EDIT_OBJECTS: Record<string, Label> = {
  criterion: ['ตัวชี้วัดย่อย', 'criterion'],
  element: ['องค์ประกอบหลักฐาน', 'required element'],
  kpi: ['ตัวชี้วัด KPI', 'KPI'],
  group: ['ด้าน/ประเด็น', 'area/issue'],
  measure: ['มาตรการ', 'measure'],
  activity: ['กิจกรรม', 'activity'],
}
const CATALOG_EDIT_OPS: Record<string, Label> = {
  add: ['เพิ่ม', 'Added'],
  update: ['แก้ไข', 'Edited'],
  move: ['ย้ายลำดับ', 'Moved'],
  delete: ['ลบ', 'Deleted'],
}

export const AUDIT_ACTIONS: Record<string, Label> = {
  'auth.sign-in': ['เข้าสู่ระบบ', 'Signed in'],
  'auth.sign-out': ['ออกจากระบบ', 'Signed out'],
  'organization.update': ['แก้ไขข้อมูลหน่วยงาน', 'Organization updated'],
  'organization.create': ['สร้างหน่วยงาน', 'Organization created'],
  'organization.parent': ['เปลี่ยนหน่วยงานต้นสังกัด', 'Parent organization changed'],
  'organization.suspend': ['ระงับการใช้งานหน่วยงาน', 'Organization suspended'],
  'organization.reactivate': ['เปิดใช้งานหน่วยงานอีกครั้ง', 'Organization reactivated'],
  'organization.export': ['ส่งออกข้อมูลทั้งหน่วยงาน', 'Whole organization exported'],
  'organization.import': ['นำเข้าข้อมูลทั้งหน่วยงาน', 'Whole organization imported'],
  'organization.delete': ['ลบหน่วยงานและข้อมูลทั้งหมด', 'Organization and all its data deleted'],
  'organization.admin-invite': ['เชิญผู้ดูแลระบบของหน่วยงาน', 'Organization administrator invited'],
  'network.read': ['หน่วยงานต้นสังกัดเปิดดูภาพรวมเครือข่าย', 'Network overview read by a parent organization'],
  'network.dashboard': ['หน่วยงานต้นสังกัดเปิดดูแดชบอร์ด', 'Dashboard read by a parent organization'],
  'network.export': ['หน่วยงานต้นสังกัดดาวน์โหลดภาพรวมเครือข่าย', 'Network overview exported by a parent organization'],
  'operator.create': ['เพิ่มผู้ดูแลแพลตฟอร์ม', 'Platform operator added'],
  'signup.request': ['หน่วยงานส่งคำขอใช้งาน', 'Sign-up requested'],
  'signup.confirm': ['ผู้ขอยืนยันอีเมลคำขอใช้งาน', 'Sign-up e-mail confirmed'],
  'signup.approve': ['อนุมัติคำขอใช้งาน', 'Sign-up approved'],
  'signup.decline': ['ไม่อนุมัติคำขอใช้งาน', 'Sign-up declined'],
  'unit.create': ['เพิ่มหน่วยงานย่อย', 'Unit added'],
  'unit.update': ['แก้ไขหน่วยงานย่อย', 'Unit edited'],
  'unit.move': ['ย้ายหน่วยงานย่อย', 'Unit moved'],
  'unit.retire': ['ยุติหน่วยงานย่อย', 'Unit retired'],
  'unit.restore': ['นำหน่วยงานย่อยกลับมาใช้', 'Unit restored'],
  'unit.import': ['นำเข้าหน่วยงานย่อยจากไฟล์', 'Units imported from a sheet'],
  'setup.start': ['เริ่มการตั้งค่าครั้งแรก', 'First-run set-up started'],
  'setup.profile-confirm': ['ยืนยันข้อมูลหน่วยงานในการตั้งค่าครั้งแรก', 'Agency profile confirmed in set-up'],
  'setup.finish': ['ตั้งค่าครั้งแรกเสร็จสิ้น', 'First-run set-up finished'],
  'person.add': ['เพิ่มผู้ใช้', 'Person added'],
  'person.update': ['แก้ไขข้อมูลผู้ใช้', 'Person edited'],
  'person.password-set': ['ตั้งรหัสผ่าน', 'Password set'],
  'person.invite': ['เชิญผู้ใช้', 'Person invited'],
  'person.invite-link': ['สร้างลิงก์เชิญ', 'Invitation link made'],
  'person.invite-cancel': ['ยกเลิกคำเชิญ', 'Invitation cancelled'],
  'person.reset-link': ['สร้างลิงก์ตั้งรหัสผ่านใหม่', 'Password-reset link made'],
  'person.join': ['ตอบรับคำเชิญ', 'Invitation accepted'],
  'person.decline': ['ปฏิเสธคำเชิญ', 'Invitation declined'],
  'person.deactivate': ['ระงับผู้ใช้', 'Person deactivated'],
  'person.reactivate': ['เปิดใช้ผู้ใช้อีกครั้ง', 'Person reactivated'],
  'catalog.start': ['เริ่มแค็ตตาล็อกจากต้นแบบ', 'Catalog started from a built-in one'],
  'catalog.import': ['นำเข้าแค็ตตาล็อก', 'Catalog imported'],
  'catalog.update': ['แก้ไขแค็ตตาล็อก', 'Catalog edited'],
  'catalog.version': ['สร้างฉบับใหม่ของแค็ตตาล็อก', 'New catalog version'],
  'catalog.publish': ['เผยแพร่แค็ตตาล็อก', 'Catalog published'],
  'catalog.archive': ['เก็บแค็ตตาล็อกเข้าคลัง', 'Catalog archived'],
  'catalog.delete': ['ลบแค็ตตาล็อกฉบับร่าง', 'Draft catalog deleted'],
  'catalog.rollover': ['ยกยอดไปปีงบประมาณถัดไป', 'Rolled over to the next fiscal year'],
  'catalog.year-shift': ['สร้างแค็ตตาล็อกปีถัดไปโดยเลื่อนปี', "Next year's catalog made by shifting the year"],
  ...Object.fromEntries(
    Object.entries(CATALOG_EDIT_OBJECTS).flatMap(([object, [oTh, oEn]]) =>
      Object.entries(CATALOG_EDIT_OPS).map(([op, [pTh, pEn]]) => [
        `catalog.${object}.${op}`,
        [`${pTh}${oTh}ในแค็ตตาล็อก`, `${pEn} a ${oEn} of a catalog`] as Label,
      ]),
    ),
  ),
  'assignment.create': ['มอบหมายงาน', 'Assigned'],
  'assignment.update': ['แก้ไขการมอบหมาย', 'Assignment edited'],
  'assignment.delete': ['ยกเลิกการมอบหมาย', 'Assignment removed'],
  'assignment.move': ['ย้ายการมอบหมายไปฉบับใหม่', 'Assignment moved to a new version'],
  'assignment.carry': ['ยกยอดการมอบหมาย', 'Assignment carried over'],
  'assignment.confirm': ['ยืนยันการมอบหมายที่ยกยอดมา', 'Carried assignment confirmed'],
  'round.update': ['แก้ไขปฏิทินการประเมิน', 'Calendar updated'],
  'evidence.upload': ['อัปโหลดหลักฐาน', 'Evidence uploaded'],
  'evidence.upload-refused': ['ปฏิเสธไฟล์ที่อัปโหลด', 'Upload refused'],
  'evidence.replace': ['อัปโหลดฉบับใหม่ของหลักฐาน', 'New evidence version'],
  'evidence.create-link': ['เพิ่มหลักฐานแบบลิงก์', 'Link evidence added'],
  'evidence.create-text': ['เพิ่มหลักฐานแบบข้อความ', 'Text evidence added'],
  'evidence.update': ['แก้ไขรายละเอียดหลักฐาน', 'Evidence details edited'],
  'evidence.link': ['เชื่อมหลักฐานกับองค์ประกอบ', 'Evidence linked to an element'],
  'evidence.unlink': ['ยกเลิกการเชื่อมหลักฐาน', 'Evidence unlinked'],
  'evidence.delete': ['ย้ายหลักฐานไปถังขยะ', 'Evidence moved to the bin'],
  'evidence.restore': ['กู้คืนหลักฐาน', 'Evidence restored'],
  'evidence.purge': ['ลบไฟล์หลักฐานที่พ้นระยะเก็บรักษา', 'Evidence files removed after retention'],
  'evidence.orphan-remove': ['ลบไฟล์ที่ไม่มีหลักฐานอ้างถึง', 'Unreferenced file removed'],
  'evidence.text-failed': ['อ่านข้อความในไฟล์หลักฐานไม่สำเร็จ', "Evidence file's text could not be read"],
  'evidence.snapshot': ['บันทึกภาพหน้าเว็บของลิงก์', 'Link snapshot saved'],
  'evidence.link-check': ['ตรวจสอบลิงก์', 'Link checked'],
  'contribution.add': ['หน่วยงานร่วมส่งหลักฐาน', 'Unit contributed evidence'],
  'answer.lead': ['กำหนดหน่วยงานหลัก', 'Lead unit named'],
  'answer.select': ['เลือกหลักฐานเป็นคำตอบ', 'Evidence put in the answer'],
  'answer.deselect': ['นำหลักฐานออกจากคำตอบ', 'Evidence left out of the answer'],
  'answer.clear': ['ล้างการเลือกคำตอบ', 'Answer selection cleared'],
  'review.submit': ['ส่งตรวจ', 'Submitted for review'],
  'review.return': ['ส่งกลับให้แก้ไข', 'Returned'],
  'review.approve': ['อนุมัติ', 'Approved'],
  'review.reopen': ['เปิดให้แก้ไขอีกครั้ง', 'Reopened'],
  'review.comment': ['แสดงความเห็น', 'Commented'],
  'review.gaps-confirmed': ['ยืนยันส่งตรวจทั้งที่ช่วงเวลายังไม่ครบ', 'Submitted with period gaps confirmed'],
  'item.evidence-order': ['จัดลำดับหลักฐานขององค์ประกอบ', 'Reordered the evidence of an element'],
  'clarification.import': ['นำเข้าผลการประเมินเบื้องต้น', 'Preliminary results imported'],
  'clarification.result': ['บันทึกผลการประเมินเบื้องต้น', 'Preliminary result recorded'],
  'clarification.draft': ['บันทึกคำชี้แจง', 'Clarification drafted'],
  'clarification.approve': ['อนุมัติคำชี้แจง', 'Clarification approved'],
  'clarification.return': ['ส่งคำชี้แจงกลับให้แก้ไข', 'Clarification returned'],
  'kpi.report.create': ['รายงานผล KPI', 'KPI result reported'],
  'kpi.report.update': ['แก้ไขรายงานผล KPI', 'KPI report edited'],
  'kpi.report.approve': ['รับรองผล KPI', 'KPI result certified'],
  'kpi.report.not-approve': ['ไม่รับรองผล KPI', 'KPI result not certified'],
  'progress.create': ['รายงานความก้าวหน้า', 'Progress reported'],
  'progress.update': ['แก้ไขรายงานความก้าวหน้า', 'Progress report edited'],
  'survey.update': ['บันทึกผลแบบสำรวจ', 'Survey results saved'],
  'survey.import': ['นำเข้าผลแบบสำรวจ', 'Survey results imported'],
  'package.request': ['สั่งจัดทำชุดเอกสาร', 'Package requested'],
  'package.start': ['เริ่มจัดทำชุดเอกสาร', 'Package generation started'],
  'package.done': ['จัดทำชุดเอกสารเสร็จ', 'Package ready'],
  'package.fail': ['จัดทำชุดเอกสารไม่สำเร็จ', 'Package failed'],
  'package.cancel': ['ขอยกเลิกการจัดทำชุดเอกสาร', 'Package cancellation requested'],
  'package.cancel-done': ['ยกเลิกการจัดทำชุดเอกสารแล้ว', 'Package cancelled'],
  'reminder.send': ['ส่งการแจ้งเตือนกำหนดส่ง', 'Due-date reminder sent'],
}

export const AUDIT_ACTION_CODES = Object.keys(AUDIT_ACTIONS)

export const AUDIT_TARGETS: Record<string, Label> = {
  person: ['ผู้ใช้', 'person'],
  unit: ['หน่วยงานย่อย', 'unit'],
  organization: ['หน่วยงาน', 'organization'],
  signup: ['คำขอใช้งาน', 'sign-up request'],
  catalog: ['แค็ตตาล็อก', 'catalog'],
  assignment: ['การมอบหมาย', 'assignment'],
  evidence: ['หลักฐาน', 'evidence'],
  review: ['การตรวจ', 'review'],
  package: ['ชุดเอกสาร', 'package'],
  round: ['ปฏิทินการประเมิน', 'calendar'],
  clarification: ['คำชี้แจง', 'clarification'],
  kpi: ['ตัวชี้วัด KPI', 'KPI'],
  'kpi-report': ['รายงานผล KPI', 'KPI report'],
  progress: ['รายงานความก้าวหน้า', 'progress report'],
  survey: ['แบบสำรวจ', 'survey'],
  contribution: ['การร่วมส่งหลักฐาน', 'contribution'],
  answer: ['คำตอบของหน่วยงาน', 'answer'],
  item: ['ข้อการประเมิน', 'item'],
}

/** The fields events carry; a field not named here is shown by its words ("dueDate" → "due date"). */
export const AUDIT_FIELDS: Record<string, Label> = {
  status: ['สถานะ', 'status'],
  name: ['ชื่อ', 'name'],
  nameTh: ['ชื่อภาษาไทย', 'Thai name'],
  nameEn: ['ชื่อภาษาอังกฤษ', 'English name'],
  email: ['อีเมล', 'e-mail'],
  position: ['ตำแหน่ง', 'position'],
  phone: ['โทรศัพท์', 'phone'],
  role: ['บทบาท', 'role'],
  active: ['ใช้งานได้', 'active'],
  pending: ['รอตอบรับคำเชิญ', 'invitation not yet accepted'],
  organization: ['หน่วยงาน', 'organization'],
  check: ['การตรวจสอบ', 'check'],
  inAnswer: ['อยู่ในคำตอบ', 'in the answer'],
  unitIds: ['หน่วยงาน', 'units'],
  ownerIds: ['ผู้รับผิดชอบ', 'owners'],
  unitId: ['หน่วยงาน', 'unit'],
  leadUnitId: ['หน่วยงานหลัก', 'lead unit'],
  issuingUnitId: ['หน่วยงานที่ออกเอกสาร', 'issuing unit'],
  parentId: ['หน่วยงานแม่', 'parent unit'],
  suspended: ['ระงับการใช้งาน', 'suspended'],
  operator: ['ผู้ดูแลแพลตฟอร์ม', 'platform operator'],
  parent: ['หน่วยงานต้นสังกัด', 'parent organization'],
  kind: ['ประเภท', 'kind'],
  retired: ['ยุติแล้ว', 'retired'],
  item: ['ข้อ', 'item'],
  items: ['ข้อ', 'items'],
  dueDate: ['กำหนดส่ง', 'due date'],
  dueDates: ['กำหนดส่งแต่ละรอบ', 'due dates per round'],
  catalogId: ['แค็ตตาล็อก', 'catalog'],
  key: ['รหัสต้นแบบ', 'built-in key'],
  fiscalYear: ['ปีงบประมาณ', 'fiscal year'],
  version: ['ฉบับที่', 'version'],
  title: ['ชื่อเรื่อง', 'title'],
  description: ['คำอธิบาย', 'description'],
  documentDate: ['วันที่ของเอกสาร', 'document date'],
  periodFrom: ['ช่วงเวลาตั้งแต่', 'period from'],
  periodTo: ['ช่วงเวลาถึง', 'period to'],
  tags: ['ป้ายกำกับ', 'tags'],
  html: ['ข้อความ', 'text'],
  url: ['ที่อยู่เว็บ (URL)', 'web address (URL)'],
  finalUrl: ['ที่อยู่ปลายทาง (URL)', 'final address (URL)'],
  type: ['ชนิด', 'type'],
  fileName: ['ชื่อไฟล์', 'file name'],
  size: ['ขนาด', 'size'],
  mimeType: ['ชนิดไฟล์', 'file type'],
  link: ['การเชื่อมองค์ประกอบ', 'element link'],
  deletedAt: ['ย้ายไปถังขยะเมื่อ', 'moved to the bin at'],
  removedKeys: ['ไฟล์ที่ลบ', 'files removed'],
  evidence: ['หลักฐาน', 'evidence'],
  evidenceIds: ['หลักฐาน', 'evidence'],
  selected: ['หลักฐานที่เลือก', 'selected evidence'],
  comment: ['ความเห็น', 'comment'],
  reason: ['เหตุผล', 'reason'],
  result: ['ผล', 'result'],
  results: ['ผล', 'results'],
  certification: ['การรับรอง', 'certification'],
  levelTexts: ['ผลแต่ละระดับ', 'level results'],
  stepsDone: ['ขั้นที่ทำแล้ว', 'steps done'],
  explanation: ['คำอธิบายผล', 'explanation'],
  supportingFactors: ['ปัจจัยสนับสนุน', 'supporting factors'],
  obstacles: ['อุปสรรค', 'obstacles'],
  cancelRequested: ['ขอยกเลิก', 'cancellation requested'],
  runner: ['ตัวประมวลผล', 'runner'],
  phases: ['ช่วงการประเมิน', 'phases'],
  unitDeadlines: ['กำหนดส่งของหน่วยงาน', 'unit deadlines'],
  agencyType: ['ประเภทหน่วยงาน', 'agency type'],
  code: ['รหัส', 'code'],
  itasCode: ['รหัสหน่วยงานในระบบ ITAS', 'ITAS agency code'],
  linkDomains: ['โดเมนเว็บไซต์', 'web domains'],
  admin: ['ผู้ดูแลระบบ', 'administrator'],
  scores: ['คะแนน', 'scores'],
  rolledFrom: ['ยกยอดจาก', 'rolled over from'],
  carriedAssignments: ['งานที่มอบหมายซึ่งยกยอดมา', 'carried assignments'],
  overrides: ['การจับคู่ที่ผู้ดูแลเลือกเอง', 'matches chosen by hand'],
  same: ['เหมือนเดิม', 'unchanged'],
  changed: ['ถ้อยคำเปลี่ยน', 'changed wording'],
  renumbered: ['เปลี่ยนเลขข้อ', 'renumbered'],
  new: ['ข้อใหม่', 'new'],
  dropped: ['ตัดออก', 'dropped'],
  startedAt: ['เริ่มส่งออกเมื่อ', 'export started at'],
  exportedAt: ['ส่งออกเมื่อ', 'exported at'],
  documents: ['จำนวนเอกสารข้อมูล', 'documents'],
  objects: ['จำนวนไฟล์', 'files'],
}

/** Fields whose values are machine identifiers (a worker's name, an object key): named, not shown. */
export const AUDIT_OPAQUE_FIELDS = new Set(['runner', 'key', 'removedKeys', 'sha256'])

const pick = (label: Label, locale: Locale) => (locale === 'en' ? label[1] : label[0])

export function auditActionLabel(code: string, locale: Locale): string {
  const label = AUDIT_ACTIONS[code]
  return label ? pick(label, locale) : humanize(code)
}

export function auditTargetLabel(type: string, locale: Locale): string {
  const label = AUDIT_TARGETS[type]
  return label ? pick(label, locale) : humanize(type)
}

export function auditFieldLabel(field: string, locale: Locale): string {
  const label = AUDIT_FIELDS[field]
  return label ? pick(label, locale) : humanize(field)
}

/** "dueDate" or "kpi.report-x" → "due date", "kpi report x": words rather than a code. */
function humanize(code: string): string {
  return code
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[._-]+/g, ' ')
    .toLowerCase()
}

export const th = {
  'audit.system': 'ระบบ (งานอัตโนมัติ)',
  'audit.yes': 'ใช่',
  'audit.no': 'ไม่ใช่',
  'audit.empty.value': '—',
  'audit.internalValue': '(ค่าภายในระบบ)',
  'audit.before': 'เดิม',
  'audit.after': 'ใหม่',
  'assignment.status.active': 'มอบหมายแล้ว',
  'assignment.status.carried': 'ยกมาจากปีก่อน — รอยืนยัน',
} as const

export const en: Record<keyof typeof th, string> = {
  'audit.system': 'System (automatic job)',
  'audit.yes': 'yes',
  'audit.no': 'no',
  'audit.empty.value': '—',
  'audit.internalValue': '(internal value)',
  'audit.before': 'before',
  'audit.after': 'after',
  'assignment.status.active': 'assigned',
  'assignment.status.carried': 'carried from last year — needs re-confirmation',
}
