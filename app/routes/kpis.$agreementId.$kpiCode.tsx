import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, MultiSelect, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core'
import { useMemo, useState } from 'react'
import { ConfirmButton } from '#app/components/confirm-button'
import { FormError, useLocalize } from '#app/components/messages'
import { usePick } from '#app/components/catalog/badges'
import { attempt, fields } from '#app/utils/forms.server'
import { useLocale, useT } from '#app/utils/i18n'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { kpiRoundScore } from '#evidence/documents/kpi-score'
import { formatDate, formatFiscalYear } from '#models/dates'
import { listEvidence } from '#models/evidence/records.server'
import { certifyKpiReport, getKpiContext, getKpiReport, saveKpiReport, type KpiCertification } from '#models/reporting/kpi-report.server'
import { can } from '#models/tenancy/permissions'
import { formatScore, stepCode } from '#scoring/index'

const NOT_FOUND = 'ไม่พบตัวชี้วัด / KPI not found'
const LEVELS = [1, 2, 3, 4, 5] as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.read')
  const organizationId = member.organization.id
  const ctx = await getKpiContext(organizationId, params.agreementId ?? '', params.kpiCode ?? '')
  if (!ctx) throw new Response(NOT_FOUND, { status: 404 })
  const rounds = [...ctx.kpi.reportingRounds].sort((a, b) => a - b)
  const asked = Number(new URL(request.url).searchParams.get('round'))
  const round = rounds.find((r) => r === asked) ?? rounds[0]
  const report = await getKpiReport(organizationId, ctx.catalog.id, ctx.kpi.code, round)
  const published = ctx.catalog.status === 'published'
  const canReport = published && report?.certification !== 'approved' && can(member.membership, 'kpi.report', { organizationId, unitIds: ctx.unitIds })
  const canCertify = published && report?.certification === 'pending' && can(member.membership, 'kpi.certify', { organizationId })
  const evidence = canReport ? (await listEvidence(organizationId, {}, 500)).map((e) => ({ value: e.id, label: e.title })) : []
  return json({
    catalog: { id: ctx.catalog.id, nameTh: ctx.catalog.nameTh, nameEn: ctx.catalog.nameEn, fiscalYear: ctx.catalog.fiscalYear, floor: ctx.catalog.content.scoreBelowLevel1 },
    kpi: ctx.kpi,
    assigned: ctx.unitIds.length > 0,
    rounds,
    round,
    report,
    evidence,
    canReport,
    canCertify,
  })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'catalog.read')
  // another organization's ids are "not found" whatever the form says
  const ctx = await getKpiContext(member.organization.id, params.agreementId ?? '', params.kpiCode ?? '')
  if (!ctx) throw new Response(NOT_FOUND, { status: 404 })
  const form = await request.formData()
  const f = fields(form, ['intent', 'round', 'result', 'explanation', 'supportingFactors', 'obstacles', 'evidenceIds', 'supervisorName', 'supervisorPhone', 'dataCollectorName', 'dataCollectorPhone', 'note'])
  const actor = actorOf(member, request, context)
  const round = Number(f.round)
  const result = await attempt(async () => {
    switch (f.intent) {
      case 'save':
        await saveKpiReport(actor, member.membership, ctx.catalog.id, ctx.kpi.code, round, {
          levelTexts: Object.fromEntries(LEVELS.map((l) => [l, String(form.get(`levelTexts.${l}`) ?? '')])),
          stepsDone: form.getAll('stepsDone').map(String),
          result: f.result,
          explanation: f.explanation,
          supportingFactors: f.supportingFactors,
          obstacles: f.obstacles,
          evidenceIds: f.evidenceIds.split(',').filter(Boolean),
          supervisorName: f.supervisorName,
          supervisorPhone: f.supervisorPhone,
          dataCollectorName: f.dataCollectorName,
          dataCollectorPhone: f.dataCollectorPhone,
        })
        return 'save' as const
      case 'approve':
      case 'not-approve':
        await certifyKpiReport(actor, member.membership, ctx.catalog.id, ctx.kpi.code, round, { decision: f.intent === 'approve' ? 'approved' : 'not-approved', note: f.note })
        return 'certify' as const
      default:
        throw new Response('คำสั่งไม่ถูกต้อง / unknown intent', { status: 400 })
    }
  })
  if (!result.ok) return result.response
  return json({ done: result.value, formError: null, fieldErrors: {} as Record<string, string> })
}

const CERT_COLOR: Record<KpiCertification, string> = { pending: 'yellow', approved: 'green', 'not-approved': 'red' }

export default function KpiReportPage() {
  const { catalog, kpi, assigned, rounds, round, report, evidence, canReport, canCertify } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const nav = useNavigation()
  const t = useT()
  const l = useLocalize()
  const locale = useLocale()
  const pick = usePick()
  const errors = (data?.fieldErrors ?? {}) as Record<string, string>
  const busy = (intent: string) => nav.state === 'submitting' && nav.formData?.get('intent') === intent
  const [steps, setSteps] = useState<string[]>(report?.stepsDone ?? [])
  const [measured, setMeasured] = useState(report?.result === null || report?.result === undefined ? '' : String(report.result))
  const [chosen, setChosen] = useState<string[]>(report?.evidence.filter((e) => !e.deleted).map((e) => e.id) ?? [])
  // the same engine call the printed report makes: what the coordinator ticks is what will print
  const live = useMemo(() => {
    try {
      const value = measured.trim() === '' ? null : Number(measured)
      return kpiRoundScore(kpi, catalog.floor, { stepsDone: steps, result: value !== null && Number.isFinite(value) ? value : null })
    } catch {
      return null
    }
  }, [kpi, catalog.floor, steps, measured])
  const textOf = (level: number) => report?.levelTexts.find((x) => x.level === level)?.text ?? ''
  const editable = canReport
  const scoring = kpi.scoring

  return (
    <Stack maw={1000} mx="auto">
      <Anchor component={Link} to="/kpis" size="sm">← {t('kpis.back')}</Anchor>
      <Title order={2} size="h3">{t('kpis.formTitle')}</Title>
      <Text c="dimmed">{pick(catalog.nameTh, catalog.nameEn)} · {formatFiscalYear(catalog.fiscalYear, locale)}</Text>
      <Group gap="xs" role="navigation" aria-label={t('kpis.round')}>
        <Text fw={600}>{t('kpis.round')}:</Text>
        {rounds.map((r) => (
          <Button key={r} component={Link} to={`?round=${r}`} size="xs" variant={r === round ? 'filled' : 'default'} aria-current={r === round ? 'page' : undefined}>
            {t('kpis.roundN', { round: r })}
          </Button>
        ))}
        <Anchor component={Link} reloadDocument to={`/reports/${catalog.id}.pdf?round=${round}`} size="sm" ml="auto">{t('kpis.pdf')}</Anchor>
        <Anchor component={Link} reloadDocument to={`/reports/${catalog.id}.xlsx?round=${round}`} size="sm">{t('kpis.xlsx')}</Anchor>
      </Group>
      <Title order={3}>{locale === 'th' ? 'ตัวชี้วัดที่' : 'KPI'} {kpi.code} : {pick(kpi.name.th, kpi.name.en)}</Title>

      {report ? (
        <Card withBorder data-testid="certification">
          <Group gap="xs">
            <Text fw={600}>{t('kpis.certification')}:</Text>
            <Badge color={CERT_COLOR[report.certification]} variant="light">{t(`kpis.cert.${report.certification}`)}</Badge>
            {report.certification !== 'pending' && report.certifiedAt ? (
              <Text size="sm">{t('kpis.certifiedBy', { status: t(`kpis.cert.${report.certification}`), name: report.certifiedByName, at: formatDate(report.certifiedAt, locale, { style: 'datetime' }) })}</Text>
            ) : null}
          </Group>
          {report.certification === 'not-approved' ? <Alert color="red" mt="xs">{t('kpis.notApprovedNote', { note: report.certificationNote })}</Alert> : null}
          {report.certification === 'approved' && report.certificationNote ? <Text size="sm" mt="xs">{report.certificationNote}</Text> : null}
          {report.reportedAt ? <Text size="sm" c="dimmed" mt="xs">{t('kpis.reportedBy', { name: report.reportedByName, at: formatDate(report.reportedAt, locale, { style: 'datetime' }) })}</Text> : null}
        </Card>
      ) : (
        <Text c="dimmed">{t('kpis.nothingYet')}</Text>
      )}
      {data && 'done' in data && data.done === 'save' ? <Alert color="green" role="status">{t('kpis.saved')}</Alert> : null}
      {data && 'done' in data && data.done === 'certify' ? <Alert color="green" role="status">{t('kpis.certified')}</Alert> : null}
      <FormError message={data?.formError} />
      {report?.certification === 'approved' ? <Alert color="blue">{t('kpis.locked')}</Alert> : null}
      {!assigned ? <Alert color="yellow">{t('kpis.notAssigned')}</Alert> : !editable && report?.certification !== 'approved' ? <Text size="sm" c="dimmed">{t('kpis.readOnly')}</Text> : null}

      <Form method="post" key={`${round}-${report?.version ?? 'new'}`}>
        <input type="hidden" name="round" value={round} />
        <Stack>
          <Group grow align="flex-start">
            <TextInput name="supervisorName" label={t('kpis.supervisor')} defaultValue={report?.supervisorName ?? ''} placeholder={kpi.supervisor.th} readOnly={!editable} error={l(errors.supervisorName)} />
            <TextInput name="supervisorPhone" label={t('kpis.phone')} defaultValue={report?.supervisorPhone ?? ''} readOnly={!editable} error={l(errors.supervisorPhone)} maw={220} />
          </Group>
          <Group grow align="flex-start">
            <TextInput name="dataCollectorName" label={t('kpis.dataCollector')} defaultValue={report?.dataCollectorName ?? ''} placeholder={kpi.dataCollector.th} readOnly={!editable} error={l(errors.dataCollectorName)} />
            <TextInput name="dataCollectorPhone" label={t('kpis.phone')} defaultValue={report?.dataCollectorPhone ?? ''} readOnly={!editable} error={l(errors.dataCollectorPhone)} maw={220} />
          </Group>
          <Text><Text span fw={600}>{t('kpis.description')}:</Text> {kpi.description.th}</Text>

          <Title order={4}>{t('kpis.levels')}</Title>
          {errors.stepsDone ? <Text c="red" size="sm" role="alert">{l(errors.stepsDone)}</Text> : null}
          <Table withTableBorder withColumnBorders>
            <Table.Tbody>
              {LEVELS.map((level) => (
                <Table.Tr key={level}>
                  <Table.Td w={80} ta="center" fw={700}>{level}</Table.Td>
                  <Table.Td>
                    <Stack gap={6}>
                      {scoring.kind === 'milestone'
                        ? (scoring.levels.find((x) => x.level === level)?.steps ?? []).map((s, i) => {
                            const code = stepCode(level, i)
                            return (
                              <Checkbox
                                key={code}
                                name="stepsDone"
                                value={code}
                                label={`${code} ${s.th}`}
                                checked={steps.includes(code)}
                                disabled={!editable}
                                onChange={(e) => {
                                  const on = e.currentTarget.checked
                                  setSteps((prev) => (on ? [...prev, code] : prev.filter((x) => x !== code)))
                                }}
                              />
                            )
                          })
                        : null}
                      <Textarea name={`levelTexts.${level}`} aria-label={t('kpis.levelText', { level })} placeholder={t('kpis.levelText', { level })} defaultValue={textOf(level)} autosize minRows={1} readOnly={!editable} error={l(errors[`levelTexts.${level}`])} />
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>

          {scoring.kind === 'quantitative' ? (
            <>
              <Title order={4}>{t('kpis.thresholds')}</Title>
              <Table withTableBorder>
                <Table.Tbody>
                  {scoring.thresholds.map((v, i) => (
                    <Table.Tr key={i}>
                      <Table.Td w={120}>{t('kpis.level', { level: i + 1 })}</Table.Td>
                      <Table.Td>{v} {scoring.unit.th}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <TextInput name="result" inputMode="decimal" label={t('kpis.result', { unit: scoring.unit.th })} value={measured} onChange={(e) => setMeasured(e.currentTarget.value)} readOnly={!editable} error={l(errors.result)} maw={260} />
            </>
          ) : null}

          <Title order={4}>{t('kpis.scoreTable')}</Title>
          <Table withTableBorder withColumnBorders data-testid="score-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('kpis.kpi')}</Table.Th>
                <Table.Th>{t('kpis.weight')}</Table.Th>
                <Table.Th>{t('kpis.performance')}</Table.Th>
                <Table.Th>{t('kpis.score')}</Table.Th>
                <Table.Th>{t('kpis.weightedScore')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr>
                <Table.Td>{pick(kpi.name.th, kpi.name.en)}</Table.Td>
                <Table.Td ta="center">{kpi.weight}</Table.Td>
                <Table.Td ta="center">{live?.performance ?? '—'}</Table.Td>
                <Table.Td ta="center" data-testid="score">{live ? formatScore(live.score, 4) : '—'}</Table.Td>
                <Table.Td ta="center" data-testid="weighted-score">{live ? formatScore(live.weightedScore, 4) : '—'}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          {editable ? <Text size="xs" c="dimmed">{t('kpis.liveScore')}</Text> : null}

          <Textarea name="explanation" label={t('kpis.explanation')} defaultValue={report?.explanation ?? ''} autosize minRows={3} readOnly={!editable} error={l(errors.explanation)} />
          <Textarea name="supportingFactors" label={t('kpis.supportingFactors')} defaultValue={report?.supportingFactors ?? ''} autosize minRows={2} readOnly={!editable} error={l(errors.supportingFactors)} />
          <Textarea name="obstacles" label={t('kpis.obstacles')} defaultValue={report?.obstacles ?? ''} autosize minRows={2} readOnly={!editable} error={l(errors.obstacles)} />

          {editable ? (
            <>
              <MultiSelect
                label={t('kpis.evidence')}
                description={t('kpis.evidenceHelp')}
                data={evidence}
                value={chosen}
                onChange={setChosen}
                searchable
                clearable
                error={l(errors.evidenceIds)}
              />
              <input type="hidden" name="evidenceIds" value={chosen.join(',')} />
            </>
          ) : null}
          {report && report.evidence.length > 0 ? (
            <Stack gap={2}>
              {!editable ? <Text fw={600}>{t('kpis.evidence')}</Text> : null}
              <ol data-testid="evidence-refs" style={{ margin: 0 }}>
                {report.evidence.map((e) => (
                  <li key={e.id}>
                    {e.type === 'missing' ? l(e.title) : <Anchor component={Link} to={`/evidence/${e.id}`}>{e.title}</Anchor>}
                    {e.url ? <Text span c="dimmed" size="sm"> ({e.url})</Text> : null}
                  </li>
                ))}
              </ol>
            </Stack>
          ) : !editable ? (
            <Text c="dimmed" size="sm">{t('kpis.noEvidence')}</Text>
          ) : null}

          {editable ? (
            <Group>
              <Button type="submit" name="intent" value="save" loading={busy('save')}>{t('kpis.save')}</Button>
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
              <Textarea name="note" label={t('kpis.certNote')} autosize minRows={2} error={l(errors.note)} />
              <Group>
                <ConfirmButton name="intent" value="approve" color="green" message={t('kpis.approveConfirm')} loading={busy('approve')}>{t('kpis.approve')}</ConfirmButton>
                <Button type="submit" name="intent" value="not-approve" color="red" variant="light" loading={busy('not-approve')}>{t('kpis.notApprove')}</Button>
              </Group>
            </Stack>
          </Form>
        </Card>
      ) : null}
    </Stack>
  )
}
