/**
 * What a file is, decided by its bytes (magic numbers), never by its name or the browser's
 * claim. The name's extension only has to agree with the bytes; a `.pdf` that is an
 * executable, or a `.pdf` that is a picture, is refused with a reason naming the file.
 */
import { fileTypeFromBuffer } from 'file-type'
import { bi } from '#models/errors'

/** Bytes read before deciding; ZIP-based formats (DOCX, ODT) need their first entries. */
export const SNIFF_BYTES = 64 * 1024

type Family = 'pdf' | 'ole' | 'docx' | 'xlsx' | 'pptx' | 'odt' | 'ods' | 'jpg' | 'png' | 'csv' | 'txt' | 'zip'

/** Extensions people use, per family, with the MIME type stored for them. */
const EXTENSIONS: Record<string, { family: Family; mime: string }> = {
  pdf: { family: 'pdf', mime: 'application/pdf' },
  doc: { family: 'ole', mime: 'application/msword' },
  xls: { family: 'ole', mime: 'application/vnd.ms-excel' },
  ppt: { family: 'ole', mime: 'application/vnd.ms-powerpoint' },
  docx: { family: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  xlsx: { family: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  pptx: { family: 'pptx', mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' },
  odt: { family: 'odt', mime: 'application/vnd.oasis.opendocument.text' },
  ods: { family: 'ods', mime: 'application/vnd.oasis.opendocument.spreadsheet' },
  jpg: { family: 'jpg', mime: 'image/jpeg' },
  jpeg: { family: 'jpg', mime: 'image/jpeg' },
  png: { family: 'png', mime: 'image/png' },
  csv: { family: 'csv', mime: 'text/csv; charset=utf-8' },
  txt: { family: 'txt', mime: 'text/plain; charset=utf-8' },
  zip: { family: 'zip', mime: 'application/zip' },
}

/** file-type's answer → our family. Anything else (executables, scripts, media…) is refused. */
const SNIFFED: Record<string, Family> = {
  pdf: 'pdf',
  cfb: 'ole',
  doc: 'ole',
  xls: 'ole',
  ppt: 'ole',
  docx: 'docx',
  xlsx: 'xlsx',
  pptx: 'pptx',
  odt: 'odt',
  ods: 'ods',
  jpg: 'jpg',
  png: 'png',
  zip: 'zip',
}

const LABEL: Record<Family, string> = {
  pdf: 'PDF',
  ole: 'DOC/XLS/PPT',
  docx: 'DOCX',
  xlsx: 'XLSX',
  pptx: 'PPTX',
  odt: 'ODT',
  ods: 'ODS',
  jpg: 'JPG',
  png: 'PNG',
  csv: 'CSV',
  txt: 'TXT',
  zip: 'ZIP',
}

export const ALLOWED_TYPES_LABEL = 'PDF, DOC, DOCX, XLS, XLSX, PPT, PPTX, ODT, ODS, JPG, PNG, CSV, TXT, ZIP'

export type SniffResult = { ok: true; mimeType: string; label: string } | { ok: false; reason: string }

// An extension starts with a letter, so a name ending in a version or a decimal ("แผน v1.2") has none.
function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z][A-Za-z0-9]{0,4})$/.exec(fileName.trim())
  return m ? m[1].toLowerCase() : ''
}

/**
 * UTF-8 text without NUL bytes. The head may end inside a multi-byte character (it is cut at
 * SNIFF_BYTES, or the file itself is cut): decoding as a stream leaves such a tail pending
 * instead of failing, while any invalid byte before it still refuses the file.
 */
export function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0 || head.includes(0)) return false
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true })
    return true
  } catch {
    return false
  }
}

/** Decides from the first bytes of a file (up to SNIFF_BYTES) and its name. */
export async function sniffFile(head: Uint8Array, fileName: string): Promise<SniffResult> {
  const ext = extensionOf(fileName)
  const named = EXTENSIONS[ext]
  // a name claiming a type we do not take (.exe, .html, .js…) is refused whatever the bytes: it would be
  // downloaded and opened by that name
  if (ext && !named) {
    return {
      ok: false,
      reason: bi(
        `"${fileName}": ไม่รับไฟล์นามสกุล .${ext} รับเฉพาะ ${ALLOWED_TYPES_LABEL}`,
        `"${fileName}": the extension .${ext} is not accepted; accepted: ${ALLOWED_TYPES_LABEL}`,
      ),
    }
  }
  const sniffed = await fileTypeFromBuffer(head).catch(() => undefined)
  let family: Family | undefined
  if (sniffed) {
    family = SNIFFED[sniffed.ext]
    if (!family) {
      const found = `${sniffed.ext.toUpperCase()} (${sniffed.mime})`
      return {
        ok: false,
        reason: bi(
          `"${fileName}": เนื้อไฟล์เป็นชนิด ${found} ซึ่งไม่รับ รับเฉพาะ ${ALLOWED_TYPES_LABEL}`,
          `"${fileName}": the content is ${found}, which is not accepted; accepted: ${ALLOWED_TYPES_LABEL}`,
        ),
      }
    }
  } else if (looksLikeText(head)) {
    family = named?.family === 'csv' ? 'csv' : 'txt'
  } else {
    return {
      ok: false,
      reason: bi(
        `"${fileName}": ไม่รู้จักชนิดของเนื้อไฟล์ (ไม่ใช่ ${ALLOWED_TYPES_LABEL})`,
        `"${fileName}": the content is of no accepted type (${ALLOWED_TYPES_LABEL})`,
      ),
    }
  }
  // Office and OpenDocument files are ZIPs: a ZIP that file-type could not name is accepted
  // under an Office name, and stored as a ZIP
  const zipUnderOfficeName = family === 'zip' && named && ['docx', 'xlsx', 'pptx', 'odt', 'ods'].includes(named.family)
  if (named && named.family !== family && !zipUnderOfficeName && !(family === 'txt' && named.family === 'csv')) {
    return {
      ok: false,
      reason: bi(
        `"${fileName}": ชื่อไฟล์ระบุว่าเป็น ${ext.toUpperCase()} แต่เนื้อไฟล์เป็น ${LABEL[family]} กรุณาตรวจสอบไฟล์`,
        `"${fileName}": the name says ${ext.toUpperCase()} but the content is ${LABEL[family]}; please check the file`,
      ),
    }
  }
  if (named && named.family === family) return { ok: true, mimeType: named.mime, label: LABEL[family] }
  const mime = family === 'ole' ? 'application/x-cfb' : Object.values(EXTENSIONS).find((e) => e.family === family)!.mime
  return { ok: true, mimeType: mime, label: LABEL[family] }
}

/** Types a browser shows inline: PDF and pictures. Everything else downloads. */
export function isPreviewable(mimeType: string): boolean {
  return mimeType === 'application/pdf' || mimeType === 'image/jpeg' || mimeType === 'image/png'
}
