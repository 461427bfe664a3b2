/**
 * One KPI's report for one round (the coordinator's form) and its certification (the executive's
 * decision). The score table re-scores in the browser with the same engine call the printed report makes.
 */
import type { SerializeFrom } from '@remix-run/node'
import { Form, Link } from '@remix-run/react'
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, TextInput, Textarea, Title } from '@mantine/core'
import { useMemo, useState } from 'react'
import { usePick } from '#app/components/catalog/badges'
import { ConfirmButton } from '#app/components/confirm-button'
import { useActionForm } from '#app/components/forms'
import { KpiLevels, KpiScoreTable, KpiThresholds } from '#app/components/kpi/report-tables'
import { FormError, useLocalize } from '#app/components/messages'
import { EvidenceLink } from '#app/components/ui/fields'
import { EvidencePicker, ReportTexts } from '#app/components/kpi/fields'
import { CERTIFICATION_COLOR } from '#app/components/ui/status-colors'
import { useLocale, useT } from '#app/utils/i18n'
import { kpiRoundScore } from '#evidence/documents/kpi-score'
import { formatDate, formatFiscalYear } from '#models/dates'
import type { KpiContext, KpiReport } from '#models/reporting/kpi-report.server'

export type KpiReportPageData = SerializeFrom<{
  catalog: {
    id: string
    nameTh: string
    nameEn: string
    fiscalYear: number
    floor: KpiContext['catalog']['content']['scoreBelowLevel1']
  }
  kpi: KpiContext['kpi']
  assigned: boolean
  rounds: number[]
  round: number
  report: KpiReport | null
  evidence: { value: string; label: string }[]
  canReport: boolean
  canCertify: boolean
}>
/** The two people a KPI names, each with a phone: their fields are `<role>Name` and `<role>Phone`. */
const CONTACTS = [
  { role: 'supervisor', label: 'kpis.supervisor' },
  { role: 'dataCollector', label: 'kpis.dataCollector' },
] as const
/** The report's free-text parts, in the printed report's order. */
const NOTES = [
  { name: 'explanation', minRows: 3 },
  { name: 'supportingFactors', minRows: 2 },
  { name: 'obstacles', minRows: 2 },
] as const
type Answer = { done?: 'save' | 'certify'; formError: string | null; fieldErrors: Record<string, string> }

export function KpiReportPage({
  catalog,
  kpi,
  assigned,
  rounds,
  round,
  report,
  evidence,
  canReport,
  canCertify,
}: KpiReportPageData) {
  const { data, formError, errors, error, busy } = useActionForm<Answer>()
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  const [steps, setSteps] = useState<string[]>(report?.stepsDone ?? [])
  const [measured, setMeasured] = useState(
    report?.result === null || report?.result === undefined ? '' : String(report.result),
  )
  const [chosen, setChosen] = useState<string[]>(report?.evidence.filter((e) => !e.deleted).map((e) => e.id) ?? [])
  // the same engine call the printed report makes: what the coordinator ticks is what will print
  const live = useMemo(() => {
    try {
      const value = measured.trim() === '' ? null : Number(measured)
      return kpiRoundScore(kpi, catalog.floor, {
        stepsDone: steps,
        result: value !== null && Number.isFinite(value) ? value : null,
      })
    } catch {
      return null
    }
  }, [kpi, catalog.floor, steps, measured])
  const editable = canReport
  const scoring = kpi.scoring

  return (
    <Stack maw={1000} mx="auto">
      <Anchor component={Link} to="/kpis" size="sm">
        ← {t('kpis.back')}
      </Anchor>
      <Title order={2} size="h3">
        {t('kpis.formTitle')}
      </Title>
      <Text c="dimmed">
        {pick(catalog.nameTh, catalog.nameEn)} · {formatFiscalYear(catalog.fiscalYear, locale)}
      </Text>
      <Group gap="xs" role="navigation" aria-label={t('kpis.round')}>
        <Text fw={600}>{t('kpis.round')}:</Text>
        {rounds.map((r) => (
          <Button
            key={r}
            component={Link}
            to={`?round=${r}`}
            size="xs"
            variant={r === round ? 'filled' : 'default'}
            aria-current={r === round ? 'page' : undefined}
          >
            {t('kpis.roundN', { round: r })}
          </Button>
        ))}
        <Anchor component={Link} reloadDocument to={`/reports/${catalog.id}.pdf?round=${round}`} size="sm" ml="auto">
          {t('kpis.pdf')}
        </Anchor>
        <Anchor component={Link} reloadDocument to={`/reports/${catalog.id}.xlsx?round=${round}`} size="sm">
          {t('kpis.xlsx')}
        </Anchor>
      </Group>
      <Title order={3}>
        {locale === 'th' ? 'ตัวชี้วัดที่' : 'KPI'} {kpi.code} : {pick(kpi.name.th, kpi.name.en)}
      </Title>

      {report ? <CertificationCard report={report} /> : <Text c="dimmed">{t('kpis.nothingYet')}</Text>}
      {data?.done === 'save' ? (
        <Alert color="green" role="status">
          {t('kpis.saved')}
        </Alert>
      ) : null}
      {data?.done === 'certify' ? (
        <Alert color="green" role="status">
          {t('kpis.certified')}
        </Alert>
      ) : null}
      <FormError message={formError} />
      {report?.certification === 'approved' ? <Alert color="blue">{t('kpis.locked')}</Alert> : null}
      {!assigned ? (
        <Alert color="yellow">{t('kpis.notAssigned')}</Alert>
      ) : !editable && report?.certification !== 'approved' ? (
        <Text size="sm" c="dimmed">
          {t('kpis.readOnly')}
        </Text>
      ) : null}

      <Form method="post" key={`${round}-${report?.version ?? 'new'}`}>
        <input type="hidden" name="round" value={round} />
        <Stack>
          {CONTACTS.map(({ role, label }) => (
            <Group key={role} grow align="flex-start">
              <TextInput
                name={`${role}Name`}
                label={t(label)}
                defaultValue={report?.[`${role}Name`] ?? ''}
                placeholder={kpi[role].th}
                readOnly={!editable}
                error={error(`${role}Name`)}
              />
              <TextInput
                name={`${role}Phone`}
                label={t('kpis.phone')}
                defaultValue={report?.[`${role}Phone`] ?? ''}
                readOnly={!editable}
                error={error(`${role}Phone`)}
                maw={220}
              />
            </Group>
          ))}
          <Text>
            <Text span fw={600}>
              {t('kpis.description')}:
            </Text>{' '}
            {kpi.description.th}
          </Text>

          <Title order={4}>{t('kpis.levels')}</Title>
          {errors.stepsDone ? (
            <Text c="red" size="sm" role="alert">
              {error('stepsDone')}
            </Text>
          ) : null}
          <KpiLevels
            scoring={scoring}
            levelTexts={report?.levelTexts ?? []}
            steps={steps}
            setSteps={setSteps}
            editable={editable}
            errors={errors}
          />

          {scoring.kind === 'quantitative' ? (
            <>
              <Title order={4}>{t('kpis.thresholds')}</Title>
              <KpiThresholds scoring={scoring} />
              <TextInput
                name="result"
                inputMode="decimal"
                label={t('kpis.result', { unit: scoring.unit.th })}
                value={measured}
                onChange={(e) => setMeasured(e.currentTarget.value)}
                readOnly={!editable}
                error={error('result')}
                maw={260}
              />
            </>
          ) : null}

          <Title order={4}>{t('kpis.scoreTable')}</Title>
          <KpiScoreTable name={pick(kpi.name.th, kpi.name.en)} weight={kpi.weight} live={live} />
          {editable ? (
            <Text size="xs" c="dimmed">
              {t('kpis.liveScore')}
            </Text>
          ) : null}

          <ReportTexts
            fields={NOTES}
            label={(name) => t(`kpis.${name}`)}
            values={report}
            error={error}
            readOnly={!editable}
          />

          {editable ? (
            <EvidencePicker
              label={t('kpis.evidence')}
              data={evidence}
              state={[chosen, setChosen]}
              error={error('evidenceIds')}
            />
          ) : null}
          <EvidenceRefs refs={report?.evidence ?? []} editable={editable} />

          {editable ? (
            <Group>
              <Button type="submit" name="intent" value="save" loading={busy('save')}>
                {t('kpis.save')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </Form>

      {canCertify ? (
        <Card withBorder>
          <Form method="post">
            <input type="hidden" name="round" value={round} />
            <Stack>
              <Title order={4}>{t('kpis.certification')}</Title>
              <Textarea name="note" label={t('kpis.certNote')} autosize minRows={2} error={error('note')} />
              <Group>
                <ConfirmButton
                  name="intent"
                  value="approve"
                  color="green"
                  message={t('kpis.approveConfirm')}
                  loading={busy('approve')}
                >
                  {t('kpis.approve')}
                </ConfirmButton>
                <Button
                  type="submit"
                  name="intent"
                  value="not-approve"
                  color="red"
                  variant="light"
                  loading={busy('not-approve')}
                >
                  {t('kpis.notApprove')}
                </Button>
              </Group>
            </Stack>
          </Form>
        </Card>
      ) : null}
    </Stack>
  )
}

type Report = NonNullable<KpiReportPageData['report']>

function CertificationCard({ report }: { report: Report }) {
  const t = useT()
  const locale = useLocale()
  const status = t(`kpis.cert.${report.certification}`)
  return (
    <Card withBorder data-testid="certification">
      <Group gap="xs">
        <Text fw={600}>{t('kpis.certification')}:</Text>
        <Badge color={CERTIFICATION_COLOR[report.certification]} variant="light">
          {status}
        </Badge>
        {report.certification !== 'pending' && report.certifiedAt ? (
          <Text size="sm">
            {t('kpis.certifiedBy', {
              status,
              name: report.certifiedByName,
              at: formatDate(report.certifiedAt, locale, { style: 'datetime' }),
            })}
          </Text>
        ) : null}
      </Group>
      {report.certification === 'not-approved' ? (
        <Alert color="red" mt="xs">
          {t('kpis.notApprovedNote', { note: report.certificationNote })}
        </Alert>
      ) : null}
      {report.certification === 'approved' && report.certificationNote ? (
        <Text size="sm" mt="xs">
          {report.certificationNote}
        </Text>
      ) : null}
      {report.reportedAt ? (
        <Text size="sm" c="dimmed" mt="xs">
          {t('kpis.reportedBy', {
            name: report.reportedByName,
            at: formatDate(report.reportedAt, locale, { style: 'datetime' }),
          })}
        </Text>
      ) : null}
    </Card>
  )
}

/** The numbered list of evidence the report cites, as the printed report shows it. */
function EvidenceRefs({ refs, editable }: { refs: Report['evidence']; editable: boolean }) {
  const t = useT()
  const l = useLocalize()
  if (refs.length === 0)
    return editable ? null : (
      <Text c="dimmed" size="sm">
        {t('kpis.noEvidence')}
      </Text>
    )
  return (
    <Stack gap={2}>
      {!editable ? <Text fw={600}>{t('kpis.evidence')}</Text> : null}
      <ol data-testid="evidence-refs" style={{ margin: 0 }}>
        {refs.map((e) => (
          <li key={e.id}>
            {e.type === 'missing' ? l(e.title) : <EvidenceLink id={e.id}>{e.title}</EvidenceLink>}
            {e.url ? (
              <Text span c="dimmed" size="sm">
                {' '}
                ({e.url})
              </Text>
            ) : null}
          </li>
        ))}
      </ol>
    </Stack>
  )
}
