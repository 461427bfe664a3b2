/**
 * The link check's address classifier on address strings only (no traffic): every class of
 * non-public address is named, in its IPv4, IPv6 and embedded spellings; public addresses pass.
 */
import { describe, expect, it } from 'vitest'
import { classifyAddress, hostClass } from '#models/evidence/web-addresses.server'

const CASES: [string, ReturnType<typeof classifyAddress>][] = [
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['::', 'unspecified'],
  ['127.0.0.1', 'loopback'],
  ['127.255.0.9', 'loopback'],
  ['::1', 'loopback'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['0:0:0:0:0:ffff:7f00:0001', 'loopback'],
  ['::ffff:0:7f00:1', 'loopback'], // IPv4-translated
  ['::127.0.0.1', 'loopback'], // IPv4-compatible
  ['169.254.169.254', 'link-local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['10.0.0.1', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['fc00::1', 'private'],
  ['fd12:3456::1', 'private'],
  ['::ffff:10.1.2.3', 'private'],
  ['::ffff:a01:203', 'private'],
  ['2002:c0a8:0101::1', 'private'], // 6to4 around 192.168.1.1
  ['2001:0:4136:e378:8000:63bf:f5ff:fffe', 'private'], // Teredo, client 10.0.0.1 (inverted)
  ['100.64.0.1', 'carrier-grade NAT'],
  ['100.127.255.255', 'carrier-grade NAT'],
  // NAT64's well-known prefix carries the IPv4 site (DNS64 hosts reach every IPv4 site this way)
  ['64:ff9b::7f00:1', 'loopback'],
  ['64:ff9b::127.0.0.1', 'loopback'],
  ['64:ff9b::a00:1', 'private'],
  ['64:ff9b::a9fe:a9fe', 'link-local'],
  ['64:ff9b::808:808', null],
  ['64:ff9b:1::1', 'NAT64'], // local-use prefix: what it translates to is the operator's
  ['64:ff9b:1::808:808', 'NAT64'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['ff02::1', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['192.0.2.10', 'documentation'],
  ['198.51.100.10', 'documentation'],
  ['203.0.113.10', 'documentation'],
  ['2001:db8::1', 'documentation'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.1', 'benchmarking'],
  ['2001:2::1', 'benchmarking'],
  ['240.0.0.1', 'reserved'],
  ['192.0.0.170', 'reserved'],
  ['100::1', 'reserved'],
  ['fec0::1', 'private'],
  ['4000::1', 'reserved'], // outside global unicast 2000::/3
  ['not-an-address', 'reserved'],
  // public
  ['8.8.8.8', null],
  ['1.1.1.1', null],
  ['172.32.0.1', null],
  ['100.128.0.1', null],
  ['203.0.114.1', null],
  ['::ffff:8.8.8.8', null],
  ['2001:4860:4860::8888', null],
  ['2404:6800:4001::200e', null],
  ['2002:0808:0808::1', null], // 6to4 around a public address
]

describe('classifyAddress', () => {
  it.each(CASES)('%s → %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected)
  })
})

describe('hostClass (URL hosts, no DNS)', () => {
  it('judges IP literals as the URL parser spells them, and localhost names', () => {
    const of = (url: string) => hostClass(new URL(url).hostname)
    expect(of('http://[::ffff:127.0.0.1]:8080/')).toBe('loopback')
    expect(of('http://[::]:8080/')).toBe('unspecified')
    expect(of('http://0.0.0.0/')).toBe('unspecified')
    expect(of('http://127.1/')).toBe('loopback')
    expect(of('http://2130706433/')).toBe('loopback')
    expect(of('http://0x7f.0.0.1/')).toBe('loopback')
    expect(of('http://[::1]/')).toBe('loopback')
    expect(of('http://localhost/')).toBe('loopback')
    expect(of('http://LOCALHOST./')).toBe('loopback')
    expect(of('http://intranet.localhost/')).toBe('loopback')
    expect(of('http://0xa9.254.169.254/')).toBe('link-local')
    expect(of('https://www.example.go.th/')).toBeNull()
  })
})
