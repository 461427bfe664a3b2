import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Badge, Button, Card, Group, MultiSelect, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core'
import { useState } from 'react'
import { FormError, useLocalize } from '#app/components/messages'
import { usePick } from '#app/components/catalog/badges'
import { attempt, fields } from '#app/utils/forms.server'
import { useLocale, useT } from '#app/utils/i18n'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { periodLabel } from '#evidence/documents/html'
import { listCatalogs } from '#models/catalog/catalog.server'
import { KPI_ROUNDS } from '#models/catalog/schema'
import { formatDate, formatFiscalYear } from '#models/dates'
import { listEvidence } from '#models/evidence/records.server'
import { can } from '#models/tenancy/permissions'
import { getPlanContext, listProgress, saveProgress } from '#models/reporting/progress-report.server'

const roundOf = (value: string | null) => KPI_ROUNDS.find((r) => String(r) === value) ?? 6

/** Progress per round of the integrity-policy plan's activities and of the improvement measures. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.read')
  const organizationId = member.organization.id
  const url = new URL(request.url)
  const catalogs = (await listCatalogs(organizationId))
    .filter((c) => c.status === 'published' && (c.kind === 'integrity-policy' || c.kind === 'improvement-measures'))
    .sort((a, b) => b.fiscalYear - a.fiscalYear)
    .map((c) => ({ id: c.id, nameTh: c.nameTh, nameEn: c.nameEn, fiscalYear: c.fiscalYear }))
  const round = roundOf(url.searchParams.get('round'))
  const chosen = catalogs.find((c) => c.id === url.searchParams.get('catalog')) ?? catalogs[0] ?? null
  const ctx = chosen ? await getPlanContext(organizationId, chosen.id) : null
  const records = ctx ? await listProgress(organizationId, ctx.catalog.id, round) : []
  const lines = (ctx?.lines ?? []).map((l) => {
    const mayEdit = can(member.membership, 'kpi.report', { organizationId, unitIds: l.unitIds })
    const reports = records.filter((r) => r.itemCode === l.itemCode && r.activityCode === l.activityCode)
    // each unit reports on its own: a coordinator sees their unit's record, never another unit's
    const record = (mayEdit ? reports.find((r) => r.unitId !== null && member.membership.unitIds.includes(r.unitId)) : reports[0]) ?? null
    return {
      key: `${l.itemCode}|${l.activityCode}`,
      itemCode: l.itemCode,
      activityCode: l.activityCode,
      group: `${l.groupCode} ${l.groupName}`,
      measure: `${l.measureCode} ${l.measureName}`,
      activity: l.activityName,
      period: periodLabel(l.activity?.period ?? l.measure.activities[0]?.period),
      hostUnit: l.activity?.hostUnit ?? l.measure.activities.map((a) => a.hostUnit).filter(Boolean).join(', '),
      mayEdit,
      record,
    }
  })
  const evidence = lines.some((l) => l.mayEdit) ? (await listEvidence(organizationId, {}, 500)).map((e) => ({ value: e.id, label: e.title })) : []
  return json({ catalogs, catalogId: ctx?.catalog.id ?? null, kind: ctx?.catalog.content.kind ?? null, round, lines, evidence })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'catalog.read')
  const form = await request.formData()
  const f = fields(form, ['intent', 'catalogId', 'round', 'itemCode', 'activityCode', 'method', 'result', 'summary', 'outcome', 'evidenceIds'])
  if (f.intent !== 'save') throw new Response('คำสั่งไม่ถูกต้อง / unknown intent', { status: 400 })
  const saved = await attempt(() =>
    saveProgress(actorOf(member, request, context), member.membership, f.catalogId, Number(f.round), {
      itemCode: f.itemCode,
      activityCode: f.activityCode,
      method: f.method,
      result: f.result,
      summary: f.summary,
      outcome: f.outcome,
      evidenceIds: f.evidenceIds.split(',').filter(Boolean),
    }),
  )
  if (!saved.ok) return json({ ...(await saved.response.json()), line: `${f.itemCode}|${f.activityCode}` }, { status: saved.response.status })
  return json({ formError: null, fieldErrors: {} as Record<string, string>, line: `${f.itemCode}|${f.activityCode}`, saved: true })
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

function LineForm({ line, kind, catalogId, round, evidence }: { line: LoaderData['lines'][number]; kind: 'integrity-policy' | 'improvement-measures'; catalogId: string; round: number; evidence: LoaderData['evidence'] }) {
  const t = useT()
  const l = useLocalize()
  const data = useActionData<typeof action>()
  const nav = useNavigation()
  const mine = data?.line === line.key
  const errors = (mine ? data?.fieldErrors : {}) as Record<string, string>
  const [chosen, setChosen] = useState<string[]>(line.record?.evidence.filter((e) => !e.deleted).map((e) => e.id) ?? [])
  const busy = nav.state === 'submitting' && nav.formData?.get('itemCode') === line.itemCode && nav.formData?.get('activityCode') === line.activityCode
  return (
    <Form method="post" key={`${round}-${line.record?.updatedAt ?? 'new'}`}>
      <input type="hidden" name="catalogId" value={catalogId} />
      <input type="hidden" name="round" value={round} />
      <input type="hidden" name="itemCode" value={line.itemCode} />
      <input type="hidden" name="activityCode" value={line.activityCode} />
      <Stack gap="xs">
        {mine ? <FormError message={data?.formError} /> : null}
        {mine && data && 'saved' in data ? <Alert color="green" role="status">{t('kpis.progress.saved')}</Alert> : null}
        {kind === 'integrity-policy' ? (
          <>
            <Textarea name="method" label={t('kpis.progress.method')} defaultValue={line.record?.method ?? ''} autosize minRows={2} error={l(errors.method)} />
            <Textarea name="result" label={t('kpis.progress.result')} defaultValue={line.record?.result ?? ''} autosize minRows={2} withAsterisk error={l(errors.result)} />
          </>
        ) : (
          <>
            <Textarea name="summary" label={t('kpis.progress.summary')} defaultValue={line.record?.summary ?? ''} autosize minRows={2} withAsterisk error={l(errors.summary)} />
            <Textarea name="outcome" label={t('kpis.progress.outcome')} defaultValue={line.record?.outcome ?? ''} autosize minRows={2} error={l(errors.outcome)} />
          </>
        )}
        <MultiSelect label={t('kpis.progress.evidence')} description={t('kpis.evidenceHelp')} data={evidence} value={chosen} onChange={setChosen} searchable clearable error={l(errors.evidenceIds)} />
        <input type="hidden" name="evidenceIds" value={chosen.join(',')} />
        <Group>
          <Button type="submit" name="intent" value="save" loading={busy}>{t('kpis.progress.save')}</Button>
        </Group>
      </Stack>
    </Form>
  )
}

export default function Progress() {
  const { catalogs, catalogId, kind, round, lines, evidence } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  return (
    <Stack maw={1000} mx="auto">
      <Title order={2}>{t('kpis.progress.title')}</Title>
      {catalogs.length === 0 ? <Text c="dimmed">{t('kpis.progress.empty')}</Text> : (
        <Form method="get">
          <Group align="flex-end">
            <NativeSelect name="catalog" label={t('kpis.progress.catalog')} defaultValue={catalogId ?? ''} data={catalogs.map((c) => ({ value: c.id, label: `${pick(c.nameTh, c.nameEn)} · ${formatFiscalYear(c.fiscalYear, locale)}` }))} />
            <NativeSelect name="round" label={t('kpis.round')} defaultValue={String(round)} data={KPI_ROUNDS.map((r) => ({ value: String(r), label: t('kpis.roundN', { round: r }) }))} />
            <Button type="submit" variant="light">{t('kpis.show')}</Button>
          </Group>
        </Form>
      )}
      {catalogId && kind
        ? lines.map((line) => (
            <Card key={line.key} withBorder data-testid="progress-line">
              <Stack gap={4}>
                <Text size="sm" c="dimmed">{line.group}</Text>
                <Text fw={600}>{line.measure}</Text>
                {line.activity ? <Text>{t('kpis.progress.activity')}: {line.activity}</Text> : null}
                <Text size="sm">{t('kpis.progress.period')}: {line.period}{line.hostUnit ? ` · ${t('kpis.progress.hostUnit')}: ${line.hostUnit}` : ''}</Text>
                {line.record ? (
                  <Text size="xs" c="dimmed">{t('kpis.progress.updatedBy', { name: line.record.updatedByName, at: formatDate(line.record.updatedAt, locale, { style: 'datetime' }) })}</Text>
                ) : (
                  <Badge variant="light" color="gray" w="fit-content">{t('kpis.progress.notReported')}</Badge>
                )}
                {line.mayEdit ? (
                  <LineForm line={line} kind={kind} catalogId={catalogId} round={round} evidence={evidence} />
                ) : line.record ? (
                  <Stack gap={2}>
                    {kind === 'integrity-policy' ? (
                      <>
                        {line.record.method ? <Text size="sm"><b>{t('kpis.progress.method')}:</b> {line.record.method}</Text> : null}
                        <Text size="sm"><b>{t('kpis.progress.result')}:</b> {line.record.result}</Text>
                      </>
                    ) : (
                      <>
                        <Text size="sm"><b>{t('kpis.progress.summary')}:</b> {line.record.summary}</Text>
                        {line.record.outcome ? <Text size="sm"><b>{t('kpis.progress.outcome')}:</b> {line.record.outcome}</Text> : null}
                      </>
                    )}
                    {line.record.evidence.length ? <Text size="sm"><b>{t('kpis.progress.evidence')}:</b> {line.record.evidence.map((e, i) => `${i + 1}. ${e.title}`).join(' · ')}</Text> : null}
                  </Stack>
                ) : null}
              </Stack>
            </Card>
          ))
        : null}
    </Stack>
  )
}
