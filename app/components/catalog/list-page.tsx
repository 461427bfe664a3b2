/** The catalogs page: the organization's catalogs, and for administrators the built-in ones and the import. */
import type { SerializeFrom } from '@remix-run/node'
import { Form, Link } from '@remix-run/react'
import { Anchor, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { CatalogBadges, usePick } from '#app/components/catalog/badges'
import { CatalogFileInput, ImportProblems } from '#app/components/catalog/file-input'
import { useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { DataTable } from '#app/components/ui/data-table'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import type { CatalogSummary, listBuiltInCatalogs } from '#models/catalog/catalog.server'
import { formatDate, formatFiscalYear } from '#models/dates'

export type CatalogsPageData = SerializeFrom<{
  catalogs: CatalogSummary[]
  builtIns: ReturnType<typeof listBuiltInCatalogs>
  canManage: boolean
}>

export function CatalogsPage({ catalogs, builtIns, canManage }: CatalogsPageData) {
  const { data, formError, errors, busy } = useActionForm<{ problems?: string[] }>()
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  const used = new Set(catalogs.map((c) => c.sourceKey))
  return (
    <Page title={t('catalogs.title')}>
      <FormError message={formError} />
      <ImportProblems problems={data?.problems} />
      <Title order={3}>{t('catalogs.mine')}</Title>
      <DataTable
        striped
        highlightOnHover
        empty={catalogs.length === 0 && t('catalogs.empty')}
        columns={[t('catalogs.criterion'), t('catalogs.fiscalYear'), null, t('catalogs.updated')]}
      >
        {catalogs.map((c) => (
          <Table.Tr key={c.id}>
            <Table.Td>
              <Anchor component={Link} to={`/catalogs/${c.id}`}>
                {pick(c.nameTh, c.nameEn)}
              </Anchor>
              <Text size="xs" c="dimmed">
                {t(`catalogs.kind.${c.kind}`)} · {t('catalogs.items', { count: c.itemCount })}
              </Text>
            </Table.Td>
            <Table.Td>{formatFiscalYear(c.fiscalYear, locale)}</Table.Td>
            <Table.Td>
              <CatalogBadges status={c.status} version={c.version} provisional={c.provisional} />
            </Table.Td>
            <Table.Td>{formatDate(c.updatedAt, locale)}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {canManage ? (
        <>
          <Title order={3}>{t('catalogs.builtIn')}</Title>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {builtIns.map((b) => (
              <Card withBorder key={b.key}>
                <Stack gap="xs">
                  <Text fw={600}>{pick(b.nameTh, b.nameEn)}</Text>
                  <Group gap={6}>
                    <Text size="sm" c="dimmed">
                      {formatFiscalYear(b.fiscalYear, locale)} · {t(`catalogs.kind.${b.kind}`)} ·{' '}
                      {t('catalogs.items', { count: b.itemCount })}
                    </Text>
                    {b.provisional ? <CatalogBadges status="published" provisional /> : null}
                  </Group>
                  {b.provisional ? (
                    <Text size="xs" c="orange.9" lineClamp={3}>
                      {pick(b.provenanceTh, b.provenanceEn)}
                    </Text>
                  ) : null}
                  <Form method="post">
                    <input type="hidden" name="key" value={b.key} />
                    <Button type="submit" size="xs" variant="light" disabled={used.has(b.key)} loading={busy()}>
                      {used.has(b.key) ? t('catalogs.inUse') : t('catalogs.use')}
                    </Button>
                  </Form>
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
          <Card withBorder>
            <Form method="post" encType="multipart/form-data">
              <Stack>
                <Title order={4}>{t('catalogs.import')}</Title>
                <CatalogFileInput label={t('catalogs.importFile')} error={errors.file} />
                <Group justify="space-between">
                  <Anchor href="/catalogs/template.xlsx" download>
                    {t('catalogs.template')}
                  </Anchor>
                  <Button type="submit" loading={busy()}>
                    {t('catalogs.importSubmit')}
                  </Button>
                </Group>
              </Stack>
            </Form>
          </Card>
        </>
      ) : null}
    </Page>
  )
}
