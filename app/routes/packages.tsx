import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useRevalidator } from '@remix-run/react'
import { Anchor, Badge, Button, Card, Group, NativeSelect, Progress, Stack, Table, Text, Title } from '@mantine/core'
import { useEffect } from 'react'
import { ConfirmButton } from '#app/components/confirm-button'
import { FormError, useLocalize } from '#app/components/messages'
import { attempt, fields } from '#app/utils/forms.server'
import { useLocale, useT } from '#app/utils/i18n'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { defaultFiscalYear, formatDate, formatFiscalYear } from '#models/dates'
// the rounds come from the browser-safe schema: constants of a .server module do not reach the browser
import { KPI_ROUNDS } from '#models/catalog/schema'
import { cancelPackageJob, listPackageJobs, packageFiscalYears, requestPackageJob, type PackageStatus } from '#models/reporting/package-job.server'

/** Administrators generate the year's submission package and download it; progress is live. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'package.generate')
  const [jobs, years] = await Promise.all([listPackageJobs(member.organization.id), packageFiscalYears(member.organization.id)])
  // the year in progress when it has a published catalog, else the latest one
  return json({ jobs, years, defaultYear: years.length ? defaultFiscalYear(years) : null })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'package.generate')
  const form = await request.formData()
  const { intent, fiscalYear, round, packageId } = fields(form, ['intent', 'fiscalYear', 'round', 'packageId'])
  const actor = actorOf(member, request, context)
  const result = await attempt(() => (intent === 'cancel' ? cancelPackageJob(actor, packageId) : requestPackageJob(actor, { fiscalYear, round })))
  if (!result.ok) return result.response
  return redirect('/packages')
}

const COLOR: Record<PackageStatus, string> = { queued: 'gray', running: 'blue', done: 'teal', failed: 'red', cancelled: 'orange' }

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

export default function Packages() {
  const { jobs, years, defaultYear } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
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
    <Stack maw={1200} mx="auto">
      <Title order={2}>{t('packages.title')}</Title>
      <Text c="dimmed">{t('packages.intro')}</Text>
      <FormError message={data?.formError} />
      <Card withBorder>
        {years.length === 0 ? (
          <Text c="dimmed">{t('packages.noYears')}</Text>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="generate" />
            <Group align="flex-end">
              <NativeSelect name="fiscalYear" label={t('packages.fiscalYear')} defaultValue={String(defaultYear ?? years[0])} data={years.map((y) => ({ value: String(y), label: formatFiscalYear(y, locale) }))} error={l(data?.fieldErrors?.fiscalYear)} />
              <NativeSelect name="round" label={t('packages.round')} defaultValue="12" data={KPI_ROUNDS.map((r) => ({ value: String(r), label: t('packages.roundOption', { round: r }) }))} error={l(data?.fieldErrors?.round)} />
              <Button type="submit" disabled={active}>{t('packages.generate')}</Button>
            </Group>
          </Form>
        )}
      </Card>

      <Title order={3}>{t('packages.list')}</Title>
      {jobs.length === 0 ? (
        <Text c="dimmed">{t('packages.empty')}</Text>
      ) : (
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('packages.col.package')}</Table.Th>
              <Table.Th>{t('packages.col.requested')}</Table.Th>
              <Table.Th>{t('packages.col.status')}</Table.Th>
              <Table.Th>{t('packages.col.state')}</Table.Th>
              <Table.Th>{t('packages.col.result')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {jobs.map((j) => {
              const label = t('packages.label', { fiscalYear: j.fiscalYear, round: j.round })
              const percent = j.bytesTotal > 0 ? Math.round((j.bytesDone / j.bytesTotal) * 100) : 0
              return (
                <Table.Tr key={j.id} data-testid="package-row" data-status={j.status}>
                  <Table.Td>{label}</Table.Td>
                  <Table.Td>
                    {j.requestedByName}
                    <Text size="sm" c="dimmed">{formatDate(j.requestedAt, locale, { style: 'datetime' })}</Text>
                  </Table.Td>
                  <Table.Td miw={260}>
                    <Badge color={COLOR[j.status]} variant="light" data-testid="package-status">{t(`packages.status.${j.status}`)}</Badge>
                    {j.status === 'running' ? (
                      j.filesTotal === 0 ? (
                        <Text size="sm" mt={4}>{t('packages.preparing')}</Text>
                      ) : (
                        <>
                          <Progress value={percent} mt={6} aria-label={t('packages.status.running')} />
                          <Text size="sm" data-testid="package-progress">
                            {t('packages.progress', { filesDone: j.filesDone, filesTotal: j.filesTotal, bytesDone: size(j.bytesDone), bytesTotal: size(j.bytesTotal) })}
                          </Text>
                        </>
                      )
                    ) : null}
                    {j.cancelRequested && (j.status === 'queued' || j.status === 'running') ? <Text size="sm">{t('packages.cancelRequested')}</Text> : null}
                    {j.failureReason && j.status !== 'done' ? <Text size="sm" c={j.status === 'failed' ? 'red' : 'dimmed'}>{l(j.failureReason)}</Text> : null}
                    {j.finishedAt ? <Text size="sm" c="dimmed">{formatDate(j.finishedAt, locale, { style: 'datetime' })}</Text> : null}
                    {(j.status === 'queued' || j.status === 'running') && !j.cancelRequested ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="cancel" />
                        <input type="hidden" name="packageId" value={j.id} />
                        <ConfirmButton size="compact-sm" variant="light" mt={6} message={t('packages.cancelConfirm', { label })}>
                          {t('packages.cancel')}
                        </ConfirmButton>
                      </Form>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    {j.state ? (
                      <>
                        <Text size="sm">{t('packages.state', { at: formatDate(j.state.generatedAt, locale, { style: 'datetime' }), items: j.state.approvedItems, files: j.state.files })}</Text>
                        {j.state.catalogs.map((c) => (
                          <Text size="xs" c="dimmed" key={`${c.key}-${c.version}`}>{t('packages.catalogVersion', { name: c.nameTh, version: c.version })}</Text>
                        ))}
                      </>
                    ) : null}
                  </Table.Td>
                  <Table.Td maw={300}>
                    {j.status === 'done' ? (
                      <>
                        <Text size="sm">{size(j.size)}</Text>
                        <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }} data-testid="package-sha256">{j.sha256}</Text>
                        <Anchor href={`/packages/${j.id}/download`} size="sm">{t('packages.download')}</Anchor>
                      </>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  )
}
