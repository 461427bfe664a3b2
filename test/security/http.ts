/**
 * Raw HTTP for the hostile corpus: node:http sends the path exactly as written ("..", "%2e",
 * backslashes are not normalised as fetch would), any header (Referer, Range, Origin: null),
 * bodies with or without Content-Length, and from a chosen loopback source address.
 * Every request goes to the app on 127.0.0.1, or to the test's own loopback listener.
 */
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Answer {
  method: string
  status: number
  headers: http.IncomingHttpHeaders
  /** The body as UTF-8, with the HTML entities React writes decoded (so fragments match text as shown). */
  text: string
  raw: Buffer
}

export interface RawRequest {
  method?: string
  path: string
  headers?: Record<string, string>
  body?: Buffer | string
  /** Send the body chunked (no Content-Length). */
  chunked?: boolean
  /** A loopback source address (127.0.0.0/8), to act as another client address. */
  localAddress?: string
}

const ENTITIES: Record<string, string> = {
  '&quot;': '"',
  '&#x27;': "'",
  '&#39;': "'",
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
  '&#x2F;': '/',
}

/** Text as a person reads it: HTML entities decoded; JSON's escaped quotes and \uXXXX too. */
export function readable(text: string): string {
  return text
    .replace(/&(quot|#x27|#39|lt|gt|amp|#x2F);/g, (m) => ENTITIES[m] ?? m)
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\"/g, '"')
}

export function send(baseUrl: string, r: RawRequest): Promise<Answer> {
  const url = new URL(baseUrl)
  const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8')
  const headers: Record<string, string> = { ...r.headers }
  if (body && !r.chunked && headers['Content-Length'] === undefined) headers['Content-Length'] = String(body.length)
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: url.hostname,
      port: url.port,
      method: r.method ?? 'GET',
      path: r.path,
      headers,
      // a connection of its own: a refused body may close it
      agent: false,
      localAddress: r.localAddress,
    })
    let answered = false
    request.on('response', (response) => {
      answered = true
      const chunks: Buffer[] = []
      response.on('data', (c: Buffer) => chunks.push(c))
      response.on('end', () => {
        const raw = Buffer.concat(chunks)
        resolve({
          method: r.method ?? 'GET',
          status: response.statusCode ?? 0,
          headers: response.headers,
          text: readable(raw.toString('utf8')),
          raw,
        })
        request.destroy()
      })
      response.on('error', reject)
    })
    // the server may close the connection after answering a refused body: expected then
    request.on('error', (error) => {
      if (!answered) reject(new Error(`${r.method ?? 'GET'} ${r.path}: ${error.message}`))
    })
    if (body && r.chunked) {
      // in pieces, so that the server sees a stream without a length
      for (let i = 0; i < body.length; i += 16 * 1024) request.write(body.subarray(i, i + 16 * 1024))
      request.end()
    } else request.end(body)
  })
}

export type Part =
  { name: string; value: string } | { name: string; filename: string; type?: string; data: Buffer | string }

/** A multipart/form-data body as a browser writes it; `rawDisposition` lets a case forge the header. */
export function multipartBody(parts: (Part | { raw: string })[]): { body: Buffer; contentType: string } {
  const boundary = `----saisaatsec${randomBytes(8).toString('hex')}`
  const pieces: Buffer[] = []
  for (const p of parts) {
    pieces.push(Buffer.from(`--${boundary}\r\n`))
    if ('raw' in p) pieces.push(Buffer.from(p.raw, 'utf8'))
    else if ('filename' in p) {
      pieces.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${p.name}"; ` +
            `filename="${p.filename.replace(/"/g, '%22')}"\r\nContent-Type: ` +
            `${p.type ?? 'application/octet-stream'}\r\n\r\n`,
          'utf8',
        ),
      )
      pieces.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data, 'utf8'))
    } else pieces.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}`, 'utf8'))
    pieces.push(Buffer.from('\r\n'))
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(pieces), contentType: `multipart/form-data; boundary=${boundary}` }
}

/**
 * A loopback listener that counts every connection: link targets point at it, and a refused
 * link must leave the count at zero (nothing fetched). With `redirectTo` it answers every request
 * with a redirect there (another loopback spelling).
 */
export async function startTrap(): Promise<{
  port: number
  connections: () => number
  setRedirect: (to: string | null) => void
  close: () => Promise<void>
}> {
  let connections = 0
  let redirectTo: string | null = null
  const make = () => {
    const server = http.createServer((_req, res) => {
      if (redirectTo) res.writeHead(302, { Location: redirectTo }).end()
      else res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<p>internal page</p>')
    })
    server.on('connection', () => connections++)
    return server
  }
  const v4 = make()
  await new Promise<void>((resolve) => v4.listen(0, '127.0.0.1', resolve))
  const port = (v4.address() as AddressInfo).port
  // the same port on ::1 too, so that a fetch of [::1] or [::] would be counted as well
  const v6 = make()
  const v6Listening = await new Promise<boolean>((resolve) => {
    v6.once('error', () => resolve(false))
    v6.listen(port, '::1', () => resolve(true))
  })
  const closeOne = (s: http.Server) =>
    new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve())))
  return {
    port,
    connections: () => connections,
    setRedirect: (to) => void (redirectTo = to),
    close: async () => {
      await closeOne(v4)
      if (v6Listening) await closeOne(v6)
    },
  }
}
