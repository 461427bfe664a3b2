import mongoose from 'mongoose'

/** An ObjectId for a well-formed id string, or null: callers answer 404 rather than 500 on junk. */
export function toObjectId(id: string | null | undefined): mongoose.Types.ObjectId | null {
  return id && /^[0-9a-f]{24}$/i.test(id) ? new mongoose.Types.ObjectId(id) : null
}

export const oid = (id: string) => new mongoose.Types.ObjectId(id)

/** The filter of a document kept once per item of a catalog in an organization (reviews, answers, clarifications). */
export const itemKeyOf = (organizationId: string, catalogId: string, itemCode: string) => ({
  organizationId: oid(organizationId),
  catalogId: oid(catalogId),
  itemCode,
})
