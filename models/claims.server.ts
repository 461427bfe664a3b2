/**
 * Claims for optimistic writes. On FerretDB 1.24 an update filtered on the state a request read
 * ("versions has 2 entries", "not rolled over yet") is not atomic: two simultaneous requests can
 * both report a match. Inserting a key under a unique index is: exactly one request gets it, the
 * others learn they lost. A claim is kept (a small document) so the same step cannot be taken twice.
 */
import { Schema } from 'mongoose'
import { schemaModel } from '#models/db.server'

const claimSchema = new Schema(
  { key: { type: String, required: true, unique: true }, at: { type: Date, required: true } },
  { versionKey: false },
)
const ClaimModel = schemaModel('WriteClaim', claimSchema, 'write_claims')

/** True for the one request that claims `key` first; false for every later or simultaneous one. */
export async function claim(key: string): Promise<boolean> {
  await ClaimModel.init() // the unique index must exist before the first claim
  try {
    await ClaimModel.create({ key, at: new Date() })
    return true
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return false
    throw error
  }
}

/**
 * Gives claims back (e.g. a step whose effect failed) so that a later request can claim them
 * again. Only for claims whose step did not happen: a released key is no longer "done".
 */
export async function release(...keys: string[]): Promise<void> {
  if (keys.length === 0) return
  await ClaimModel.deleteMany({ key: { $in: keys } })
}

/**
 * Forgets claims under `prefix` made before `before`: for claims of recurring work (a link's daily check) whose
 * state has moved on, so that they do not pile up. Only for keys that can never be claimed again.
 */
export async function forgetClaims(prefix: string, before: Date): Promise<void> {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  await ClaimModel.deleteMany({ key: { $regex: `^${escaped}` }, at: { $lt: before } })
}
