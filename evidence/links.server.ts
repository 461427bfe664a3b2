/**
 * Link evidence: checking a URL (status, content type, redirects, response time, short
 * timeout) and snapshotting what it serves (the HTML page or the file it points to) into the
 * store with its SHA-256 and fetch time. Redirects are followed by hand so that every hop is
 * validated like the original URL.
 */
import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import type { Storage } from '#evidence/storage.server'
import { newObjectKey, putHashedStream, removeObjectQuietly } from '#evidence/objects.server'
import type { Actor } from '#models/audit.server'
import { AppError, bi, notFound } from '#models/errors'
import { organizationLinkDomains } from '#models/organization.server'
import { getEvidence, recordLinkCheck, validateEvidenceUrl, type Evidence, type LinkCheck } from '#models/evidence.server'

export interface LinkCheckOptions {
  /** The agency's own domains (default: the organization's settings); empty = any public site. */
  domains?: string[]
  /** Allow loopback and private networks (local runs and tests). */
  allowPrivate?: boolean
  /** Time to the response headers. */
  timeoutMs?: number
  maxRedirects?: number
  /** Largest snapshot kept. */
  maxSnapshotBytes?: number
}

const PRIVATE_IP = /^(127\.|10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.|0\.|::1$|f[cd]|fe80|::ffff:(127|10|192\.168)\.)/i

/** A host name that resolves to a private address is as private as the address. */
async function assertPublicHost(url: URL, allowPrivate: boolean) {
  if (allowPrivate) return
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address)
  if (addresses.some((a) => PRIVATE_IP.test(a))) {
    throw new AppError(bi('ลิงก์: ต้องเป็นเว็บไซต์สาธารณะ ไม่ใช่ที่อยู่ภายในเครือข่าย', 'link: must be a public web site, not a private address'), 400, { url: bi('ที่อยู่ภายในเครือข่าย', 'private address') })
  }
}

interface Fetched {
  check: Omit<LinkCheck, 'checkedAt'> & { checkedAt: Date }
  response: Response | null
  controller: AbortController
}

/** Requests the URL, following at most maxRedirects, each hop validated. Never throws. */
async function request(rawUrl: string, options: LinkCheckOptions): Promise<Fetched> {
  const started = performance.now()
  const checkedAt = new Date()
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 10_000)
  const redirects: string[] = []
  const result = (fields: Partial<Omit<LinkCheck, 'checkedAt'>>, response: Response | null = null): Fetched => ({
    check: { checkedAt, ok: false, status: 0, contentType: '', finalUrl: rawUrl, redirects, responseMs: Math.round(performance.now() - started), error: '', ...fields },
    response,
    controller,
  })
  try {
    let url = rawUrl
    for (let hop = 0; ; hop++) {
      const parsed = validateEvidenceUrl(url, { domains: options.domains, allowPrivate: options.allowPrivate })
      await assertPublicHost(parsed, Boolean(options.allowPrivate))
      const response = await fetch(parsed, {
        redirect: 'manual',
        signal: controller.signal,
        headers: { 'User-Agent': 'Saisaat-LinkCheck/1.0 (+ITA evidence check)', Accept: 'text/html,application/pdf,*/*;q=0.8' },
      })
      const location = response.headers.get('location')
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel()
        if (hop >= (options.maxRedirects ?? 5)) return result({ status: response.status, finalUrl: url, error: bi('เปลี่ยนเส้นทางมากเกินไป', 'too many redirects') })
        url = new URL(location, url).href
        redirects.push(url)
        continue
      }
      return result(
        { ok: response.status >= 200 && response.status < 300, status: response.status, contentType: response.headers.get('content-type') ?? '', finalUrl: url },
        response,
      )
    }
  } catch (error) {
    const reason =
      error instanceof AppError
        ? error.message
        : controller.signal.aborted
          ? bi(`ไม่ตอบสนองภายใน ${Math.round((options.timeoutMs ?? 10_000) / 1000)} วินาที`, `no answer within ${Math.round((options.timeoutMs ?? 10_000) / 1000)} s`)
          : bi('เชื่อมต่อไม่ได้', 'cannot connect') + ` (${(error as Error).cause ? String(((error as Error).cause as Error).message ?? '') : (error as Error).message})`
    return result({ error: reason })
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Checks a link evidence and, when `snapshot` is set and the link answers 2xx, stores what it
 * serves. A snapshot identical to the previous one (same SHA-256) is not stored twice.
 */
export async function checkLinkEvidence(
  storage: Storage,
  actor: Actor,
  evidenceId: string,
  options: LinkCheckOptions & { snapshot?: boolean } = {},
): Promise<Evidence> {
  const evidence = await getEvidence(actor.organizationId, evidenceId)
  if (!evidence || evidence.type !== 'link' || !evidence.url) throw notFound()
  // a re-check obeys today's domains: a link outside them is reported, not fetched
  const domains = options.domains ?? (await organizationLinkDomains(actor.organizationId))
  const fetched = await request(evidence.url, { ...options, domains })
  const { check, response } = fetched
  if (!options.snapshot || !response || !check.ok || !response.body) {
    await response?.body?.cancel().catch(() => undefined)
    return recordLinkCheck(actor, evidenceId, check)
  }
  const key = newObjectKey(actor.organizationId)
  // the page body gets a minute of its own; the short timeout above was for the headers
  const bodyTimer = setTimeout(() => fetched.controller.abort(), 60_000)
  let put
  try {
    put = await putHashedStream(storage, key, response.body as unknown as AsyncIterable<Uint8Array>, {
      contentType: check.contentType || 'application/octet-stream',
      maxBytes: options.maxSnapshotBytes ?? 50 * 1024 * 1024,
      fileName: check.finalUrl,
      metadata: { organization: actor.organizationId, kind: 'snapshot' },
    })
  } catch (error) {
    await removeObjectQuietly(storage, key)
    const reason = error instanceof AppError ? error.message : bi('เก็บสำเนาหน้าเว็บไม่สำเร็จ', 'the snapshot could not be stored')
    return recordLinkCheck(actor, evidenceId, { ...check, error: reason })
  } finally {
    clearTimeout(bodyTimer)
  }
  if (evidence.snapshots.at(-1)?.sha256 === put.sha256) {
    await removeObjectQuietly(storage, key)
    return recordLinkCheck(actor, evidenceId, check)
  }
  try {
    return await recordLinkCheck(actor, evidenceId, check, { ...put, contentType: check.contentType, status: check.status, finalUrl: check.finalUrl, fetchedAt: check.checkedAt })
  } catch (error) {
    await removeObjectQuietly(storage, key)
    throw error
  }
}
