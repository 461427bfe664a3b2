/** The completeness page: one catalog's items by status, evidence and due date, per unit. */
import { Alert, Badge, Card, Group, List, SimpleGrid, Text } from '@mantine/core'
import { useCatalogLabel } from '#app/components/catalog/badges'
import { CompletenessFilters } from '#app/components/completeness/filters'
import { ByIndicator, Matrix, percent } from '#app/components/completeness/tables'
import { FormError } from '#app/components/messages'
import { ITEM_STATUS_COLOR, ITEM_STATUSES } from '#app/components/ui/status-colors'
import { Page } from '#app/components/ui/page'
import type { MessageKey } from '#app/i18n'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate } from '#models/dates'
import type { CompletenessPageData } from '#app/components/completeness/types'
import type { Summary } from '#models/reporting/completeness.server'

/** A catalog's (or a filter's) approved share, evidence coverage and overdue count. */
function SummaryCard({ label, summary, testId }: { label: string; summary: Summary; testId: string }) {
  const t = useT()
  const figures: { label: MessageKey; testId: string; value: string | number; of?: string; color?: 'red' }[] = [
    {
      label: 'cmp.approvedPct',
      testId: 'approved-pct',
      value: percent(summary.approvedPct),
      of: `${summary.approved} / ${summary.items}`,
    },
    {
      label: 'cmp.evidencePct',
      testId: 'evidence-pct',
      value: percent(summary.evidencePct),
      of: `${summary.elementsCovered} / ${summary.elementsRequired}`,
    },
    {
      label: 'cmp.overdue',
      testId: 'overdue-count',
      value: summary.overdue,
      color: summary.overdue ? 'red' : undefined,
    },
  ]
  return (
    <Card withBorder data-testid={testId}>
      <Text fw={600}>{label}</Text>
      <Group gap="xl" mt="xs">
        {figures.map((x) => (
          <div key={x.testId}>
            <Text size="xs" c="dimmed">
              {t(x.label)}
            </Text>
            <Text fz={28} fw={600} c={x.color} data-testid={x.testId}>
              {x.value}
            </Text>
            {x.of ? <Text size="sm">{x.of}</Text> : null}
          </div>
        ))}
      </Group>
    </Card>
  )
}

export function CompletenessPage({ data, query, formError, fieldErrors }: CompletenessPageData) {
  const t = useT()
  const locale = useLocale()
  const catalogLabel = useCatalogLabel()
  return (
    <Page title={t('cmp.title')} width={1400}>
      <FormError message={formError} />
      {!data && !formError ? <Text c="dimmed">{t('cmp.noCatalog')}</Text> : null}
      <CompletenessFilters data={data} query={query} fieldErrors={fieldErrors} />
      {data ? (
        <>
          <Text c="dimmed">
            {catalogLabel(data.catalog)} · {formatDate(data.generatedAt, locale, { style: 'datetime' })}
          </Text>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <SummaryCard label={t('cmp.overall')} summary={data.overall} testId="overall" />
            <Card withBorder>
              <Text fw={600}>{t('cmp.legend')}</Text>
              <Group gap="xs" mt="xs" data-testid="status-counts">
                {ITEM_STATUSES.map((s) => (
                  <Badge key={s} color={ITEM_STATUS_COLOR[s]} variant="light" size="lg" data-status={s}>
                    {t(`review.status.${s}`)}: {data.overall.byStatus[s]}
                  </Badge>
                ))}
              </Group>
              {data.unassigned ? (
                <Text size="sm" mt="xs">
                  {t('cmp.unassigned', { count: data.unassigned })}
                </Text>
              ) : null}
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
            <Text c="dimmed" data-testid="no-rows">
              {t('cmp.noRows')}
            </Text>
          ) : (
            <>
              <ByIndicator groups={data.groups} />
              <Matrix data={data} />
            </>
          )}
        </>
      ) : null}
    </Page>
  )
}
