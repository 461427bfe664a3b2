/** Messages of the submission package page: generate, live progress, cancel, list and download. */
export const th = {
  'nav.packages': 'ชุดเอกสารส่งประเมิน',
  'packages.title': 'ชุดเอกสารหลักฐานสำหรับส่งประเมิน',
  'packages.intro':
    'รวมหลักฐานของข้อที่อนุมัติแล้วทั้งหมดของปีงบประมาณเป็นไฟ' +
    'ล์ ZIP เดียว พร้อมสารบัญ index.pdf และ index.html ไฟล์ ' +
    'manifest.json ที่มีค่าแฮช SHA-256 ของทุกไฟล์ และ ' +
    'itas-links.csv สำหรับกรอกในระบบ ITAS ' +
    'ข้อมูลชุดเดิมให้ไฟล์ที่เหมือนเดิมทุกไบต์',
  'packages.fiscalYear': 'ปีงบประมาณ',
  'packages.round': 'รอบการรายงาน',
  'packages.roundOption': '{round} เดือน',
  'packages.generate': 'จัดทำชุดเอกสาร',
  'packages.noYears': 'ยังไม่มีแค็ตตาล็อกที่เผยแพร่แล้ว จึงยังจัดทำชุดเอกสารไม่ได้',
  'packages.requested': 'รับคำสั่งแล้ว ระบบกำลังจัดทำชุดเอกสาร',
  'packages.list': 'ชุดเอกสารที่จัดทำ',
  'packages.empty': 'ยังไม่เคยจัดทำชุดเอกสาร เลือกปีงบประมาณและรอบ แล้วกด "จัดทำชุดเอกสาร"',
  'packages.col.package': 'ชุดเอกสาร',
  'packages.col.requested': 'ผู้สั่ง / เวลา',
  'packages.col.status': 'สถานะ',
  'packages.col.state': 'จัดทำจากข้อมูล',
  'packages.col.result': 'ขนาด / SHA-256',
  'packages.status.queued': 'รอคิว',
  'packages.status.running': 'กำลังจัดทำ',
  'packages.status.done': 'เสร็จแล้ว',
  'packages.status.failed': 'ไม่สำเร็จ',
  'packages.status.cancelled': 'ยกเลิกแล้ว',
  'packages.preparing': 'กำลังรวบรวมหลักฐานและจัดทำสารบัญ…',
  'packages.progress': 'ไฟล์ {filesDone} จาก {filesTotal} · {bytesDone} จาก {bytesTotal}',
  'packages.cancelRequested': 'ขอยกเลิกแล้ว กำลังหยุด…',
  'packages.cancel': 'ยกเลิก',
  'packages.cancelConfirm': 'ยกเลิกการจัดทำชุดเอกสาร {label}? ส่วนที่ทำไปแล้วจะถูกทิ้ง',
  'packages.download': 'ดาวน์โหลด',
  'packages.label': 'ปีงบประมาณ {fiscalYear} รอบ {round} เดือน',
  'packages.state': 'ข้อมูล ณ {at} · อนุมัติแล้ว {items} ข้อ · {files} ไฟล์',
  'packages.catalogVersion': '{name} ฉบับที่ {version}',
} as const

export const en: Record<keyof typeof th, string> = {
  'nav.packages': 'Submission packages',
  'packages.title': 'Submission packages',
  'packages.intro':
    'One ZIP with the evidence of every approved item of the ' +
    'fiscal year, an index (index.pdf and index.html), ' +
    "manifest.json with every file's SHA-256, and " +
    'itas-links.csv to paste into ITAS. The same data always ' +
    'gives a byte-identical file.',
  'packages.fiscalYear': 'Fiscal year',
  'packages.round': 'Reporting round',
  'packages.roundOption': '{round} months',
  'packages.generate': 'Generate package',
  'packages.noYears': 'There is no published catalog yet, so no package can be generated.',
  'packages.requested': 'Requested: the package is being generated',
  'packages.list': 'Generated packages',
  'packages.empty': 'No package has been generated yet. Pick a fiscal year and a round, then press "Generate package".',
  'packages.col.package': 'Package',
  'packages.col.requested': 'Requested by / at',
  'packages.col.status': 'Status',
  'packages.col.state': 'Generated from',
  'packages.col.result': 'Size / SHA-256',
  'packages.status.queued': 'Queued',
  'packages.status.running': 'Generating',
  'packages.status.done': 'Done',
  'packages.status.failed': 'Failed',
  'packages.status.cancelled': 'Cancelled',
  'packages.preparing': 'Gathering evidence and writing the index…',
  'packages.progress': 'File {filesDone} of {filesTotal} · {bytesDone} of {bytesTotal}',
  'packages.cancelRequested': 'Cancel requested, stopping…',
  'packages.cancel': 'Cancel',
  'packages.cancelConfirm': 'Cancel generating package {label}? What was written so far is discarded.',
  'packages.download': 'Download',
  'packages.label': 'FY {fiscalYear} round {round} months',
  'packages.state': 'Data as of {at} · {items} approved items · {files} files',
  'packages.catalogVersion': '{name} version {version}',
}
