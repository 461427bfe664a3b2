import { describe, expect, it } from 'vitest'
import { PASSWORD_MESSAGES, passwordProblem } from '#models/tenancy/password-policy'

const context = {
  email: 'somchai.jaidee@agency.go.th',
  names: ['สมชาย ใจดี', 'Somchai Jaidee'],
  organizationCodes: ['dept-transparency'],
}

describe('the new-password rule', () => {
  it('accepts passphrases and long unpredictable passwords', () => {
    for (const p of [
      'correct-horse-battery-staple',
      'saisaat-demo-2569',
      'ผมรักการทำงานโปร่งใส 2569',
      'T7#kq9!vLw2z',
      'evidence-e2e-password-2569',
    ]) {
      expect(passwordProblem(p, context), p).toBeNull()
    }
  })

  it('names the field and the rule for length', () => {
    expect(passwordProblem('', context)).toBe(PASSWORD_MESSAGES.required)
    expect(passwordProblem('short', context)).toMatch(
      /^รหัสผ่าน: ต้องยาวอย่างน้อย 10 ตัวอักษร \/ password: at least 10 characters$/,
    )
    expect(passwordProblem('x'.repeat(201), context)).toMatch(/password: at most 200 characters/)
  })

  it.each([
    'password12',
    'Password2569!',
    'PASSWORD1234',
    'p@ssw0rd2569',
    'qwertyui12',
    'qwertyuiop',
    'iloveyou2569',
    'admin12345!',
    'welcome2024',
    'thailand2569',
    'รหัสผ่าน12345',
    'ประเทศไทย2569',
    'ใสสะอาด2569!!',
  ])('refuses the common password %j', (p) => {
    expect(passwordProblem(p, context)).toBe(PASSWORD_MESSAGES.common)
  })

  it.each([
    'somchai2569',
    'Somchai.Jaidee',
    'jaidee12345',
    'somchaijaidee',
    'somchai.jaidee@agency.go.th',
    'agency12345',
    'dept-transparency',
    'transparency1!',
  ])('refuses a password built from the e-mail, name ' + 'or organization code: %j', (p) => {
    expect(passwordProblem(p, context)).toBe(PASSWORD_MESSAGES.personal)
  })

  it.each([
    'aaaaaaaaaa',
    '1111111111',
    '1234567890',
    '0987654321',
    '7890123456',
    '12341234123',
    'abcabcabcabc',
    'abcdefghijkl',
    'asdfghjkl;',
    'ab12345678',
    'aabbaabbab',
    'กขคฆงจฉชซฌ',
    'xyzxyzxyzx',
    'qqqqwwwwqqqq',
  ])('refuses the repeat or sequence %j', (p) => {
    expect(passwordProblem(p, context)).toMatch(
      /^รหัสผ่าน: .* \/ password: (must not be a repeat or a sequence|a commonly used)/,
    )
  })

  it('works without a context (seeds, tests)', () => {
    expect(passwordProblem('correct-horse-battery-staple')).toBeNull()
    expect(passwordProblem('password12')).toBe(PASSWORD_MESSAGES.common)
  })
})
