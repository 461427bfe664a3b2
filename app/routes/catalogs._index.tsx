import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Anchor, Button, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { CatalogBadges, usePick } from '#app/components/catalog/badges'
import { CatalogFileInput } from '#app/components/catalog/file-input'
import { FormError, useLocalize } from '#app/components/messages'
import { readCatalogUpload } from '#app/utils/catalog-upload.server'
import { useLocale, useT } from '#app/utils/i18n'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { can } from '#models/tenancy/permissions'
import { CatalogImportError, importCatalogFile, listBuiltInCatalogs, listCatalogs, startFromBuiltIn } from '#models/catalog/catalog.server'
import { formatDate, formatFiscalYear } from '#models/dates'
import { AppError } from '#models/errors'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.read')
  const catalogs = await listCatalogs(member.organization.id)
  return json({ catalogs, builtIns: listBuiltInCatalogs(), canManage: can(member.membership, 'catalog.manage') })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'catalog.manage')
  const actor = actorOf(member, request, context)
  const isUpload = request.headers.get('Content-Type')?.startsWith('multipart/form-data')
  try {
    if (isUpload) {
      const { file } = await readCatalogUpload(request)
      return redirect(`/catalogs/${(await importCatalogFile(actor, file)).id}`)
    }
    const form = await request.formData()
    return redirect(`/catalogs/${(await startFromBuiltIn(actor, String(form.get('key') ?? ''))).id}`)
  } catch (error) {
    // an import refusal carries every problem (sheet, row, column, rule): the screen lists them all
    if (!(error instanceof AppError)) throw error
    if (error.status === 404 || error.status === 403) throw new Response(error.message, { status: error.status })
    return json({ formError: error.message, fieldErrors: error.fieldErrors, problems: error instanceof CatalogImportError ? error.problems : undefined }, { status: error.status })
  }
}

export default function Catalogs() {
  const { catalogs, builtIns, canManage } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>() as { formError?: string; problems?: string[]; fieldErrors?: Record<string, string> } | undefined
  const t = useT()
  const l = useLocalize()
  const locale = useLocale()
  const pick = usePick()
  const busy = useNavigation().state === 'submitting'
  const used = new Set(catalogs.map((c) => c.sourceKey))
  return (
    <Stack maw={1100} mx="auto">
      <Title order={2}>{t('catalogs.title')}</Title>
      <FormError message={data?.formError} />
      {data?.problems?.length ? (
        <Card withBorder>
          <Text fw={600}>{t('catalogs.importProblems')}</Text>
          <List size="sm" data-testid="import-problems">
            {data.problems.map((p, i) => <List.Item key={i}>{l(p)}</List.Item>)}
          </List>
        </Card>
      ) : null}
      <Title order={3}>{t('catalogs.mine')}</Title>
      {catalogs.length === 0 ? (
        <Text c="dimmed">{t('catalogs.empty')}</Text>
      ) : (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('catalogs.criterion')}</Table.Th>
              <Table.Th>{t('catalogs.fiscalYear')}</Table.Th>
              <Table.Th />
              <Table.Th>{t('catalogs.updated')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {catalogs.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/catalogs/${c.id}`}>{pick(c.nameTh, c.nameEn)}</Anchor>
                  <Text size="xs" c="dimmed">{t(`catalogs.kind.${c.kind}`)} · {t('catalogs.items', { count: c.itemCount })}</Text>
                </Table.Td>
                <Table.Td>{formatFiscalYear(c.fiscalYear, locale)}</Table.Td>
                <Table.Td><CatalogBadges status={c.status} version={c.version} provisional={c.provisional} /></Table.Td>
                <Table.Td>{formatDate(c.updatedAt, locale)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canManage ? (
        <>
          <Title order={3}>{t('catalogs.builtIn')}</Title>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {builtIns.map((b) => (
              <Card withBorder key={b.key}>
                <Stack gap="xs">
                  <Text fw={600}>{pick(b.nameTh, b.nameEn)}</Text>
                  <Group gap={6}>
                    <Text size="sm" c="dimmed">{formatFiscalYear(b.fiscalYear, locale)} · {t(`catalogs.kind.${b.kind}`)} · {t('catalogs.items', { count: b.itemCount })}</Text>
                    {b.provisional ? <CatalogBadges status="published" provisional /> : null}
                  </Group>
                  {b.provisional ? <Text size="xs" c="orange.9" lineClamp={3}>{pick(b.provenanceTh, b.provenanceEn)}</Text> : null}
                  <Form method="post">
                    <input type="hidden" name="key" value={b.key} />
                    <Button type="submit" size="xs" variant="light" disabled={used.has(b.key)} loading={busy}>
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
                <CatalogFileInput label={t('catalogs.importFile')} error={data?.fieldErrors?.file} />
                <Group justify="space-between">
                  <Anchor href="/catalogs/template.xlsx" download>{t('catalogs.template')}</Anchor>
                  <Button type="submit" loading={busy}>{t('catalogs.importSubmit')}</Button>
                </Group>
              </Stack>
            </Form>
          </Card>
        </>
      ) : null}
    </Stack>
  )
}
