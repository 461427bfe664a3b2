/**
 * Link evidence: checking a URL (status, content type, redirects, response time, short
 * timeout) and snapshotting what it serves (the HTML page or the file it points to) into the
 * store with its SHA-256 and fetch time. Redirects are followed by hand so that every hop is
 * validated like the original URL: its host resolved once, every address classified
 * (models/evidence/web-addresses.server.ts), and the socket pinned to those addresses.
 */
import { lookup } from 'node:dns/promises'
import http, { type IncomingMessage } from 'node:http'
import https from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { classifyAddress, hostClass, internalAddressReason, plainHost } from '#models/evidence/web-addresses.server'
import type { Storage } from '#evidence/storage/storage.server'
import { newObjectKey } from '#evidence/storage/keys'
import { putHashedStream, removeObjectQuietly } from '#evidence/storage/objects.server'
import type { Actor } from '#models/tenancy/audit.server'
import { AppError, bi, notFound } from '#models/errors'
import { organizationLinkDomains } from '#models/tenancy/organization.server'
import {
  getEvidence,
  recordLinkCheck,
  validateEvidenceUrl,
  type Evidence,
  type LinkCheck,
} from '#models/evidence/records.server'

export interface ResolvedAddress {
  address: string
  family: number
}

export interface LinkCheckOptions {
  /** The agency's own domains (default: the organization's settings); empty = any public site. */
  domains?: string[]
  /** Allow loopback and private networks (local runs and tests). */
  allowPrivate?: boolean
  /**
   * Origins (scheme://host:port) allowed to be internal even when allowPrivate is off, e.g. an
   * intranet mirror; every other hop, redirects included, is still checked.
   */
  allowPrivateOrigins?: string[]
  /** Time to the response headers. */
  timeoutMs?: number
  maxRedirects?: number
  /** Largest snapshot kept. */
  maxSnapshotBytes?: number
  /** Name resolution (default: the system's); called once per hop. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>
}

const systemResolve = (hostname: string) => lookup(hostname, { all: true, verbatim: true })

/** A link refused for where it points: not fetched at all. */
function refuse(...[th, en]: [string, string]): never {
  throw new AppError(bi(`ลิงก์: ${th}`, `link: ${en}`), 400, { url: bi(th, en) })
}

/**
 * Resolves the URL's host once and checks every address it has (a name with one internal
 * address is refused as a whole). The request then connects to these very addresses, so a
 * name that answers differently the second time (DNS rebinding) cannot reach inside.
 */
async function checkedAddresses(
  url: URL,
  options: LinkCheckOptions,
  allowPrivate: boolean,
): Promise<ResolvedAddress[]> {
  const host = plainHost(url.hostname)
  const family = isIP(host)
  if (!allowPrivate) {
    const known = hostClass(host)
    if (known) refuse(...internalAddressReason(known, family ? host : undefined))
  }
  if (family) return [{ address: host, family }]
  const addresses = await (options.resolve ?? systemResolve)(host)
  if (addresses.length === 0) throw new Error(`no address for ${host}`)
  if (!allowPrivate) {
    for (const a of addresses) {
      const cls = classifyAddress(a.address)
      if (cls) refuse(...internalAddressReason(cls, a.address))
    }
  }
  return addresses
}

/** A lookup that answers only the checked addresses: the socket goes where the check looked. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted =
      options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses
    const list = wanted.length ? wanted : addresses
    if (options.all) (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, list)
    else callback(null, list[0].address, list[0].family)
  }
}

/** One GET, no connection reuse, no proxy: the response once its headers are in. */
function get(url: URL, addresses: ResolvedAddress[], signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http
    const req = client.request(
      url,
      {
        method: 'GET',
        agent: false,
        lookup: pinnedLookup(addresses),
        signal,
        headers: {
          'User-Agent': 'Saisaat-LinkCheck/1.0 (+ITA evidence check)',
          Accept: 'text/html,application/pdf,*/*;q=0.8',
        },
      },
      resolve,
    )
    req.on('error', reject)
    req.end()
  })
}

interface Fetched {
  check: Omit<LinkCheck, 'checkedAt'> & { checkedAt: Date }
  response: IncomingMessage | null
  controller: AbortController
}

/** Requests the URL, following at most maxRedirects, each hop validated. Never throws. */
async function request(rawUrl: string, options: LinkCheckOptions): Promise<Fetched> {
  const started = performance.now()
  const checkedAt = new Date()
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 10_000)
  const redirects: string[] = []
  const result = (fields: Partial<Omit<LinkCheck, 'checkedAt'>>, response: IncomingMessage | null = null): Fetched => ({
    check: {
      checkedAt,
      ok: false,
      status: 0,
      contentType: '',
      finalUrl: rawUrl,
      redirects,
      responseMs: Math.round(performance.now() - started),
      error: '',
      ...fields,
    },
    response,
    controller,
  })
  let url = rawUrl
  try {
    for (let hop = 0; ; hop++) {
      const origin = URL.canParse(url) ? new URL(url).origin : ''
      const allowPrivate = Boolean(options.allowPrivate) || (options.allowPrivateOrigins ?? []).includes(origin)
      const parsed = validateEvidenceUrl(url, { domains: options.domains, allowPrivate })
      const addresses = await checkedAddresses(parsed, options, allowPrivate)
      const response = await get(parsed, addresses, controller.signal)
      const status = response.statusCode ?? 0
      const location = response.headers.location
      if (status >= 300 && status < 400 && location) {
        response.destroy()
        if (hop >= (options.maxRedirects ?? 5))
          return result({ status, finalUrl: url, error: bi('เปลี่ยนเส้นทางมากเกินไป', 'too many redirects') })
        url = new URL(location, url).href
        redirects.push(url)
        continue
      }
      return result(
        {
          ok: status >= 200 && status < 300,
          status,
          contentType: response.headers['content-type'] ?? '',
          finalUrl: url,
        },
        response,
      )
    }
  } catch (error) {
    const reason =
      error instanceof AppError
        ? error.message
        : controller.signal.aborted
          ? bi(
              `ไม่ตอบสนองภายใน ${Math.round((options.timeoutMs ?? 10_000) / 1000)} วินาที`,
              `no answer within ${Math.round((options.timeoutMs ?? 10_000) / 1000)} s`,
            )
          : bi('เชื่อมต่อไม่ได้', 'cannot connect') + ` (${(error as Error).message})`
    // a refused redirect target is reported where it was refused
    return result({ error: reason, finalUrl: url })
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
  if (!options.snapshot || !response || !check.ok) {
    response?.destroy()
    return recordLinkCheck(actor, evidenceId, check)
  }
  const key = newObjectKey(actor.organizationId)
  // the page body gets a minute of its own; the short timeout above was for the headers
  const bodyTimer = setTimeout(() => fetched.controller.abort(), 60_000)
  let put
  try {
    put = await putHashedStream(storage, key, response, {
      contentType: check.contentType || 'application/octet-stream',
      maxBytes: options.maxSnapshotBytes ?? 50 * 1024 * 1024,
      fileName: check.finalUrl,
      metadata: { organization: actor.organizationId, kind: 'snapshot' },
    })
  } catch (error) {
    response.destroy()
    await removeObjectQuietly(storage, key)
    const reason =
      error instanceof AppError ? error.message : bi('เก็บสำเนาหน้าเว็บไม่สำเร็จ', 'the snapshot could not be stored')
    return recordLinkCheck(actor, evidenceId, { ...check, error: reason })
  } finally {
    clearTimeout(bodyTimer)
  }
  if (evidence.snapshots.at(-1)?.sha256 === put.sha256) {
    await removeObjectQuietly(storage, key)
    return recordLinkCheck(actor, evidenceId, check)
  }
  try {
    return await recordLinkCheck(actor, evidenceId, check, {
      ...put,
      contentType: check.contentType,
      status: check.status,
      finalUrl: check.finalUrl,
      fetchedAt: check.checkedAt,
    })
  } catch (error) {
    await removeObjectQuietly(storage, key)
    throw error
  }
}
