/**
 * Which IP addresses a link check may connect to. Everything that is not a public unicast
 * address is refused: the check runs inside the agency's network and must not become a way to
 * read internal pages (their snapshots are downloadable).
 *
 * Addresses are parsed with node:net (isIP, BlockList), never matched as text: "127.1",
 * "2130706433", "0x7f.0.0.1", "[::ffff:127.0.0.1]" and "[::ffff:7f00:1]" are all loopback.
 * IPv4 addresses carried inside IPv6 (mapped, compatible, translated, NAT64 well-known prefix,
 * 6to4, Teredo) are judged by the IPv4 address they carry: on a DNS64 host every IPv4-only
 * site resolves to 64:ff9b::a.b.c.d. The local-use NAT64 prefix 64:ff9b:1::/48 stays refused.
 */
import { BlockList, isIP } from 'node:net'

export type AddressClass =
  | 'unspecified'
  | 'loopback'
  | 'link-local'
  | 'private'
  | 'carrier-grade NAT'
  | 'NAT64'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'benchmarking'
  | 'reserved'

type Rule = [AddressClass, string, number]

// Order matters only where ranges nest (broadcast inside 240/4).
const IPV4: Rule[] = [
  ['unspecified', '0.0.0.0', 8],
  ['loopback', '127.0.0.0', 8],
  ['link-local', '169.254.0.0', 16],
  ['private', '10.0.0.0', 8],
  ['private', '172.16.0.0', 12],
  ['private', '192.168.0.0', 16],
  ['carrier-grade NAT', '100.64.0.0', 10],
  ['multicast', '224.0.0.0', 4],
  ['broadcast', '255.255.255.255', 32],
  ['documentation', '192.0.2.0', 24],
  ['documentation', '198.51.100.0', 24],
  ['documentation', '203.0.113.0', 24],
  ['benchmarking', '198.18.0.0', 15],
  ['reserved', '192.0.0.0', 24], // IETF protocol assignments
  ['reserved', '192.88.99.0', 24], // former 6to4 relays
  ['reserved', '240.0.0.0', 4],
]

const IPV6: Rule[] = [
  ['NAT64', '64:ff9b:1::', 48],
  ['link-local', 'fe80::', 10],
  ['private', 'fc00::', 7],
  ['private', 'fec0::', 10], // former site-local
  ['multicast', 'ff00::', 8],
  ['documentation', '2001:db8::', 32],
  ['documentation', '3fff::', 20],
  ['benchmarking', '2001:2::', 48],
  ['reserved', '100::', 64], // discard-only
  ['reserved', '2001:10::', 28], // ORCHID
  ['reserved', '2001:20::', 28], // ORCHIDv2
  ['reserved', '5f00::', 16], // SRv6 segment identifiers
]

function blockLists(rules: Rule[], family: 'ipv4' | 'ipv6'): [AddressClass, BlockList][] {
  return rules.map(([cls, network, prefix]) => {
    const list = new BlockList()
    list.addSubnet(network, prefix, family)
    return [cls, list]
  })
}
const V4_LISTS = blockLists(IPV4, 'ipv4')
const V6_LISTS = blockLists(IPV6, 'ipv6')

/** The 16 bytes of a valid IPv6 address (zone id dropped; a dotted IPv4 tail allowed). */
export function ipv6Bytes(address: string): Uint8Array {
  let text = address.replace(/%.*$/, '')
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (tail) {
    const [a, b, c, d] = tail[1].split('.').map(Number)
    text = text.slice(0, tail.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, rest] = text.split('::') as [string, string | undefined]
  const groups = (s: string) => (s ? s.split(':') : [])
  const left = groups(head)
  const right = rest === undefined ? [] : groups(rest)
  const all =
    rest === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
  const bytes = new Uint8Array(16)
  all.forEach((g, i) => {
    const n = parseInt(g, 16)
    bytes[i * 2] = n >> 8
    bytes[i * 2 + 1] = n & 0xff
  })
  return bytes
}

const dotted = (b: Uint8Array) => Array.from(b).join('.')
const zero = (b: Uint8Array) => b.every((x) => x === 0)

function classifyIPv4(address: string): AddressClass | null {
  for (const [cls, list] of V4_LISTS) if (list.check(address, 'ipv4')) return cls
  return null
}

function classifyIPv6(address: string): AddressClass | null {
  const b = ipv6Bytes(address)
  const first12 = b.subarray(0, 12)
  if (zero(b)) return 'unspecified'
  if (zero(b.subarray(0, 15)) && b[15] === 1) return 'loopback'
  // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (translated): the IPv4 address decides
  if (zero(b.subarray(0, 10)) && b[10] === 0xff && b[11] === 0xff) return classifyIPv4(dotted(b.subarray(12)))
  if (zero(b.subarray(0, 8)) && b[8] === 0xff && b[9] === 0xff && b[10] === 0 && b[11] === 0)
    return classifyIPv4(dotted(b.subarray(12)))
  // 64:ff9b::a.b.c.d (NAT64, well-known prefix): the site behind it is the IPv4 address
  if (b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b[0] === 0 && zero(b.subarray(4, 12)))
    return classifyIPv4(dotted(b.subarray(12)))
  // ::a.b.c.d (IPv4-compatible, deprecated): never a public destination
  if (zero(first12)) return classifyIPv4(dotted(b.subarray(12))) ?? 'reserved'
  // 6to4 (2002::/16) carries its IPv4 address in bytes 2–5; Teredo (2001::/32) its client's, inverted, in 12–15
  if (b[0] === 0x20 && b[1] === 0x02) {
    const inner = classifyIPv4(dotted(b.subarray(2, 6)))
    if (inner) return inner
  }
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0) {
    const inner = classifyIPv4(dotted(b.subarray(12).map((x) => x ^ 0xff)))
    if (inner) return inner
  }
  for (const [cls, list] of V6_LISTS) if (list.check(address.replace(/%.*$/, ''), 'ipv6')) return cls
  // only 2000::/3 is global unicast; the rest of the space is unassigned or special
  if ((b[0] & 0xe0) !== 0x20) return 'reserved'
  return null
}

/**
 * The class of a non-public IP address, or null for a public one. Anything that is not an IP
 * address at all is 'reserved' (never connected to).
 */
export function classifyAddress(address: string): AddressClass | null {
  const plain = address.replace(/^\[|\]$/g, '')
  const family = isIP(plain.replace(/%.*$/, ''))
  if (family === 4) return classifyIPv4(plain)
  if (family === 6) return classifyIPv6(plain)
  return 'reserved'
}

/** A URL's host as a connectable name or address: no IPv6 brackets, no trailing dot, lower case. */
export function plainHost(hostname: string): string {
  return hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase()
}

/**
 * What can be told of a URL host without DNS: the class of an IP literal, 'loopback' for
 * localhost names (RFC 6761), else null (a name: its addresses decide once resolved).
 */
export function hostClass(hostname: string): AddressClass | null {
  const host = plainHost(hostname)
  if (isIP(host)) return classifyAddress(host)
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback'
  return null
}

/** The bilingual reason a link is refused, naming the class of the address (and the address). */
export function internalAddressReason(cls: AddressClass, address?: string): [th: string, en: string] {
  const what = address ? `${cls}: ${address}` : cls
  return [
    `ต้องเป็นเว็บไซต์สาธารณะ ไม่ใช่ที่อยู่ภายในเครือข่าย (${what})`,
    `must be a public web site, not an internal address (${what})`,
  ]
}

/**
 * The network a client address is counted under (the sign-in limit per address): an IPv4
 * address itself (also when written IPv4-mapped, ::ffff:a.b.c.d), an IPv6 address its /64, which
 * one home or host usually holds whole and can spread its requests across. Anything else as given.
 */
export function clientNetworkKey(ip: string): string {
  const plain = ip
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase()
  const family = isIP(plain)
  if (family !== 6) return plain
  const b = ipv6Bytes(plain)
  if (zero(b.subarray(0, 10)) && b[10] === 0xff && b[11] === 0xff) return dotted(b.subarray(12))
  const groups: string[] = []
  for (let i = 0; i < 8; i += 2) groups.push(((b[i] << 8) | b[i + 1]).toString(16))
  return `${groups.join(':')}::/64`
}
