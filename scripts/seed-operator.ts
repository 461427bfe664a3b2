/**
 * The demo's platform operator for `npm run local`: signs in with the demo password and runs the
 * console at /platform. A member of no organization, as a real operator is. Safe to run again.
 */
import type { Actor } from '#models/tenancy/audit.server'
import { createOperator, isOperator, PLATFORM_AUDIT_SCOPE, type OperatorActor } from '#models/tenancy/operator.server'
import { getUserByEmail, setPassword } from '#models/tenancy/user.server'

export const DEMO_OPERATOR = { email: 'operator@demo.saisaat.test', nameTh: 'สมพร ดูแลแพลตฟอร์ม' }

const SEED: OperatorActor = { userId: null, userName: 'ข้อมูลตัวอย่าง / demo seed' }

export async function seedDemoOperator(password: string): Promise<void> {
  let user = await getUserByEmail(DEMO_OPERATOR.email)
  if (!user || !(await isOperator(user.id))) user = (await createOperator(SEED, DEMO_OPERATOR)).user
  const actor: Actor = { ...SEED, organizationId: PLATFORM_AUDIT_SCOPE }
  if (!user.hasPassword) await setPassword(actor, user.id, password)
}
