import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Anchor, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core'
import { CatalogBadges, ProvenanceNote, usePick } from '#app/components/catalog/badges'
import { EditFailureProvider, Op, type EditFailure } from '#app/components/catalog/edit-form'
import { CatalogFileInput } from '#app/components/catalog/file-input'
import { ItaEditor } from '#app/components/catalog/ita-editor'
import { KpiEditor } from '#app/components/catalog/kpi-editor'
import { PlanEditor } from '#app/components/catalog/plan-editor'
import { ConfirmButton } from '#app/components/confirm-button'
import { FormError, useLocalize } from '#app/components/messages'
import { readCatalogUpload } from '#app/utils/catalog-upload.server'
import { useLocale, useT } from '#app/utils/i18n'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { MULTI_VALUE_FIELDS, type CatalogEditInput } from '#models/catalog/edit'
import type { Catalog } from '#models/catalog/schema'
import { CatalogImportError, createNewVersion, deleteDraft, editDraft, getCatalog, importCatalogFile, listCatalogs, publishCatalog } from '#models/catalog/catalog.server'
import { formatDate, formatFiscalYear } from '#models/dates'
import { AppError, notFound } from '#models/errors'
import { can } from '#models/tenancy/permissions'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.read')
  const catalog = await getCatalog(member.organization.id, params.catalogId ?? '')
  if (!catalog) throw new Response(notFound().message, { status: 404 })
  const rolledOver = (await listCatalogs(member.organization.id)).some((c) => c.rolledFromId === catalog.id)
  return json({ catalog, rolledOver, canManage: can(member.membership, 'catalog.manage') })
}

/** A refusal of the page's forms: the message, field errors, and which form with what was typed. */
function refused(error: AppError, form: FormData | null) {
  const values: Record<string, string | string[]> = {}
  if (form)
    for (const key of new Set(form.keys())) {
      const all = form.getAll(key).filter((v): v is string => typeof v === 'string')
      values[key] = all.length > 1 || (MULTI_VALUE_FIELDS as readonly string[]).includes(key) ? all : (all[0] ?? '')
    }
  return json({ formError: error.message, fieldErrors: error.fieldErrors, formKey: form?.get('formKey')?.toString(), values, problems: error instanceof CatalogImportError ? error.problems : undefined }, { status: error.status })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'catalog.manage')
  const actor = actorOf(member, request, context)
  const id = params.catalogId ?? ''
  let form: FormData | null = null
  try {
    if (request.headers.get('Content-Type')?.startsWith('multipart/form-data')) {
      const { file } = await readCatalogUpload(request)
      await importCatalogFile(actor, file, id)
      return redirect(`/catalogs/${id}`)
    }
    form = await request.formData()
    const intent = String(form.get('intent') ?? '')
    if (intent === 'publish') return (await publishCatalog(actor, id)) && redirect(`/catalogs/${id}`)
    if (intent === 'new-version') return redirect(`/catalogs/${(await createNewVersion(actor, id)).id}`)
    if (intent === 'delete') return (await deleteDraft(actor, id)) ?? redirect('/catalogs')
    const input: Record<string, string | string[]> = { op: intent }
    for (const key of new Set(form.keys())) {
      if (key === 'intent' || key === 'formKey') continue
      const all = form.getAll(key).map(String)
      input[key] = (MULTI_VALUE_FIELDS as readonly string[]).includes(key) ? all : all[0]
    }
    await editDraft(actor, id, input as CatalogEditInput)
    return redirect(`/catalogs/${id}`)
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    if (error.status === 404 || error.status === 403) throw new Response(error.message, { status: error.status })
    return refused(error, form)
  }
}

export default function CatalogPage() {
  const { catalog, rolledOver, canManage } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>() as (EditFailure & { problems?: string[] }) | undefined
  const t = useT()
  const l = useLocalize()
  const locale = useLocale()
  const pick = usePick()
  const busy = useNavigation().state === 'submitting'
  // plain JSON data: the serialized tree is the catalog itself (no dates or classes in it)
  const content = catalog.content as unknown as Catalog
  const isIta = content.kind === 'ita' || content.kind === 'ita-variant'
  const editable = canManage && catalog.status === 'draft'
  const name = pick(catalog.nameTh, catalog.nameEn)
  return (
    <EditFailureProvider value={data}>
      <Stack maw={1100} mx="auto">
        <Anchor component={Link} to="/catalogs" size="sm">← {t('catalogs.title')}</Anchor>
        <Title order={2}>{name}</Title>
        <Group>
          <Text>{formatFiscalYear(catalog.fiscalYear, locale)}</Text>
          <CatalogBadges status={catalog.status} version={catalog.version} provisional={catalog.provisional} />
          {catalog.publishedAt ? <Text size="sm" c="dimmed">{t('catalogs.published')} {formatDate(catalog.publishedAt, locale, { style: 'long' })}</Text> : null}
        </Group>
        <ProvenanceNote provisional={catalog.provisional} th={catalog.provenanceTh} en={catalog.provenanceEn} />
        {/* a refusal of one of the item forms is shown in that form */}
        {data?.formKey ? null : <FormError message={data?.formError} />}
        {data?.problems?.length ? (
          <Card withBorder>
            <Text fw={600}>{t('catalogs.importProblems')}</Text>
            <List size="sm" data-testid="import-problems">{data.problems.map((p, i) => <List.Item key={i}>{l(p)}</List.Item>)}</List>
          </Card>
        ) : null}
        {catalog.status === 'published' && canManage ? <Alert color="gray">{t('catalogs.frozen')}</Alert> : null}
        {catalog.status === 'archived' ? <Alert color="gray">{t('catalogs.archivedNote')}</Alert> : null}
        {rolledOver ? <Alert color="gray">{t('catalogs.rolledNote')}</Alert> : null}
        <Group>
          <Text size="sm">{t('catalogs.download')}:</Text>
          <Anchor href={`/catalogs/${catalog.id}.json`} download>{t('catalogs.downloadJson')}</Anchor>
          {isIta ? <Anchor href={`/catalogs/${catalog.id}.xlsx`} download>{t('catalogs.downloadXlsx')}</Anchor> : null}
        </Group>
        {canManage ? (
          <Group>
            {catalog.status === 'draft' ? (
              <>
                <Op intent="publish" hidden={{}}>
                  <ConfirmButton color="teal" message={t('catalogs.publishConfirm', { name })}>{t('catalogs.publish')}</ConfirmButton>
                </Op>
                <Op intent="delete" hidden={{}}>
                  <ConfirmButton variant="light" message={t('catalogs.deleteConfirm', { name })}>{t('catalogs.delete')}</ConfirmButton>
                </Op>
              </>
            ) : null}
            {catalog.status === 'published' ? (
              <Op intent="new-version" hidden={{}}>
                <Button type="submit" variant="light" loading={busy}>{t('catalogs.newVersion')}</Button>
              </Op>
            ) : null}
            {catalog.status !== 'archived' ? (
              <>
                <Button component={Link} to={`/assignments?catalogId=${catalog.id}`} variant="light">{t('catalogs.assign')}</Button>
                <Button component={Link} to={`/catalogs/${catalog.id}/rollover`} variant="light">{t('catalogs.rollover', { year: formatFiscalYear(catalog.fiscalYear + 1, locale) })}</Button>
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
                <Button type="submit" size="xs" w="fit-content" loading={busy}>{t('catalogs.importSubmit')}</Button>
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
      </Stack>
    </EditFailureProvider>
  )
}
