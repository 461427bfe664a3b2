/** Messages of the completeness dashboard (cmp.), its Excel export, the inbox (inbox.) and due dates (due.). */
export const th = {
  'nav.completeness': 'ความครบถ้วน',
  'nav.inbox': 'กล่องงาน',
  'cmp.title': 'ความครบถ้วนของหลักฐาน',
  'cmp.noCatalog': 'ยังไม่มีแค็ตตาล็อก เริ่มจากเลือกแค็ตตาล็อกของปีงบประมาณที่หน้าแค็ตตาล็อก',
  'cmp.filters': 'ตัวกรอง',
  'cmp.catalog': 'แค็ตตาล็อก',
  'cmp.status': 'สถานะ',
  'cmp.unit': 'หน่วยงาน',
  'cmp.owner': 'ผู้รับผิดชอบ',
  'cmp.dueFrom': 'กำหนดส่งตั้งแต่',
  'cmp.dueTo': 'กำหนดส่งถึง',
  'cmp.overdueOnly': 'เฉพาะที่เลยกำหนด',
  'cmp.all': 'ทั้งหมด',
  'cmp.show': 'แสดง',
  'cmp.clear': 'ล้างตัวกรอง',
  'cmp.excel': 'ดาวน์โหลด Excel',
  'cmp.archived': 'เก็บถาวร',
  'cmp.overall': 'ภาพรวม',
  'cmp.approvedPct': 'ร้อยละอนุมัติ',
  'cmp.evidencePct': 'ร้อยละหลักฐานครบ',
  'cmp.items': 'จำนวนข้อ',
  'cmp.approved': 'อนุมัติแล้ว',
  'cmp.elements': 'องค์ประกอบที่หลักฐานครบ / ทั้งหมด',
  'cmp.overdue': 'เลยกำหนด',
  'cmp.unassigned': 'ข้อที่ยังไม่มอบหมาย (ไม่อยู่ในตาราง): {count}',
  'cmp.definitions': 'วิธีคิด',
  'cmp.def.approved': 'ร้อยละอนุมัติ = จำนวนข้อที่อนุมัติแล้ว ÷ จำนวนข้อที่มอบหมายที่แสดงตามตัวกรอง × 100',
  'cmp.def.evidence':
    'ร้อยละหลักฐานครบ = องค์ประกอบที่มีหลักฐาน ' + '(ในคำตอบของข้อ) ครบตามจำนวนขั้นต่ำ ÷ ' + 'องค์ประกอบทั้งหมดของข้อที่แสดง × 100',
  'cmp.def.overdue':
    'เลยกำหนด = พ้นวันกำหนดส่ง (เวลาประเทศไทย) ' +
    'แล้วและยังไม่ได้ส่งตรวจหรืออนุมัติ ' +
    'กำหนดส่งคือวันที่ในการมอบหมาย ' +
    'หรือกำหนดส่งของหน่วยในปฏิทินรอบการประเมินเมื่อการมอบหมายไม่ระบุ',
  'cmp.def.cells': 'สถานะและหลักฐานเป็นของข้อ (หนึ่งคำตอบต่อข้อ) ข้อที่มอบหมายหลายหน่วยจึงแสดงสถานะเดียวกันในทุกหน่วย',
  'cmp.byIndicator': 'รายตัวชี้วัด',
  'cmp.indicator': 'ตัวชี้วัด',
  'cmp.matrix': 'ตารางข้อ × หน่วยงาน',
  'cmp.legend': 'คำอธิบายสี',
  'cmp.item': 'ข้อ',
  'cmp.evidence': 'หลักฐาน',
  'cmp.due': 'กำหนดส่ง',
  'cmp.noRows': 'ไม่มีรายการตามตัวกรองนี้',
  'cmp.unitTotals': 'รวมต่อหน่วย (อนุมัติ / ทั้งหมด)',
  'cmp.cellOverdue': 'เลยกำหนด',
  'cmp.cellLabel': '{item} · {unit}: {status}',
  'due.overdue': 'เลยกำหนด',
  'due.soon': 'ครบกำหนดใน {days} วัน',
  'due.today': 'ครบกำหนดวันนี้',
  'due.roundRule':
    'กำหนดส่งของหน่วยใช้กับข้อที่การมอบหมายไม่ได้ระบุวันที่ ' +
    '(ถ้าระบุ ใช้วันที่ในการมอบหมาย) ' +
    'และใช้ในตารางความครบถ้วน กล่องงาน งานของฉัน ' +
    'และอีเมลแจ้งเตือน 7 วันและ 1 วันก่อนครบกำหนด',
  'inbox.title': 'กล่องงาน',
  'inbox.badge': '{count} รายการรอดำเนินการ',
  'inbox.empty': 'ไม่มีงานที่รอคุณดำเนินการ',
  'inbox.returned': 'ส่งกลับให้แก้ไข',
  'inbox.returnedHelp': 'ผู้ตรวจประเมินส่งกลับให้หน่วยของคุณแก้ไข',
  'inbox.toReview': 'รอคุณตรวจ',
  'inbox.toReviewHelp': 'ส่งตรวจแล้ว รอผู้ตรวจประเมิน',
  'inbox.due': 'ใกล้ครบกำหนดหรือเลยกำหนด',
  'inbox.dueHelp': 'ภายใน 7 วัน หรือเลยกำหนดแล้ว และยังไม่ได้ส่งตรวจ',
  'inbox.carried': 'รอยืนยันการมอบหมาย',
  'inbox.carriedHelp': 'ยกมาจากปีก่อน ผู้ดูแลระบบต้องยืนยันก่อนหน่วยส่งตรวจได้',
  'inbox.clarify': 'ช่วงชี้แจงผลการประเมินเบื้องต้น',
  'inbox.clarifyHelp':
    'ข้อที่ผลเบื้องต้นไม่ผ่านและต้องชี้แจง (ผู้ประสานงาน) ' + 'หรือคำชี้แจงที่รอพิจารณา (ผู้ตรวจประเมิน) ' + 'ภายในวันสุดท้ายของช่วงชี้แจง',
  'inbox.submittedAt': 'ส่งเมื่อ {at}',
} as const

export const en: Record<keyof typeof th, string> = {
  'nav.completeness': 'Completeness',
  'nav.inbox': 'Inbox',
  'cmp.title': 'Evidence completeness',
  'cmp.noCatalog': 'No catalog yet: start by choosing the fiscal year’s catalog on the catalogs page.',
  'cmp.filters': 'Filters',
  'cmp.catalog': 'Catalog',
  'cmp.status': 'Status',
  'cmp.unit': 'Unit',
  'cmp.owner': 'Owner',
  'cmp.dueFrom': 'Due from',
  'cmp.dueTo': 'Due to',
  'cmp.overdueOnly': 'Overdue only',
  'cmp.all': 'All',
  'cmp.show': 'Show',
  'cmp.clear': 'Clear filters',
  'cmp.excel': 'Download Excel',
  'cmp.archived': 'archived',
  'cmp.overall': 'Overall',
  'cmp.approvedPct': 'Approved',
  'cmp.evidencePct': 'Evidence complete',
  'cmp.items': 'Items',
  'cmp.approved': 'Approved',
  'cmp.elements': 'Elements with enough evidence / all',
  'cmp.overdue': 'Overdue',
  'cmp.unassigned': 'Items not assigned (not in the matrix): {count}',
  'cmp.definitions': 'How these are computed',
  'cmp.def.approved': 'Approved % = approved items ÷ assigned items shown (after filters) × 100',
  'cmp.def.evidence':
    'Evidence complete % = required elements with at least ' +
    'their minimum of live evidence (in the item’s answer) ÷ ' +
    'all required elements of the items shown × 100',
  'cmp.def.overdue':
    'Overdue = the due day (Bangkok time) has passed and the ' +
    'item was neither submitted nor approved. The due date ' +
    'is the assignment’s, or the unit’s deadline in the ' +
    'round calendar when the assignment has none.',
  'cmp.def.cells':
    'Status and evidence belong to the item (one answer per ' +
    'item): an item assigned to several units shows the same ' +
    'status under each.',
  'cmp.byIndicator': 'By indicator',
  'cmp.indicator': 'Indicator',
  'cmp.matrix': 'Items × units',
  'cmp.legend': 'Legend',
  'cmp.item': 'Item',
  'cmp.evidence': 'Evidence',
  'cmp.due': 'Due',
  'cmp.noRows': 'Nothing matches these filters.',
  'cmp.unitTotals': 'Per unit (approved / all)',
  'cmp.cellOverdue': 'overdue',
  'cmp.cellLabel': '{item} · {unit}: {status}',
  'due.overdue': 'Overdue',
  'due.soon': 'Due in {days} days',
  'due.today': 'Due today',
  'due.roundRule':
    'A unit’s deadline applies to its items whose assignment ' +
    'has no due date of its own (an assignment’s date wins). ' +
    'It is used by the completeness matrix, the inbox, my ' +
    'work and the e-mail reminders 7 and 1 days ahead.',
  'inbox.title': 'Inbox',
  'inbox.badge': '{count} waiting for you',
  'inbox.empty': 'Nothing is waiting for you.',
  'inbox.returned': 'Returned for changes',
  'inbox.returnedHelp': 'An assessor returned these to your unit.',
  'inbox.toReview': 'Waiting for your review',
  'inbox.toReviewHelp': 'Submitted, waiting for an assessor.',
  'inbox.due': 'Due soon or overdue',
  'inbox.dueHelp': 'Due within 7 days or overdue, and not submitted yet.',
  'inbox.carried': 'Assignments to confirm',
  'inbox.carriedHelp': 'Carried from last year: an administrator confirms them before units can submit.',
  'inbox.clarify': 'Clarification round',
  'inbox.clarifyHelp':
    'Criteria that did not pass the preliminary assessment ' +
    'and need a clarification (coordinators), or ' +
    'clarifications waiting for a decision (assessors), by ' +
    'the last day of the window.',
  'inbox.submittedAt': 'submitted {at}',
}
