/** The answer of every generated-file route: the bytes as an attachment with their (Thai) file name. */
import contentDisposition from 'content-disposition'

export const FILE_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  json: 'application/json; charset=utf-8',
} as const

/** A generated file, never cached (it reflects the data of the moment it was asked for). */
export function fileDownload(bytes: Uint8Array, fileName: string, type: keyof typeof FILE_TYPES): Response {
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': FILE_TYPES[type],
      'Content-Disposition': contentDisposition(fileName),
      'Cache-Control': 'no-store',
    },
  })
}
