// Saisaat scoring engine: pure functions, no I/O, no imports from the rest of the project (only zod).
// Every public function validates its input and throws a ScoringError (bilingual issues with field paths) when it is
// invalid. Numbers are kept at full precision, except ITA tool scores and totals, which are the published two-decimal
// figures (publishedScore) that bands are applied to; otherwise round only for display, once, with formatScore.

export { ScoringError, tryScoring, formatPath, type IssueKind, type Result, type ScoringIssue } from './errors'
export { PUBLISHED_DECIMALS, formatScore, publishedScore } from './format'
export { LETTER_BANDS, RATING_BANDS_2567, TOOL_WEIGHTS_2564 } from './presets'
export {
  WEIGHT_TOLERANCE,
  type AgreementCatalog,
  type AgreementOverrides,
  type AgreementReport,
  type Band,
  type CriterionState,
  type CriterionStatus,
  type Floor,
  type ScoringCatalog,
  type ItaInput,
  type ItaOverrides,
  type Kpi,
  type KpiReport,
  type MilestoneKpi,
  type ProjectionInput,
  type QuantitativeKpi,
  type SurveyScore,
} from './schemas'
export {
  CompiledAgreement,
  compileAgreement,
  scoreAgreement,
  scoreMilestone,
  scoreQuantitative,
  weightedScore,
  type AgreementResult,
  type KpiScore,
  type MilestoneScore,
} from './kpi'
export {
  CompiledItaCatalog,
  bandFor,
  compileItaCatalog,
  scoreIta,
  type BandGap,
  type BandRef,
  type CriterionPlace,
  type IndicatorScore,
  type ItaResult,
  type SubIndicatorScore,
  type ToolBlocker,
  type ToolScore,
} from './ita'
export { projectIta, type ItaProjection, type RankedCriterion } from './projection'
export { whatIfAgreement, whatIfIta, type WhatIf } from './whatif'
export {
  scoreOrganizations,
  type OrganizationInput,
  type OrganizationScore,
  type OrganizationsRollUp,
  type TotalStats,
} from './batch'
export {
  CONFIDENCE_LEVELS,
  unconfirmedPoints,
  type ConfidenceInput,
  type ConfidenceLevel,
  type Scenario,
  type UnconfirmedPoints,
} from './confidence'
export {
  agreementFromCatalog,
  indicatorCode,
  itaCatalogFromCatalog,
  kpiFromCatalog,
  placeholderCodes,
  stepCode,
  type CatalogItaLike,
  type CatalogKpiLike,
} from './from-catalog'
