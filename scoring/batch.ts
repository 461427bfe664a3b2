import { z } from 'zod'
import { tryScoring, msg, parseOrThrow, throwIf, type Result, type ScoringIssue } from './errors'
import { plainAgreementReport, plainItaInput } from './guards'
import { compileItaCatalog, inputArrays, resultFromArrays, type CompiledItaCatalog, type ItaResult } from './ita'
import { compileAgreement, scoreAgreementParsed, type AgreementResult, type CompiledAgreement } from './kpi'
import {
  agreementReportSchema,
  itaInputSchema,
  type AgreementCatalog,
  type AgreementReport,
  type ScoringCatalog,
  type ItaInput,
} from './schemas'

/** One organization's inputs for a roll-up. */
export interface OrganizationInput {
  organizationId: string
  ita?: ItaInput
  agreement?: AgreementReport
}

/** One organization's results; an invalid input fails that organization only. */
export interface OrganizationScore {
  organizationId: string
  ita: Result<ItaResult> | null
  agreement: Result<AgreementResult> | null
}

/** Distribution of totals over the organizations that scored. */
export interface TotalStats {
  scored: number
  failed: number
  mean: number | null
  min: number | null
  max: number | null
}

/** A ministry-level roll-up: per-organization results and summary statistics. */
export interface OrganizationsRollUp {
  results: OrganizationScore[]
  ita: (TotalStats & { bands: Record<string, number> }) | null
  agreement: TotalStats | null
}

const orgsSchema = z.array(
  z.object({
    organizationId: z.string().trim().min(1).max(128),
    ita: z.unknown().optional(),
    agreement: z.unknown().optional(),
  }),
)

function stats(values: number[], failed: number): TotalStats {
  if (values.length === 0) return { scored: 0, failed, mean: null, min: null, max: null }
  let sum = 0
  let min = Infinity
  let max = -Infinity
  for (const v of values) {
    sum += v
    if (v < min) min = v
    if (v > max) max = v
  }
  return { scored: values.length, failed, mean: sum / values.length, min, max }
}

/**
 * Scores many organizations against shared catalogs. The catalogs are validated (zod) and compiled once; each
 * organization's input gets a fast structural check that falls back to zod for the bilingual issues, then the same
 * catalog cross-checks (unknown, duplicate, missing codes) as the single-organization functions.
 */
export function scoreOrganizations(
  catalogs: { ita?: ScoringCatalog | CompiledItaCatalog; agreement?: AgreementCatalog | CompiledAgreement },
  organizations: OrganizationInput[],
): OrganizationsRollUp {
  const orgs = parseOrThrow(orgsSchema, organizations, 'organizations')
  const issues: ScoringIssue[] = []
  const ids = new Set<string>()
  orgs.forEach((o, i) => {
    if (ids.has(o.organizationId)) issues.push(msg.duplicate(['organizations', i, 'organizationId'], o.organizationId))
    ids.add(o.organizationId)
  })
  const needIta = orgs.some((o) => o.ita !== undefined)
  const needAgr = orgs.some((o) => o.agreement !== undefined)
  if (needIta && !catalogs?.ita)
    issues.push(
      msg.missing(
        ['catalogs', 'ita'],
        'มีข้อมูล ITA ของหน่วยงานแต่ไม่ได้ส่งบัญชีเกณฑ์ ITA',
        'Organizations have ITA inputs but no ITA catalog was given',
      ),
    )
  if (needAgr && !catalogs?.agreement)
    issues.push(
      msg.missing(
        ['catalogs', 'agreement'],
        'มีรายงานคำรับรองฯ แต่ไม่ได้ส่งบัญชีตัวชี้วัด',
        'Organizations have agreement reports but no agreement catalog was given',
      ),
    )
  throwIf(issues)
  const ita = needIta ? compileItaCatalog(catalogs.ita!) : null
  const agr = needAgr ? compileAgreement(catalogs.agreement!) : null

  const itaTotals: number[] = []
  const agrTotals: number[] = []
  const bands: Record<string, number> = {}
  if (ita) for (const b of ita.bands) bands[b.code] = 0
  let itaFailed = 0
  let agrFailed = 0
  const results = orgs.map((o, i): OrganizationScore => {
    let itaRes: Result<ItaResult> | null = null
    let agrRes: Result<AgreementResult> | null = null
    if (ita && o.ita !== undefined) {
      const p = ['organizations', i, 'ita']
      itaRes = tryScoring(() => {
        const { passed, surveys } = inputArrays(ita, plainItaInput(o.ita) ?? parseOrThrow(itaInputSchema, o.ita, p), p)
        return resultFromArrays(ita, passed, surveys)
      })
      if (itaRes.ok) {
        itaTotals.push(itaRes.value.total)
        bands[itaRes.value.band.code]++
      } else itaFailed++
    }
    if (agr && o.agreement !== undefined) {
      const p = ['organizations', i, 'agreement']
      agrRes = tryScoring(() =>
        scoreAgreementParsed(
          agr,
          plainAgreementReport(o.agreement) ?? parseOrThrow(agreementReportSchema, o.agreement, p),
          p,
        ),
      )
      if (agrRes.ok) agrTotals.push(agrRes.value.total)
      else agrFailed++
    }
    return { organizationId: o.organizationId, ita: itaRes, agreement: agrRes }
  })
  return {
    results,
    ita: ita ? { ...stats(itaTotals, itaFailed), bands } : null,
    agreement: agr ? stats(agrTotals, agrFailed) : null,
  }
}
