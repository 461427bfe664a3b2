/** Messages of the console's transfer card: exporting, importing and deleting a whole organization. */
export const th = {
  'transfer.title': 'ย้ายหรือลบหน่วยงาน',
  'transfer.intro':
    'ไฟล์ส่งออกเป็น ZIP เดียวที่มีข้อมูลทุกรายการและไฟล์หลักฐานทุกไฟล์ของหน่วยงาน พร้อมค่าแฮชตรวจสอบ ' +
    'ใช้ย้ายหน่วยงานไปยังระบบอื่นด้วยคำสั่ง npm run operator -- org import <ไฟล์.zip> ' +
    'ไฟล์มีข้อมูลส่วนบุคคลและรหัสผ่านที่เข้ารหัสแล้ว เก็บรักษาเช่นเดียวกับฐานข้อมูล',
  'transfer.export': 'ส่งออกทั้งหน่วยงาน (.zip)',
  'transfer.lastExport': 'ส่งออกครั้งล่าสุด: {date}',
  'transfer.neverExported': 'ยังไม่เคยส่งออก',
  'transfer.stale': 'มีการเปลี่ยนแปลงหลังการส่งออกครั้งล่าสุด ต้องส่งออกอีกครั้งก่อนลบ',
  'transfer.current': 'ไฟล์ส่งออกล่าสุดมีข้อมูลครบถึงการเปลี่ยนแปลงล่าสุด',
  'transfer.delete.title': 'ลบหน่วยงานและข้อมูลทั้งหมด',
  'transfer.delete.intro':
    'ลบข้อมูลทุกรายการ ไฟล์หลักฐานทุกไฟล์ และบัญชีของผู้ใช้ที่ไม่ได้อยู่ในหน่วยงานอื่น ย้อนกลับไม่ได้ ' +
    'ยกเว้นนำเข้าจากไฟล์ส่งออก ลบได้เมื่อส่งออกแล้วหลังการเปลี่ยนแปลงล่าสุดเท่านั้น',
  'transfer.delete.confirm': 'พิมพ์รหัสหน่วยงาน "{code}" เพื่อยืนยัน',
  'transfer.delete.submit': 'ลบหน่วยงานนี้ถาวร',
  'transfer.refresh': 'ตรวจสถานะการส่งออกอีกครั้ง',
} as const

export const en: Record<keyof typeof th, string> = {
  'transfer.title': 'Move or delete the organization',
  'transfer.intro':
    'The export is one ZIP holding every document and evidence file of the organization, with a manifest of ' +
    'hashes. Another deployment imports it with npm run operator -- org import <file.zip>. It holds personal ' +
    'data and password hashes: keep it as safe as the database.',
  'transfer.export': 'Export the whole organization (.zip)',
  'transfer.lastExport': 'Last export: {date}',
  'transfer.neverExported': 'Never exported',
  'transfer.stale': 'The organization changed after its last export: export it again before deleting',
  'transfer.current': 'The last export holds every change so far',
  'transfer.delete.title': 'Delete the organization and all its data',
  'transfer.delete.intro':
    'Deletes every document, every evidence file and the accounts of people in no other organization. ' +
    'It cannot be undone except by importing an export; it is allowed only after an export made since the last change.',
  'transfer.delete.confirm': 'Type the organization code "{code}" to confirm',
  'transfer.delete.submit': 'Delete this organization for good',
  'transfer.refresh': 'Check the export state again',
}
