import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, List, NativeSelect, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { BeDateInput } from '#app/components/be-date-input'
import { usePick } from '#app/components/catalog/badges'
import { FormError, useLocalize } from '#app/components/messages'
import { ReviewStatusBadge } from '#app/components/review/status'
import { useLocale, useT } from '#app/utils/i18n'
import { requirePermission } from '#app/utils/session.server'
import { getCompleteness, parseCompletenessFilters, type Summary } from '#models/reporting/completeness.server'
import { formatDate, formatFiscalYear } from '#models/dates'
import { AppError } from '#models/errors'
import type { ItemStatus } from '#models/work/review.server'

/** The same colours as the status badges (app/components/review-status.tsx). */
const COLOR: Record<ItemStatus, string> = {
  'not-started': 'gray',
  'in-progress': 'blue',
  carried: 'orange',
  submitted: 'violet',
  returned: 'red',
  approved: 'teal',
}
// a type-only import keeps models/review.server (mongoose) out of the browser bundle
const STATUSES = Object.keys(COLOR) as ItemStatus[]

/** Administrators, assessors and executives: the matrix of one catalog, filtered by the query string. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'dashboard.read')
  const url = new URL(request.url)
  try {
    const filters = parseCompletenessFilters(url.searchParams)
    return json({ data: await getCompleteness(member.organization.id, filters), query: url.search, formError: null, fieldErrors: {} as Record<string, string> })
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    if (error.status === 404) throw new Response(error.message, { status: 404 })
    // a bad filter: the page says which and why; nothing is shown for it
    return json({ data: null, query: url.search, formError: error.message, fieldErrors: error.fieldErrors }, { status: 400 })
  }
}

const percent = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`)

function SummaryCard({ label, summary, testId }: { label: string; summary: Summary; testId: string }) {
  const t = useT()
  return (
    <Card withBorder data-testid={testId}>
      <Text fw={600}>{label}</Text>
      <Group gap="xl" mt="xs">
        <div>
          <Text size="xs" c="dimmed">{t('cmp.approvedPct')}</Text>
          <Text fz={28} fw={600} data-testid="approved-pct">{percent(summary.approvedPct)}</Text>
          <Text size="sm">{summary.approved} / {summary.items}</Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">{t('cmp.evidencePct')}</Text>
          <Text fz={28} fw={600} data-testid="evidence-pct">{percent(summary.evidencePct)}</Text>
          <Text size="sm">{summary.elementsCovered} / {summary.elementsRequired}</Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">{t('cmp.overdue')}</Text>
          <Text fz={28} fw={600} c={summary.overdue ? 'red' : undefined} data-testid="overdue-count">{summary.overdue}</Text>
        </div>
      </Group>
    </Card>
  )
}

export default function CompletenessPage() {
  const { data, query, formError, fieldErrors } = useLoaderData<typeof loader>()
  const t = useT()
  const l = useLocalize()
  const locale = useLocale()
  const pick = usePick()
  const f = data?.filters
  const [params] = useSearchParams()
  return (
    <Stack maw={1400} mx="auto">
      <Title order={2}>{t('cmp.title')}</Title>
      <FormError message={formError} />
      {!data && !formError ? <Text c="dimmed">{t('cmp.noCatalog')}</Text> : null}
      <Card withBorder component="section" aria-label={t('cmp.filters')}>
        {/* GET: the filters live in the address, so they work without JavaScript and can be shared */}
        <Form method="get">
          <Group align="flex-end" wrap="wrap">
            {data ? (
              <NativeSelect
                name="catalog"
                label={t('cmp.catalog')}
                defaultValue={data.catalog.id}
                data={data.options.catalogs.map((c) => ({ value: c.id, label: `${pick(c.nameTh, c.nameEn)} · ${formatFiscalYear(c.fiscalYear, locale)} v${c.version}${c.status === 'archived' ? ` (${t('cmp.archived')})` : ''}` }))}
              />
            ) : null}
            <NativeSelect
              name="status"
              label={t('cmp.status')}
              defaultValue={f?.status ?? ''}
              error={l(fieldErrors.status)}
              data={[{ value: '', label: t('cmp.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`review.status.${s}`) }))]}
            />
            <NativeSelect
              name="unit"
              label={t('cmp.unit')}
              defaultValue={f?.unit ?? ''}
              error={l(fieldErrors.unit)}
              data={[{ value: '', label: t('cmp.all') }, ...(data?.options.units ?? []).map((u) => ({ value: u.id, label: pick(u.nameTh, u.nameEn) }))]}
            />
            <NativeSelect
              name="owner"
              label={t('cmp.owner')}
              defaultValue={f?.owner ?? ''}
              error={l(fieldErrors.owner)}
              data={[{ value: '', label: t('cmp.all') }, ...(data?.options.owners ?? []).map((p) => ({ value: p.id, label: pick(p.nameTh, p.nameEn) }))]}
            />
            {/* after a refusal the boxes keep what was typed, so it can be corrected */}
            <BeDateInput name="dueFrom" label={t('cmp.dueFrom')} defaultValue={f ? f.dueFrom : params.get('dueFrom')} error={l(fieldErrors.dueFrom)} w={190} />
            <BeDateInput name="dueTo" label={t('cmp.dueTo')} defaultValue={f ? f.dueTo : params.get('dueTo')} error={l(fieldErrors.dueTo)} w={190} />
            <Checkbox name="overdue" value="on" label={t('cmp.overdueOnly')} defaultChecked={Boolean(f?.overdue)} mb={8} />
            <Button type="submit" variant="light">{t('cmp.show')}</Button>
            <Anchor component={Link} to={data ? `/completeness?catalog=${data.catalog.id}` : '/completeness'} mb={6}>{t('cmp.clear')}</Anchor>
            {data ? (
              <Button component="a" href={`/completeness.xlsx${query}`} variant="outline" data-testid="excel">
                {t('cmp.excel')}
              </Button>
            ) : null}
          </Group>
        </Form>
      </Card>

      {data ? (
        <>
          <Text c="dimmed">
            {pick(data.catalog.nameTh, data.catalog.nameEn)} · {formatFiscalYear(data.catalog.fiscalYear, locale)} · {formatDate(data.generatedAt, locale, { style: 'datetime' })}
          </Text>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <SummaryCard label={t('cmp.overall')} summary={data.overall} testId="overall" />
            <Card withBorder>
              <Text fw={600}>{t('cmp.legend')}</Text>
              <Group gap="xs" mt="xs" data-testid="status-counts">
                {STATUSES.map((s) => (
                  <Badge key={s} color={COLOR[s]} variant="light" size="lg" data-status={s}>
                    {t(`review.status.${s}`)}: {data.overall.byStatus[s]}
                  </Badge>
                ))}
              </Group>
              {data.unassigned ? <Text size="sm" mt="xs">{t('cmp.unassigned', { count: data.unassigned })}</Text> : null}
            </Card>
          </SimpleGrid>
          <Alert variant="light" color="gray" title={t('cmp.definitions')}>
            <List size="sm">
              <List.Item>{t('cmp.def.approved')}</List.Item>
              <List.Item>{t('cmp.def.evidence')}</List.Item>
              <List.Item>{t('cmp.def.overdue')}</List.Item>
              <List.Item>{t('cmp.def.cells')}</List.Item>
            </List>
          </Alert>

          {data.rows.length === 0 ? (
            <Text c="dimmed" data-testid="no-rows">{t('cmp.noRows')}</Text>
          ) : (
            <>
              <Title order={3}>{t('cmp.byIndicator')}</Title>
              <Table.ScrollContainer minWidth={700}>
                <Table striped data-testid="by-indicator">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('cmp.indicator')}</Table.Th>
                      <Table.Th>{t('cmp.items')}</Table.Th>
                      <Table.Th>{t('cmp.approvedPct')}</Table.Th>
                      <Table.Th>{t('cmp.evidencePct')}</Table.Th>
                      <Table.Th>{t('cmp.elements')}</Table.Th>
                      <Table.Th>{t('cmp.overdue')}</Table.Th>
                      <Table.Th>{t('cmp.status')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.groups.map((g) => (
                      <Table.Tr key={g.group} data-group={g.group}>
                        <Table.Td>{g.group}</Table.Td>
                        <Table.Td>{g.items}</Table.Td>
                        <Table.Td data-testid="group-approved-pct">{percent(g.approvedPct)} ({g.approved})</Table.Td>
                        <Table.Td data-testid="group-evidence-pct">{percent(g.evidencePct)}</Table.Td>
                        <Table.Td>{g.elementsCovered} / {g.elementsRequired}</Table.Td>
                        <Table.Td c={g.overdue ? 'red' : undefined}>{g.overdue}</Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {STATUSES.filter((st) => g.byStatus[st] > 0).map((st) => (
                              <Badge key={st} color={COLOR[st]} variant="light" size="sm">
                                {t(`review.status.${st}`)}: {g.byStatus[st]}
                              </Badge>
                            ))}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>

              <Title order={3}>{t('cmp.matrix')}</Title>
              <Table.ScrollContainer minWidth={Math.max(800, 520 + data.units.length * 130)}>
                <Table withColumnBorders data-testid="matrix">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th style={{ position: 'sticky', left: 0, zIndex: 2, background: 'var(--mantine-color-body)', minWidth: 240 }}>{t('cmp.item')}</Table.Th>
                      <Table.Th>{t('cmp.status')}</Table.Th>
                      <Table.Th>{t('cmp.evidence')}</Table.Th>
                      <Table.Th>{t('cmp.elements')}</Table.Th>
                      <Table.Th>{t('cmp.due')}</Table.Th>
                      {data.units.map((u) => (
                        <Table.Th key={u.id}>{pick(u.nameTh, u.nameEn)}</Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.rows.map((r) => (
                      <Table.Tr key={r.itemCode} data-item={r.itemCode}>
                        <Table.Th scope="row" style={{ position: 'sticky', left: 0, zIndex: 1, background: 'var(--mantine-color-body)', fontWeight: 400 }}>
                          <Anchor component={Link} to={`/items/${data.catalog.id}/${encodeURIComponent(r.itemCode)}`} size="sm">
                            {r.itemCode} {pick(r.titleTh, r.titleEn)}
                          </Anchor>
                          <Text size="xs" c="dimmed">{r.group}</Text>
                        </Table.Th>
                        <Table.Td><ReviewStatusBadge status={r.status} data-testid="row-status" /></Table.Td>
                        <Table.Td data-testid="row-evidence">{r.evidenceCount}</Table.Td>
                        <Table.Td data-testid="row-elements">{r.elementsCovered} / {r.elementsRequired}</Table.Td>
                        <Table.Td>
                          <Text size="sm" c={r.overdue ? 'red' : undefined}>{r.dueDate ? formatDate(r.dueDate, locale) : '—'}</Text>
                          {r.overdue ? <Badge color="red" size="xs">{t('due.overdue')}</Badge> : null}
                        </Table.Td>
                        {data.units.map((u) => {
                          const cell = r.cells[u.id]
                          if (!cell) return <Table.Td key={u.id} />
                          return (
                            <Table.Td
                              key={u.id}
                              data-unit={u.id}
                              data-status={cell.status}
                              aria-label={t('cmp.cellLabel', { item: r.itemCode, unit: pick(u.nameTh, u.nameEn), status: `${t(`review.status.${cell.status}`)}${cell.overdue ? ` · ${t('cmp.cellOverdue')}` : ''}` })}
                              style={{ background: `var(--mantine-color-${COLOR[cell.status]}-1)`, boxShadow: cell.overdue ? 'inset 0 0 0 2px var(--mantine-color-red-6)' : undefined }}
                            >
                              <Text size="xs">{t(`review.status.${cell.status}`)}</Text>
                              {cell.overdue ? <Text size="xs" c="red" fw={600}>{t('cmp.cellOverdue')}</Text> : null}
                            </Table.Td>
                          )
                        })}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                  <Table.Tfoot>
                    <Table.Tr>
                      <Table.Th style={{ position: 'sticky', left: 0, background: 'var(--mantine-color-body)' }}>{t('cmp.unitTotals')}</Table.Th>
                      <Table.Td colSpan={4} />
                      {data.units.map((u) => (
                        <Table.Td key={u.id} data-testid="unit-total">
                          {u.byStatus.approved} / {u.cells}
                          {u.overdue ? <Text size="xs" c="red">{t('cmp.overdue')}: {u.overdue}</Text> : null}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  </Table.Tfoot>
                </Table>
              </Table.ScrollContainer>
            </>
          )}
        </>
      ) : null}
    </Stack>
  )
}
