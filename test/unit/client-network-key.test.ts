/**
 * The key the sign-in limit counts an address under: IPv4 (and IPv4 written inside IPv6) as the
 * address, IPv6 as its /64, so a client cannot escape the limit by rotating through its own /64.
 */
import { describe, expect, it } from 'vitest'
import { clientNetworkKey } from '#models/evidence/web-addresses.server'

describe('clientNetworkKey', () => {
  it('keeps an IPv4 address, also when written IPv4-mapped', () => {
    expect(clientNetworkKey('127.0.0.1')).toBe('127.0.0.1')
    expect(clientNetworkKey(' 10.0.0.7 ')).toBe('10.0.0.7')
    expect(clientNetworkKey('::ffff:127.0.0.1')).toBe('127.0.0.1')
    expect(clientNetworkKey('::FFFF:7f00:1')).toBe('127.0.0.1')
    expect(clientNetworkKey('[::ffff:127.0.0.1]')).toBe('127.0.0.1')
  })

  it('counts every address of one IPv6 /64 as one, and different /64s apart', () => {
    const keys = [
      '2001:db8:1:2::1',
      '2001:db8:1:2::ffff',
      '2001:0db8:0001:0002:abcd:ef01:2345:6789',
      '2001:DB8:1:2:0:0:0:9',
      '2001:db8:1:2::3%eth0',
    ]
    expect(new Set(keys.map(clientNetworkKey))).toEqual(new Set(['2001:db8:1:2::/64']))
    expect(clientNetworkKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64')
    expect(clientNetworkKey('::1')).toBe('0:0:0:0::/64')
  })

  it('leaves what is not an IP address as given (an empty address stays empty)', () => {
    expect(clientNetworkKey('')).toBe('')
    expect(clientNetworkKey('unknown')).toBe('unknown')
  })
})
