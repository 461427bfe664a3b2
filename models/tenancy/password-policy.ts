/**
 * The one rule for a new password, used by every path that sets one (invitation, reset, seeds,
 * tests). Pure: no I/O. Length alone let "password12", "1234567890" or "aaaaaaaaaa" through, so
 * a password is also refused when it is, or is built around, a common password, the person's own
 * e-mail, name or organization code, or a repeat or a sequence.
 */
import { bi } from '#models/errors'

export const PASSWORD_MIN = 10
export const PASSWORD_MAX = 200

/** Words a password may be built from: the person's e-mail and names, the organization's code. */
export interface PasswordContext {
  email?: string
  names?: string[]
  organizationCodes?: string[]
}

export const PASSWORD_MESSAGES = {
  required: bi('รหัสผ่าน: จำเป็นต้องกรอก', 'password: required'),
  tooShort: bi(`รหัสผ่าน: ต้องยาวอย่างน้อย ${PASSWORD_MIN} ตัวอักษร`, `password: at least ${PASSWORD_MIN} characters`),
  tooLong: bi(`รหัสผ่าน: ยาวได้ไม่เกิน ${PASSWORD_MAX} ตัวอักษร`, `password: at most ${PASSWORD_MAX} characters`),
  common: bi(
    'รหัสผ่าน: เป็นรหัสผ่านที่ใช้กันมากและเดาได้ง่าย กรุณาใช้วลีที่คาดเดายาก',
    'password: a commonly used password, easy to guess; choose a phrase others cannot guess',
  ),
  personal: bi(
    'รหัสผ่าน: ต้องไม่ใช่อีเมล ชื่อ หรือรหัสหน่วยงาน (แม้ต่อท้ายด้วยตัวเลข)',
    'password: must not be your e-mail, name or the organization code (even with digits added)',
  ),
  pattern: bi(
    'รหัสผ่าน: ต้องไม่ใช่ตัวอักษรซ้ำหรือเรียงกัน เช่น aaaaaaaaaa หรือ 1234512345',
    'password: must not be a repeat or a sequence such as aaaaaaaaaa or 1234512345',
  ),
} as const

// The most used passwords of public leak lists, and obvious Thai and English ones (lower case).
const COMMON = new Set([
  'password',
  'passw0rd',
  'p@ssword',
  'p@ssw0rd',
  'pass',
  'passwd',
  'password1',
  'mypassword',
  'changeme',
  'secret',
  'qwerty',
  'qwertyui',
  'qwertyuiop',
  'asdfgh',
  'asdfghjkl',
  'zxcvbnm',
  'qazwsx',
  '1q2w3e4r',
  '1q2w3e4r5t',
  'q1w2e3r4',
  'iloveyou',
  'admin',
  'administrator',
  'welcome',
  'letmein',
  'login',
  'master',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'superman',
  'batman',
  'shadow',
  'trustno1',
  'whatever',
  'computer',
  'internet',
  'abc',
  'abcd',
  'abc123',
  'default',
  'guest',
  'test',
  'testing',
  'user',
  'root',
  'hello',
  'helloworld',
  'freedom',
  'thailand',
  'bangkok',
  'krungthep',
  'sawasdee',
  'sawadee',
  'chiangmai',
  'phuket',
  'saisaat',
  'government',
  'ita',
  'รหัสผ่าน',
  'ประเทศไทย',
  'กรุงเทพ',
  'กรุงเทพมหานคร',
  'สวัสดี',
  'สวัสดีครับ',
  'สวัสดีค่ะ',
  'ใสสะอาด',
  'ผู้ดูแลระบบ',
  'ราชการ',
  'ฉันรักเธอ',
  'รักเธอ',
  'คิดถึง',
  'ภาษาไทย',
  'คนไทย',
])

// Keyboard rows and alphabets: a password that runs along one of them (either way) is a sequence.
const SEQUENCES = [
  '01234567890123456789',
  'abcdefghijklmnopqrstuvwxyz',
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ',
  'กขคฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ', // as usually recited, without the obsolete ฃ and ฅ
  'ๅ/-ภถุึคตจขช',
  'ๆไำพะัีรนยบลฃ',
  'ฟหกดเ้่าสวง',
  'ผปแอิืทมใฝ',
]

const lettersOnly = (s: string) => s.replace(/[^\p{L}\p{M}]/gu, '')

/** The password itself and its core without up to six leading or trailing digits and symbols ("password2569!"). */
function cores(lower: string): string[] {
  const out = new Set([lower])
  const trimmed = lower.replace(/^[^\p{L}\p{M}]+|[^\p{L}\p{M}]+$/gu, '')
  if (trimmed.length >= 3 && lower.length - trimmed.length <= 6) out.add(trimmed)
  const digits = lower.replace(/^[^\p{N}]+|[^\p{N}]+$/gu, '')
  if (digits.length >= 4 && lower.length - digits.length <= 6) out.add(digits)
  return [...out]
}

function isRepeat(s: string): boolean {
  const chars = [...s]
  if (chars.length < 4) return false
  if (new Set(chars).size <= 3) return true
  // one unit written again and again, the last time perhaps cut short: "abab", "1234123412", "passpass"
  for (let period = 1; period <= chars.length / 2; period++) {
    if (chars.every((c, i) => i < period || c === chars[i - period])) return true
  }
  return false
}

function isSequence(s: string): boolean {
  if (s.length < 4) return false
  // along a row or an alphabet, either way, wrapping round ("7890123456")
  return SEQUENCES.some((seq) => {
    const reversed = [...seq].reverse().join('')
    return (seq + seq).includes(s) || (reversed + reversed).includes(s)
  })
}

/** The words of the context a password must not be: e-mail local part, its pieces, domain label, names, codes. */
function personalWords(context: PasswordContext): Set<string> {
  const words = new Set<string>()
  const add = (w: string | undefined) => {
    const v = (w ?? '').trim().toLowerCase()
    if (lettersOnly(v).length >= 3) words.add(v)
    if (lettersOnly(v).length >= 3) words.add(lettersOnly(v))
  }
  if (context.email) {
    const [local = '', domain = ''] = context.email.toLowerCase().split('@')
    add(context.email)
    add(local)
    for (const part of local.split(/[^\p{L}\p{N}]+/u)) add(part)
    add(domain.split('.')[0])
  }
  for (const name of context.names ?? []) {
    add(name)
    for (const part of name.split(/\s+/)) add(part)
  }
  for (const code of context.organizationCodes ?? []) {
    add(code)
    for (const part of code.split(/[^\p{L}\p{N}]+/u)) add(part)
  }
  return words
}

/** The password is one of these words, with at most six digits or symbols before or after it ("password2569!"). */
function builtOn(lower: string, words: Iterable<string>): boolean {
  for (const word of words) {
    if (word.length < 3) continue
    const at = lower.indexOf(word)
    if (at < 0) continue
    const rest = lower.slice(0, at) + lower.slice(at + word.length)
    if (rest.length <= 6 && !/[\p{L}\p{M}]/u.test(rest)) return true
  }
  return false
}

/** The refusal for a new password naming the field and the rule, or null when it may be used. */
export function passwordProblem(password: unknown, context: PasswordContext = {}): string | null {
  if (typeof password !== 'string' || password.length === 0) return PASSWORD_MESSAGES.required
  if ([...password].length < PASSWORD_MIN) return PASSWORD_MESSAGES.tooShort
  if (password.length > PASSWORD_MAX) return PASSWORD_MESSAGES.tooLong
  const lower = password.normalize('NFC').toLowerCase()
  const forms = [lower, lettersOnly(lower) === lower ? null : lower.replace(/[\s._-]+/g, '')].filter((f): f is string =>
    Boolean(f),
  )
  if (forms.some((f) => builtOn(f, COMMON))) return PASSWORD_MESSAGES.common
  const personal = personalWords(context)
  if (forms.some((f) => builtOn(f, personal))) return PASSWORD_MESSAGES.personal
  for (const c of cores(lower)) if (isRepeat(c) || isSequence(c)) return PASSWORD_MESSAGES.pattern
  return null
}
