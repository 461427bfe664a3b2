import { unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from '@remix-run/node'
import { AppError, bi } from '#models/errors'
import { MAX_IMPORT_BYTES } from '#models/catalog/catalog.server'

/**
 * The one file of a small multipart form, in memory, refused with the field's message when it cannot
 * be read, is larger than `maxBytes` (`limit` says it in words) or is missing. `label` names the
 * field in the form-level message ("ไฟล์ CSV" / "CSV file").
 */
export async function readSmallUpload(
  request: Request,
  maxBytes: number,
  limit: string,
  label = { th: 'ไฟล์', en: 'file' },
): Promise<{ form: FormData; file: File }> {
  let form: FormData
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }))
  } catch {
    throw new AppError(
      bi(
        `${label.th}: อ่านไฟล์ที่ส่งมาไม่ได้ หรือใหญ่เกิน ${limit}`,
        `${label.en}: the upload cannot be read or is larger than ${limit}`,
      ),
      400,
      { file: bi('อ่านไม่ได้', 'cannot be read') },
    )
  }
  const file = form.get('file')
  if (!(file instanceof File) || file.size === 0)
    throw new AppError(bi(`${label.th}: กรุณาเลือกไฟล์`, `${label.en}: please choose a file`), 400, {
      file: bi('กรุณาเลือกไฟล์', 'please choose a file'),
    })
  return { form, file }
}

/**
 * A catalog file from a multipart form, in memory: catalogs are at most a few hundred KB, so
 * the evidence upload path (streaming to S3) is not needed here.
 */
export async function readCatalogUpload(
  request: Request,
): Promise<{ form: FormData; file: { name: string; bytes: Uint8Array } }> {
  const length = Number(request.headers.get('Content-Length') ?? 0)
  if (length > MAX_IMPORT_BYTES + 64 * 1024)
    throw new AppError(bi('ไฟล์: ใหญ่เกิน 5 MB', 'file: larger than 5 MB'), 413, {
      file: bi('ใหญ่เกิน 5 MB', 'larger than 5 MB'),
    })
  const { form, file } = await readSmallUpload(request, MAX_IMPORT_BYTES, '5 MB')
  return { form, file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } }
}

/** Content-Disposition for a download with a Thai file name (RFC 6266 filename*). */
export { default as contentDisposition } from 'content-disposition'
