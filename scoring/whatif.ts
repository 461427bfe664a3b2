import { msg, parseOrThrow, throwIf, issue, type ScoringIssue } from './errors'
import { compileItaCatalog, inputArrays, resultFromArrays, type CompiledItaCatalog, type ItaResult } from './ita'
import { compileAgreement, scoreAgreementParsed, type AgreementResult, type CompiledAgreement } from './kpi'
import {
  agreementOverridesSchema,
  agreementReportSchema,
  itaInputSchema,
  itaOverridesSchema,
  type AgreementCatalog,
  type AgreementOverrides,
  type AgreementReport,
  type ScoringCatalog,
  type ItaInput,
  type ItaOverrides,
} from './schemas'

/** Before/after of a what-if; inputs are never mutated (zod parsing copies them, overrides apply to the copies). */
export interface WhatIf<R> {
  before: R
  after: R
  /** after.total − before.total. */
  delta: number
}

/** Sets criteria pass/fail and survey estimates on a copy of the input; returns both roll-ups with their bands. */
export function whatIfIta(
  catalog: ScoringCatalog | CompiledItaCatalog,
  input: ItaInput,
  overrides: ItaOverrides,
): WhatIf<ItaResult> {
  const c = compileItaCatalog(catalog)
  const base = inputArrays(c, parseOrThrow(itaInputSchema, input, 'input'), ['input'])
  const o = parseOrThrow(itaOverridesSchema, overrides, 'overrides')
  const issues: ScoringIssue[] = []
  const passed = base.passed.slice()
  const surveys = base.surveys.slice()
  const seenC = new Set<string>()
  o.criteria.forEach((x, i) => {
    const k = c.criterionIndex.get(x.code)
    const p = ['overrides', 'criteria', i, 'code']
    if (k === undefined)
      issues.push(msg.unknown(p, x.code, { th: 'รายการข้อ OIT ของปีนี้', en: 'catalog of OIT criteria' }))
    else if (seenC.has(x.code)) issues.push(msg.duplicate(p, x.code))
    else passed[k] = x.passed ? 1 : 0
    seenC.add(x.code)
  })
  const seenS = new Set<string>()
  o.surveys.forEach((x, i) => {
    const k = c.surveyIndex.get(x.indicatorCode)
    const p = ['overrides', 'surveys', i, 'indicatorCode']
    if (k === undefined)
      issues.push(
        msg.unknown(p, x.indicatorCode, { th: 'รายการตัวชี้วัดแบบสำรวจ (IIT/EIT)', en: 'survey (IIT/EIT) indicators' }),
      )
    else if (seenS.has(x.indicatorCode)) issues.push(msg.duplicate(p, x.indicatorCode))
    else surveys[k] = x.score
    seenS.add(x.indicatorCode)
  })
  throwIf(issues)
  const before = resultFromArrays(c, base.passed, base.surveys)
  const after = resultFromArrays(c, passed, surveys)
  return { before, after, delta: after.total - before.total }
}

/** Toggles milestone steps and changes quantitative results on a copy of the report; returns both agreement results. */
export function whatIfAgreement(
  catalog: AgreementCatalog | CompiledAgreement,
  report: AgreementReport,
  overrides: AgreementOverrides,
): WhatIf<AgreementResult> {
  const c = compileAgreement(catalog)
  const r = parseOrThrow(agreementReportSchema, report, 'report')
  const before = scoreAgreementParsed(c, r, ['report']) // also proves the report has no unknown or duplicate codes
  const o = parseOrThrow(agreementOverridesSchema, overrides, 'overrides')
  const entries = new Map(r.kpis.map((k) => [k.code, { ...k, doneSteps: k.doneSteps && [...k.doneSteps] }]))
  const entry = (code: string) =>
    entries.get(code) ?? entries.set(code, { code, doneSteps: undefined, result: undefined }).get(code)!
  const issues: ScoringIssue[] = []
  const wrongKind = (p: (string | number)[], code: string, needs: 'milestone' | 'quantitative') =>
    issue(
      'invalid',
      p,
      `ตัวชี้วัด "${code}" ไม่ใช่แบบ${needs === 'milestone' ? 'ระดับขั้นความสำเร็จ' : 'เชิงปริมาณ'}`,
      `KPI "${code}" is not a ${needs} KPI`,
    )
  o.steps.forEach((s, i) => {
    const p = ['overrides', 'steps', i]
    const idx = c.index.get(s.kpiCode)
    if (idx === undefined)
      return void issues.push(msg.unknown([...p, 'kpiCode'], s.kpiCode, { th: 'คำรับรองฯ', en: 'agreement' }))
    const { levelOf } = c.kpis[idx]
    if (!levelOf) return void issues.push(wrongKind([...p, 'kpiCode'], s.kpiCode, 'milestone'))
    if (!levelOf.has(s.stepCode))
      return void issues.push(msg.unknown([...p, 'stepCode'], s.stepCode, { th: 'ขั้นตอนของตัวชี้วัดนี้', en: "KPI's steps" }))
    const e = entry(s.kpiCode)
    const done = (e.doneSteps ?? []).filter((x) => x !== s.stepCode)
    e.doneSteps = s.done ? [...done, s.stepCode] : done
  })
  o.results.forEach((x, i) => {
    const p = ['overrides', 'results', i, 'kpiCode']
    const idx = c.index.get(x.kpiCode)
    if (idx === undefined) return void issues.push(msg.unknown(p, x.kpiCode, { th: 'คำรับรองฯ', en: 'agreement' }))
    if (c.kpis[idx].kpi.kind !== 'quantitative') return void issues.push(wrongKind(p, x.kpiCode, 'quantitative'))
    entry(x.kpiCode).result = x.result
  })
  throwIf(issues)
  const after = scoreAgreementParsed(c, { round: r.round, kpis: [...entries.values()] }, ['report'])
  return { before, after, delta: after.total - before.total }
}
