/** A catalog's page: its status and downloads, publish / version / delete, and the editor for its kind. */
import type { SerializeFrom } from '@remix-run/node'
import { Form, Link } from '@remix-run/react'
import { Alert, Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core'
import { CatalogBadges, ProvenanceNote, usePick } from '#app/components/catalog/badges'
import { EditFailureProvider, Op, type EditFailure } from '#app/components/catalog/edit-form'
import { CatalogFileInput, ImportProblems } from '#app/components/catalog/file-input'
import { ItaEditor } from '#app/components/catalog/ita-editor'
import { KpiEditor } from '#app/components/catalog/kpi-editor'
import { PlanEditor } from '#app/components/catalog/plan-editor'
import { ConfirmButton } from '#app/components/confirm-button'
import { useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import type { StoredCatalog } from '#models/catalog/catalog.server'
import type { Catalog } from '#models/catalog/schema'
import { formatDate, formatFiscalYear } from '#models/dates'

export type CatalogPageData = SerializeFrom<{ catalog: StoredCatalog; rolledOver: boolean; canManage: boolean }>

export function CatalogPage({ catalog, rolledOver, canManage }: CatalogPageData) {
  // a successful edit redirects: an answer is always a refusal
  const { data, busy } = useActionForm<EditFailure & { problems?: string[] }>()
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  // plain JSON data: the serialized tree is the catalog itself (no dates or classes in it)
  const content = catalog.content as unknown as Catalog
  const isIta = content.kind === 'ita' || content.kind === 'ita-variant'
  const editable = canManage && catalog.status === 'draft'
  const name = pick(catalog.nameTh, catalog.nameEn)
  return (
    <EditFailureProvider value={data}>
      <Page back={{ to: '/catalogs', label: t('catalogs.title') }} title={name}>
        <Group>
          <Text>{formatFiscalYear(catalog.fiscalYear, locale)}</Text>
          <CatalogBadges status={catalog.status} version={catalog.version} provisional={catalog.provisional} />
          {catalog.publishedAt ? (
            <Text size="sm" c="dimmed">
              {t('catalogs.published')} {formatDate(catalog.publishedAt, locale, { style: 'long' })}
            </Text>
          ) : null}
        </Group>
        <ProvenanceNote provisional={catalog.provisional} th={catalog.provenanceTh} en={catalog.provenanceEn} />
        {/* a refusal of one of the item forms is shown in that form */}
        {data?.formKey ? null : <FormError message={data?.formError} />}
        <ImportProblems problems={data?.problems} />
        {catalog.status === 'published' && canManage ? <Alert color="gray">{t('catalogs.frozen')}</Alert> : null}
        {catalog.status === 'archived' ? <Alert color="gray">{t('catalogs.archivedNote')}</Alert> : null}
        {rolledOver ? <Alert color="gray">{t('catalogs.rolledNote')}</Alert> : null}
        <Group>
          <Text size="sm">{t('catalogs.download')}:</Text>
          <Anchor href={`/catalogs/${catalog.id}.json`} download>
            {t('catalogs.downloadJson')}
          </Anchor>
          {isIta ? (
            <Anchor href={`/catalogs/${catalog.id}.xlsx`} download>
              {t('catalogs.downloadXlsx')}
            </Anchor>
          ) : null}
        </Group>
        {canManage ? (
          <Group>
            {catalog.status === 'draft' ? (
              <>
                <Op intent="publish" hidden={{}}>
                  <ConfirmButton color="teal" message={t('catalogs.publishConfirm', { name })}>
                    {t('catalogs.publish')}
                  </ConfirmButton>
                </Op>
                <Op intent="delete" hidden={{}}>
                  <ConfirmButton variant="light" message={t('catalogs.deleteConfirm', { name })}>
                    {t('catalogs.delete')}
                  </ConfirmButton>
                </Op>
              </>
            ) : null}
            {catalog.status === 'published' ? (
              <Op intent="new-version" hidden={{}}>
                <Button type="submit" variant="light" loading={busy()}>
                  {t('catalogs.newVersion')}
                </Button>
              </Op>
            ) : null}
            {catalog.status !== 'archived' ? (
              <>
                <Button component={Link} to={`/assignments?catalogId=${catalog.id}`} variant="light">
                  {t('catalogs.assign')}
                </Button>
                <Button component={Link} to={`/catalogs/${catalog.id}/rollover`} variant="light">
                  {t('catalogs.rollover', { year: formatFiscalYear(catalog.fiscalYear + 1, locale) })}
                </Button>
              </>
            ) : null}
          </Group>
        ) : null}
        {editable ? (
          <Card withBorder>
            <Form method="post" encType="multipart/form-data">
              <Stack gap="xs">
                <Title order={5}>{t('catalogs.importReplace')}</Title>
                <CatalogFileInput label={t('catalogs.importFile')} error={data?.fieldErrors?.file} />
                <Button type="submit" size="xs" w="fit-content" loading={busy()}>
                  {t('catalogs.importSubmit')}
                </Button>
              </Stack>
            </Form>
          </Card>
        ) : null}
        {/* remounted after every saved edit, so each form shows what is now stored */}
        <div key={catalog.updatedAt}>
          {content.kind === 'kpi-agreement' ? (
            <KpiEditor catalog={content} editable={editable} />
          ) : content.kind === 'integrity-policy' || content.kind === 'improvement-measures' ? (
            <PlanEditor catalog={content} editable={editable} />
          ) : (
            <ItaEditor catalog={content} editable={editable} />
          )}
        </div>
      </Page>
    </EditFailureProvider>
  )
}
