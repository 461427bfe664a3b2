/**
 * Downloads stream from the store through the app (the caller has checked permission): a
 * correct Content-Disposition for Thai names (RFC 6266/5987 filename*), byte ranges for PDF
 * viewers, inline only for PDF and pictures. Link snapshots always download: a fetched HTML
 * page must never run as a page of this origin.
 */
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3'
import contentDisposition from 'content-disposition'
import { isPreviewable } from '#evidence/uploads/sniff.server'
import type { Storage } from '#evidence/storage/storage.server'
import { notFound } from '#models/errors'
import { getEvidence } from '#models/evidence/records.server'

export interface Download {
  status: number
  headers: Headers
  body: ReadableStream<Uint8Array>
}

const isUnsatisfiable = (error: unknown) => {
  const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } }
  return e.$metadata?.httpStatusCode === 416 || e.name === 'InvalidRange' || e.Code === 'InvalidRange'
}

async function open(
  storage: Storage,
  key: string,
  fileName: string,
  contentType: string,
  inline: boolean,
  range: string | null,
): Promise<Download> {
  const headers = new Headers({
    'Content-Type': contentType,
    'Content-Disposition': contentDisposition(fileName, { type: inline ? 'inline' : 'attachment' }),
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  })
  const wanted = range && /^bytes=\d*-\d*$/.test(range) && range !== 'bytes=-' ? range : undefined
  let object
  try {
    object = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key, Range: wanted }))
  } catch (error) {
    if (!wanted || !isUnsatisfiable(error)) throw error
    // a range past the end (a viewer resuming a file that changed): 416 with the size, as RFC 9110 asks
    const head = await storage.client.send(new HeadObjectCommand({ Bucket: storage.bucket, Key: key }))
    headers.set('Content-Range', `bytes */${head.ContentLength ?? 0}`)
    headers.set('Content-Type', 'text/plain; charset=utf-8')
    headers.delete('Content-Disposition')
    return {
      status: 416,
      headers,
      body: new Response('ช่วงข้อมูลที่ขอเกินขนาดไฟล์ / requested range is past the end of the file').body!,
    }
  }
  if (object.ContentLength !== undefined) headers.set('Content-Length', String(object.ContentLength))
  if (object.ContentRange) headers.set('Content-Range', object.ContentRange)
  return { status: object.ContentRange ? 206 : 200, headers, body: object.Body!.transformToWebStream() }
}

/** One version of a file evidence (the current one when `version` is absent). */
export async function openEvidenceFile(
  storage: Storage,
  organizationId: string,
  evidenceId: string,
  options: { version?: number; download?: boolean; range?: string | null } = {},
): Promise<Download> {
  const evidence = await getEvidence(organizationId, evidenceId)
  const v = options.version ? evidence?.versions.find((x) => x.number === options.version) : evidence?.current
  if (!evidence || !v) throw notFound()
  return open(
    storage,
    v.key,
    v.fileName,
    v.mimeType,
    !options.download && isPreviewable(v.mimeType),
    options.range ?? null,
  )
}

/** A stored snapshot of a link evidence, as an attachment named after the site and the day. */
export async function openLinkSnapshot(
  storage: Storage,
  organizationId: string,
  evidenceId: string,
  index: number,
): Promise<Download> {
  const evidence = await getEvidence(organizationId, evidenceId)
  const s = evidence?.snapshots[index]
  if (!evidence || !s) throw notFound()
  const host = (() => {
    try {
      return new URL(s.finalUrl || evidence.url || '').hostname
    } catch {
      return 'link'
    }
  })()
  const ext = /pdf/.test(s.contentType) ? 'pdf' : /html/.test(s.contentType) ? 'html' : 'bin'
  // served as a file, never as a page: a snapshot is somebody else's HTML
  return open(
    storage,
    s.key,
    `snapshot-${host}-${s.fetchedAt.slice(0, 10)}.${ext}`,
    'application/octet-stream',
    false,
    null,
  )
}
