/**
 * Optional required-elements (2569 O22's per-risk-area reports) on the real MongoDB-protocol server: they never
 * block a submission, are never shown as short, and completeness neither requires nor counts them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '#models/tenancy/audit.server'
import { getCompleteness, parseCompletenessFilters } from '#models/reporting/completeness.server'
import { createTextEvidence, linkEvidence } from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { getItemReview, submitItem } from '#models/work/review.server'
import type { TestOrg } from '#test/support/fixtures'
import { actorsOf, provide, publishAndAssign, release } from '#test/support/kit'
import { refusal } from '#test/support/refusal'

let org: TestOrg
let coordinator: Actor
let catalogId: string
beforeAll(async () => {
  ;({ org } = await provide({ org: 'optional' }))
  coordinator = actorsOf(org).coordinator
  const catalog = await publishAndAssign(org, 'ita-nacc-2569', {
    itemCodes: ['O22'],
    dueDate: `${new Date().getUTCFullYear() + 1}-12-31`,
  })
  catalogId = catalog.id
})
afterAll(release)

async function give(elementId: string) {
  const e = await createTextEvidence(coordinator, { title: `O22 ${elementId}`, html: `<p>O22 ${elementId}</p>` })
  await linkEvidence(
    coordinator,
    e.id,
    { catalogId, itemCode: 'O22', elementId },
    { resolveTarget: resolveOrganizationTarget },
  )
}

describe('optional elements of a criterion', () => {
  it(
    'names only the required elements short of evidence, and submits once those have it, without the optional ' +
      'ones',
    async () => {
      await give('link')
      const short = await refusal(() => submitItem(coordinator, catalogId, 'O22'))
      expect(Object.keys(short.fieldErrors ?? {})).toEqual(['element.e1'])
      const review = (await getItemReview(org.organization.id, catalogId, 'O22'))!
      expect(review.elements.filter((e) => e.short).map((e) => e.id)).toEqual(['e1'])

      const completeness = await getCompleteness(
        org.organization.id,
        parseCompletenessFilters(new URLSearchParams({ catalog: catalogId })),
      )
      expect(completeness!.rows.find((r) => r.itemCode === 'O22')).toMatchObject({
        elementsCovered: 1,
        elementsRequired: 2,
      })

      await give('e1')
      await submitItem(coordinator, catalogId, 'O22')
      const submitted = (await getItemReview(org.organization.id, catalogId, 'O22'))!
      expect(submitted.status).toBe('submitted')
      expect(submitted.elements.filter((e) => e.answerCount === 0).map((e) => e.id)).toEqual(['e2', 'e3', 'e4'])
    },
  )
})
