// Benchmark of the scoring engine's batch path (ministry roll-up) against the naive per-call path.
// Run: npx tsx test/bench/scoring.ts   — prints figures, and as its LAST line one JSON object.
// Not a pass/fail test: the 200 ms target is reported, never asserted.
import { performance } from 'node:perf_hooks'
import {
  RATING_BANDS_2567,
  compileAgreement,
  compileItaCatalog,
  scoreAgreement,
  scoreIta,
  scoreOrganizations,
  type AgreementCatalog,
  type ScoringCatalog,
  type Kpi,
  type OrganizationInput,
} from '../../scoring/index'
import { rng } from '../support/random'
import { surveyTools } from '../unit/scoring/fixtures'

const ORGS = 1000
const KPIS = 200
const WARMUP = 2
const RUNS = 7
const TARGET_MS = 200

const rand = rng(20250930)
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1))

// ---- catalog: IIT 5 + EIT 3 survey indicators, OIT 60 criteria in 2 indicators / 7 sub-indicators ----
const subSizes: Record<string, number[]> = { '9': [10, 9, 8, 8, 7], '10': [12, 6] }
let n = 0
const criteriaCodes: string[] = []
const itaCatalog: ScoringCatalog = {
  fiscalYear: 2568,
  tools: [
    ...surveyTools(),
    {
      code: 'OIT',
      weight: 40,
      indicators: Object.entries(subSizes).map(([ind, sizes]) => ({
        code: ind,
        kind: 'checklist' as const,
        subIndicators: sizes.map((size, s) => ({
          code: `${ind}.${s + 1}`,
          criteria: Array.from({ length: size }, () => {
            const code = `O${++n}`
            criteriaCodes.push(code)
            return { code }
          }),
        })),
      })),
    },
  ],
  bands: [...RATING_BANDS_2567],
}

// ---- agreement: 200 KPIs of 0.5 % each (exact in binary, so the weights sum to exactly 100), half milestone ----
const kpis: Kpi[] = Array.from({ length: KPIS }, (_, i): Kpi => {
  if (i % 2 === 0) {
    return {
      code: `K${i}`,
      kind: 'milestone',
      weight: 0.5,
      levels: Array.from({ length: 5 }, (_, l) => ({
        steps: Array.from({ length: int(1, 3) }, (_, s) => ({ code: `K${i}L${l + 1}S${s + 1}` })),
      })),
    }
  }
  const base = int(50, 80)
  const step = int(1, 5)
  const down = rand() < 0.3
  const thresholds = Array.from({ length: 5 }, (_, l) => (down ? base + (4 - l) * step : base + l * step))
  return { code: `K${i}`, kind: 'quantitative', weight: 0.5, direction: down ? 'descending' : 'ascending', thresholds }
})
const agreementCatalog: AgreementCatalog = { floor: 0, kpis }

// ---- 1 000 organizations ----
const organizations: OrganizationInput[] = Array.from({ length: ORGS }, (_, o) => ({
  organizationId: `org-${o}`,
  ita: {
    criteria: criteriaCodes.map((code) => ({ code, passed: rand() < 0.88 })),
    surveys: ['1', '2', '3', '4', '5', '6', '7', '8'].map((indicatorCode) => ({
      indicatorCode,
      score: 70 + rand() * 30,
    })),
  },
  agreement: {
    round: 12,
    kpis: kpis.map((k) =>
      k.kind === 'milestone'
        ? { code: k.code, doneSteps: k.levels.slice(0, int(0, 5)).flatMap((l) => l.steps.map((s) => s.code)) }
        : { code: k.code, result: k.thresholds[0] + (rand() * 1.4 - 0.2) * (k.thresholds[4] - k.thresholds[0]) },
    ),
  },
}))

// ---- the two paths ----
/** Batch path: catalogs validated and compiled once, each organization's input still validated. */
function batch() {
  return scoreOrganizations({ ita: itaCatalog, agreement: agreementCatalog }, organizations)
}
/** Naive path: what a loop over the single-organization API does — full catalog validation on every call. */
function naive() {
  return organizations.map((o) => ({
    ita: scoreIta(itaCatalog, o.ita!),
    agreement: scoreAgreement(agreementCatalog, o.agreement!),
  }))
}

/**
 * Middle ground: catalogs compiled once, but every organization's input parsed by zod (the single-call API on a
 * compiled catalog).
 */
const compiledIta = compileItaCatalog(itaCatalog)
const compiledAgreement = compileAgreement(agreementCatalog)
function compiledZod() {
  return organizations.map((o) => ({
    ita: scoreIta(compiledIta, o.ita!),
    agreement: scoreAgreement(compiledAgreement, o.agreement!),
  }))
}

function time(fn: () => unknown, warmup = WARMUP, runs = RUNS): number[] {
  for (let i = 0; i < warmup; i++) fn()
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    fn()
    out.push(performance.now() - t0)
  }
  return out
}
const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const r2 = (x: number) => Math.round(x * 100) / 100

const wall0 = performance.now()
// Same answers from both paths, or the comparison means nothing.
const b = batch()
const nv = naive()
const failed = b.results.filter((r) => !r.ita?.ok || !r.agreement?.ok).length
const mismatches = b.results.filter(
  (r, i) =>
    !(
      r.ita?.ok &&
      r.agreement?.ok &&
      r.ita.value.total === nv[i].ita.total &&
      r.ita.value.band.code === nv[i].ita.band.code &&
      r.agreement.value.total === nv[i].agreement.total
    ),
).length

const batchRuns = time(batch)
const zodRuns = time(compiledZod)
// The naive path takes seconds; fewer runs keep the whole benchmark short, the median is still meaningful.
const naiveRuns = time(naive, 1, 3)
const medianMs = median(batchRuns)
const baselineMs = median(naiveRuns)
const compiledZodMs = median(zodRuns)

console.log(
  `scoring benchmark: ${ORGS} organizations × (${criteriaCodes.length} OIT criteria + 8 survey indicators + ` +
    `${KPIS} KPIs)`,
)
console.log(`node ${process.version}; batch and compiled+zod: ${WARMUP} warm-up + ${RUNS} timed runs; naive: 1 + 3`)
console.log(
  `batch  (scoreOrganizations, catalogs compiled once):  median ${r2(medianMs)} ms  min ` +
    `${r2(Math.min(...batchRuns))} ms  runs ${batchRuns.map(r2).join(', ')}`,
)
console.log(
  `compiled catalogs, zod per organization input:       median ${r2(compiledZodMs)} ms  ` +
    `(${r2(compiledZodMs / medianMs)}× batch)`,
)
console.log(
  `naive  (scoreIta + scoreAgreement on raw catalogs):   median ${r2(baselineMs)} ms  min ` +
    `${r2(Math.min(...naiveRuns))} ms`,
)
console.log(
  `ratio naive / batch: ${r2(baselineMs / medianMs)}×   target < ${TARGET_MS} ms: ` +
    `${medianMs < TARGET_MS ? 'met' : 'NOT met'}`,
)
console.log(
  `ITA mean ${r2(b.ita!.mean!)}, bands ${JSON.stringify(b.ita!.bands)}; agreement mean ${b.agreement!.mean!.toFixed(
    4,
  )}; failed ${failed}; mismatches ${mismatches}`,
)
console.log(
  JSON.stringify({
    organizations: ORGS,
    criteria: criteriaCodes.length,
    kpis: KPIS,
    runs: RUNS,
    totalMs: r2(medianMs),
    medianMs: r2(medianMs),
    minMs: r2(Math.min(...batchRuns)),
    baselineMs: r2(baselineMs),
    ratio: r2(baselineMs / medianMs),
    compiledZodMs: r2(compiledZodMs),
    compiledZodRatio: r2(compiledZodMs / medianMs),
    targetMs: TARGET_MS,
    withinTarget: medianMs < TARGET_MS,
    mismatches,
    failed,
    wallMs: r2(performance.now() - wall0),
  }),
)
