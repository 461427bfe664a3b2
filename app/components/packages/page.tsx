/** The submission packages: generate the year's archive, follow its progress live, download it. */
import type { SerializeFrom } from '@remix-run/node'
import { useRevalidator } from '@remix-run/react'
import { Anchor, Badge, Button, Card, Group, NativeSelect, Progress, Table, Text, Title } from '@mantine/core'
import { useEffect } from 'react'
import { ConfirmButton } from '#app/components/confirm-button'
import { IntentForm, useActionForm } from '#app/components/forms'
import { FormError, useLocalize } from '#app/components/messages'
import { DataTable } from '#app/components/ui/data-table'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate, formatFiscalYear } from '#models/dates'
// the rounds come from the browser-safe schema: constants of a .server module do not reach the browser
import { REPORTING_ROUNDS } from '#models/catalog/schema'
import type { PackageJob, PackageStatus } from '#models/reporting/package-job.server'

export type PackagesPageData = SerializeFrom<{ jobs: PackageJob[]; years: number[]; defaultYear: number | null }>

const COLOR: Record<PackageStatus, string> = {
  queued: 'gray',
  running: 'blue',
  done: 'teal',
  failed: 'red',
  cancelled: 'orange',
}

/** "12.3 MB" (decimal units, as file managers show them). */
function size(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let v = bytes
  let i = -1
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000
    i++
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`
}

export function PackagesPage({ jobs, years, defaultYear }: PackagesPageData) {
  const { formError, error } = useActionForm()
  const t = useT()
  const locale = useLocale()
  const l = useLocalize()
  const revalidator = useRevalidator()
  const active = jobs.some((j) => j.status === 'queued' || j.status === 'running')

  // while a package is being generated, reload its progress about once a second
  useEffect(() => {
    if (!active) return
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate()
    }, 1000)
    return () => clearInterval(timer)
  }, [active, revalidator])

  return (
    <Page title={t('packages.title')} description={t('packages.intro')} width={1200}>
      <FormError message={formError} />
      <Card withBorder>
        {years.length === 0 ? (
          <Text c="dimmed">{t('packages.noYears')}</Text>
        ) : (
          <IntentForm intent="generate">
            <Group align="flex-end">
              <NativeSelect
                name="fiscalYear"
                label={t('packages.fiscalYear')}
                defaultValue={String(defaultYear ?? years[0])}
                data={years.map((y) => ({ value: String(y), label: formatFiscalYear(y, locale) }))}
                error={error('fiscalYear')}
              />
              <NativeSelect
                name="round"
                label={t('packages.round')}
                defaultValue="12"
                data={REPORTING_ROUNDS.map((r) => ({
                  value: String(r),
                  label: t('packages.roundOption', { round: r }),
                }))}
                error={error('round')}
              />
              <Button type="submit" disabled={active}>
                {t('packages.generate')}
              </Button>
            </Group>
          </IntentForm>
        )}
      </Card>

      <Title order={3}>{t('packages.list')}</Title>
      <DataTable
        verticalSpacing="sm"
        empty={jobs.length === 0 && t('packages.empty')}
        columns={[
          t('packages.col.package'),
          t('packages.col.requested'),
          t('packages.col.status'),
          t('packages.col.state'),
          t('packages.col.result'),
        ]}
      >
        {jobs.map((j) => {
          const label = t('packages.label', { fiscalYear: j.fiscalYear, round: j.round })
          const percent = j.bytesTotal > 0 ? Math.round((j.bytesDone / j.bytesTotal) * 100) : 0
          return (
            <Table.Tr key={j.id} data-testid="package-row" data-status={j.status}>
              <Table.Td>{label}</Table.Td>
              <Table.Td>
                {j.requestedByName}
                <Text size="sm" c="dimmed">
                  {formatDate(j.requestedAt, locale, { style: 'datetime' })}
                </Text>
              </Table.Td>
              <Table.Td miw={260}>
                <Badge color={COLOR[j.status]} variant="light" data-testid="package-status">
                  {t(`packages.status.${j.status}`)}
                </Badge>
                {j.status === 'running' ? (
                  j.filesTotal === 0 ? (
                    <Text size="sm" mt={4}>
                      {t('packages.preparing')}
                    </Text>
                  ) : (
                    <>
                      <Progress value={percent} mt={6} aria-label={t('packages.status.running')} />
                      <Text size="sm" data-testid="package-progress">
                        {t('packages.progress', {
                          filesDone: j.filesDone,
                          filesTotal: j.filesTotal,
                          bytesDone: size(j.bytesDone),
                          bytesTotal: size(j.bytesTotal),
                        })}
                      </Text>
                    </>
                  )
                ) : null}
                {j.cancelRequested && (j.status === 'queued' || j.status === 'running') ? (
                  <Text size="sm">{t('packages.cancelRequested')}</Text>
                ) : null}
                {j.failureReason && j.status !== 'done' ? (
                  <Text size="sm" c={j.status === 'failed' ? 'red' : 'dimmed'}>
                    {l(j.failureReason)}
                  </Text>
                ) : null}
                {j.finishedAt ? (
                  <Text size="sm" c="dimmed">
                    {formatDate(j.finishedAt, locale, { style: 'datetime' })}
                  </Text>
                ) : null}
                {(j.status === 'queued' || j.status === 'running') && !j.cancelRequested ? (
                  <IntentForm intent="cancel">
                    <input type="hidden" name="packageId" value={j.id} />
                    <ConfirmButton
                      size="compact-sm"
                      variant="light"
                      mt={6}
                      message={t('packages.cancelConfirm', { label })}
                    >
                      {t('packages.cancel')}
                    </ConfirmButton>
                  </IntentForm>
                ) : null}
              </Table.Td>
              <Table.Td>
                {j.state ? (
                  <>
                    <Text size="sm">
                      {t('packages.state', {
                        at: formatDate(j.state.generatedAt, locale, { style: 'datetime' }),
                        items: j.state.approvedItems,
                        files: j.state.files,
                      })}
                    </Text>
                    {j.state.catalogs.map((c) => (
                      <Text size="xs" c="dimmed" key={`${c.key}-${c.version}`}>
                        {t('packages.catalogVersion', { name: c.nameTh, version: c.version })}
                      </Text>
                    ))}
                  </>
                ) : null}
              </Table.Td>
              <Table.Td maw={300}>
                {j.status === 'done' ? (
                  <>
                    <Text size="sm">{size(j.size)}</Text>
                    <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }} data-testid="package-sha256">
                      {j.sha256}
                    </Text>
                    <Anchor href={`/packages/${j.id}/download`} size="sm">
                      {t('packages.download')}
                    </Anchor>
                  </>
                ) : null}
              </Table.Td>
            </Table.Tr>
          )
        })}
      </DataTable>
    </Page>
  )
}
