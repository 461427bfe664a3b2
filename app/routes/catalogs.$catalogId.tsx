import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Anchor, Badge, Button, Card, Group, List, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { CatalogBadges, ProvenanceNote, usePick } from '#app/components/catalog-badges'
import { CatalogFileInput } from '#app/components/catalog-file-input'
import { ConfirmButton } from '#app/components/confirm-button'
import { FormError, useLocalize } from '#app/components/messages'
import { readCatalogUpload } from '#app/utils/catalog-upload.server'
import { attempt } from '#app/utils/forms.server'
import { useLocale, useT } from '#app/utils/i18n'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { listItems } from '#models/catalog-items'
import { EVIDENCE_KINDS, PERIOD_RULES, type ItaCatalog, type RequirementElement } from '#models/catalog-schema'
import { CatalogImportError, createNewVersion, deleteDraft, editDraft, getCatalog, importCatalogFile, listCatalogs, publishCatalog } from '#models/catalog.server'
import type { CatalogEditInput } from '#models/catalog-edit'
import { formatDate, formatFiscalYear } from '#models/dates'
import { notFound } from '#models/errors'
import { can } from '#models/permissions'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.read')
  const catalog = await getCatalog(member.organization.id, params.catalogId ?? '')
  if (!catalog) throw new Response(notFound().message, { status: 404 })
  const rolledOver = (await listCatalogs(member.organization.id)).some((c) => c.rolledFromId === catalog.id)
  return json({ catalog, items: listItems(catalog.content), rolledOver, canManage: can(member.membership, 'catalog.manage') })
}

const EDIT_FIELDS = ['code', 'subCode', 'elementId', 'direction', 'titleTh', 'titleEn', 'descriptionTh', 'id', 'textTh', 'textEn', 'evidenceKind', 'minCount', 'period', 'fileTypes']

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'catalog.manage')
  const actor = actorOf(member, request, context)
  const id = params.catalogId ?? ''
  const result = await attempt(async () => {
    if (request.headers.get('Content-Type')?.startsWith('multipart/form-data')) {
      const { file } = await readCatalogUpload(request)
      await importCatalogFile(actor, file, id)
      return { to: `/catalogs/${id}` }
    }
    const form = await request.formData()
    const intent = String(form.get('intent') ?? '')
    if (intent === 'publish') return (await publishCatalog(actor, id)) && { to: `/catalogs/${id}` }
    if (intent === 'new-version') return { to: `/catalogs/${(await createNewVersion(actor, id)).id}` }
    if (intent === 'delete') return (await deleteDraft(actor, id)) ?? { to: '/catalogs' }
    const input = Object.fromEntries(EDIT_FIELDS.filter((f) => form.has(f)).map((f) => [f, String(form.get(f))]))
    await editDraft(actor, id, { op: intent, ...input } as CatalogEditInput)
    return { to: `/catalogs/${id}#${input.code ?? ''}` }
  }).catch((error) => {
    if (error instanceof CatalogImportError) return { ok: false as const, response: json({ formError: error.message, fieldErrors: {}, problems: error.problems }, { status: 400 }) }
    throw error
  })
  if (!result.ok) return result.response
  return redirect(result.value.to)
}

function ElementFields({ element }: { element?: RequirementElement }) {
  const t = useT()
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <TextInput name="id" label={t('catalogs.elementId')} defaultValue={element?.id} required />
      <TextInput name="textTh" label={t('catalogs.textTh')} defaultValue={element?.text.th} required />
      <TextInput name="textEn" label={t('catalogs.textEn')} defaultValue={element?.text.en} />
      <NativeSelect name="evidenceKind" label={t('catalogs.evidenceKind')} defaultValue={element?.evidenceKind ?? 'file'} data={EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`catalogs.evidence.${k}`) }))} />
      <TextInput name="minCount" type="number" min={1} label={t('catalogs.minCount')} defaultValue={element?.minCount ?? 1} required />
      <NativeSelect name="period" label={t('catalogs.period')} defaultValue={element?.period ?? 'current-fy'} data={[...PERIOD_RULES]} />
      <TextInput name="fileTypes" label={t('catalogs.fileTypes')} defaultValue={element?.fileTypes?.join(', ') ?? 'pdf'} />
    </SimpleGrid>
  )
}

/** A small form posting one intent; works without JavaScript. */
function Op({ intent, hidden, children }: { intent: string; hidden: Record<string, string>; children: ReactNode }) {
  return (
    <Form method="post" style={{ display: 'inline' }}>
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
      {children}
    </Form>
  )
}

function Disclosure({ summary, children }: { summary: string; children: ReactNode }) {
  return (
    <details>
      <summary style={{ cursor: 'pointer', color: 'var(--mantine-color-teal-8)' }}>{summary}</summary>
      <Card withBorder mt="xs">{children}</Card>
    </details>
  )
}

function ItaTree({ catalog, editable }: { catalog: ItaCatalog; editable: boolean }) {
  const t = useT()
  const pick = usePick()
  const busy = useNavigation().state === 'submitting'
  return (
    <Stack>
      {catalog.tools.flatMap((tool) =>
        tool.indicators.flatMap((ind) =>
          ind.kind !== 'checklist'
            ? []
            : ind.subIndicators.map((sub) => (
                <Card withBorder key={sub.code}>
                  <Title order={4}>{tool.code} · {sub.code} {pick(sub.name.th, sub.name.en)}</Title>
                  <Table>
                    <Table.Tbody>
                      {sub.criteria.map((cr, ci) => (
                        <Table.Tr key={cr.code} id={cr.code}>
                          <Table.Td valign="top" w={60}><Text fw={600}>{cr.code}</Text></Table.Td>
                          <Table.Td>
                            <Text fw={600}>{pick(cr.title.th, cr.title.en)} {cr.provisional ? <Badge size="xs" color="orange" variant="light">{t('catalogs.provisional')}</Badge> : null}</Text>
                            <List size="sm" mt={4}>
                              {cr.elements.map((el, ei) => (
                                <List.Item key={el.id}>
                                  <Text size="sm" span>{pick(el.text.th, el.text.en)}</Text>{' '}
                                  <Text size="xs" c="dimmed" span>({el.id} · {t(`catalogs.evidence.${el.evidenceKind}`)} ≥ {el.minCount} · {el.period}{el.fileTypes ? ` · ${el.fileTypes.join(', ')}` : ''})</Text>
                                  {editable ? (
                                    <Group gap={4} mt={2}>
                                      <Op intent="element.move" hidden={{ code: cr.code, elementId: el.id, direction: 'up' }}>
                                        <Button type="submit" size="compact-xs" variant="subtle" disabled={ei === 0} aria-label={`${t('catalogs.moveUp')} ${cr.code} ${el.id}`}>↑</Button>
                                      </Op>
                                      <Op intent="element.move" hidden={{ code: cr.code, elementId: el.id, direction: 'down' }}>
                                        <Button type="submit" size="compact-xs" variant="subtle" disabled={ei === cr.elements.length - 1} aria-label={`${t('catalogs.moveDown')} ${cr.code} ${el.id}`}>↓</Button>
                                      </Op>
                                      <Op intent="element.delete" hidden={{ code: cr.code, elementId: el.id }}>
                                        <ConfirmButton size="compact-xs" variant="subtle" color="red" message={t('catalogs.removeElementConfirm', { id: el.id, code: cr.code })}>{t('catalogs.remove')}</ConfirmButton>
                                      </Op>
                                      <Disclosure summary={`${t('catalogs.edit')} ${el.id}`}>
                                        <Op intent="element.update" hidden={{ code: cr.code, elementId: el.id }}>
                                          <ElementFields element={el} />
                                          <Button type="submit" mt="sm" size="xs" loading={busy}>{t('catalogs.save')}</Button>
                                        </Op>
                                      </Disclosure>
                                    </Group>
                                  ) : null}
                                </List.Item>
                              ))}
                            </List>
                            {editable ? (
                              <Group gap={4} mt="xs" align="flex-start">
                                <Op intent="criterion.move" hidden={{ code: cr.code, direction: 'up' }}>
                                  <Button type="submit" size="compact-xs" variant="light" disabled={ci === 0}>{t('catalogs.moveUp')}</Button>
                                </Op>
                                <Op intent="criterion.move" hidden={{ code: cr.code, direction: 'down' }}>
                                  <Button type="submit" size="compact-xs" variant="light" disabled={ci === sub.criteria.length - 1}>{t('catalogs.moveDown')}</Button>
                                </Op>
                                <Op intent="criterion.delete" hidden={{ code: cr.code }}>
                                  <ConfirmButton size="compact-xs" variant="light" message={t('catalogs.removeCriterionConfirm', { code: cr.code })}>{t('catalogs.remove')} {cr.code}</ConfirmButton>
                                </Op>
                                <Disclosure summary={`${t('catalogs.edit')} ${cr.code}`}>
                                  <Op intent="criterion.update" hidden={{ code: cr.code }}>
                                    <Stack gap="xs">
                                      <TextInput name="titleTh" label={t('catalogs.titleTh')} defaultValue={cr.title.th} required />
                                      <TextInput name="titleEn" label={t('catalogs.titleEn')} defaultValue={cr.title.en} required />
                                      <TextInput name="descriptionTh" label={t('catalogs.descriptionTh')} defaultValue={cr.description?.th} />
                                      <Button type="submit" size="xs" w="fit-content" loading={busy}>{t('catalogs.save')}</Button>
                                    </Stack>
                                  </Op>
                                </Disclosure>
                                <Disclosure summary={t('catalogs.addElement')}>
                                  <Op intent="element.add" hidden={{ code: cr.code }}>
                                    <ElementFields />
                                    <Button type="submit" mt="sm" size="xs" loading={busy}>{t('catalogs.addElement')}</Button>
                                  </Op>
                                </Disclosure>
                              </Group>
                            ) : null}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                  {editable ? (
                    <Disclosure summary={t('catalogs.addCriterion', { code: sub.code })}>
                      <Op intent="criterion.add" hidden={{ subCode: sub.code }}>
                        <Stack gap="xs">
                          <SimpleGrid cols={{ base: 1, sm: 3 }}>
                            <TextInput name="code" label={t('catalogs.code')} required />
                            <TextInput name="titleTh" label={t('catalogs.titleTh')} required />
                            <TextInput name="titleEn" label={t('catalogs.titleEn')} required />
                          </SimpleGrid>
                          <ElementFields />
                          <Button type="submit" size="xs" w="fit-content" loading={busy}>{t('catalogs.save')}</Button>
                        </Stack>
                      </Op>
                    </Disclosure>
                  ) : null}
                </Card>
              )),
        ),
      )}
    </Stack>
  )
}

export default function CatalogPage() {
  const { catalog, items, rolledOver, canManage } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>() as { formError?: string; problems?: string[]; fieldErrors?: Record<string, string> } | undefined
  const t = useT()
  const l = useLocalize()
  const locale = useLocale()
  const pick = usePick()
  const busy = useNavigation().state === 'submitting'
  const isIta = catalog.content.kind === 'ita' || catalog.content.kind === 'ita-variant'
  const editable = canManage && catalog.status === 'draft'
  const name = pick(catalog.nameTh, catalog.nameEn)
  return (
    <Stack maw={1100} mx="auto">
      <Anchor component={Link} to="/catalogs" size="sm">← {t('catalogs.title')}</Anchor>
      <Title order={2}>{name}</Title>
      <Group>
        <Text>{formatFiscalYear(catalog.fiscalYear, locale)}</Text>
        <CatalogBadges status={catalog.status} version={catalog.version} provisional={catalog.provisional} />
        {catalog.publishedAt ? <Text size="sm" c="dimmed">{t('catalogs.published')} {formatDate(catalog.publishedAt, locale, { style: 'long' })}</Text> : null}
      </Group>
      <ProvenanceNote provisional={catalog.provisional} th={catalog.provenanceTh} en={catalog.provenanceEn} />
      <FormError message={data?.formError} />
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
              <Button component={Link} to={`/catalogs/${catalog.id}/rollover`} variant="light">{t('catalogs.rollover', { year: catalog.fiscalYear + 1 })}</Button>
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
      {isIta ? (
        <ItaTree catalog={catalog.content as ItaCatalog} editable={editable} />
      ) : (
        <>
          {editable ? <Text c="dimmed">{t('catalogs.noItemEditing')}</Text> : null}
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('catalogs.code')}</Table.Th>
                <Table.Th>{t('catalogs.criterion')}</Table.Th>
                <Table.Th>{t('catalogs.group')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((i) => (
                <Table.Tr key={i.code}>
                  <Table.Td>{i.code}</Table.Td>
                  <Table.Td>{pick(i.titleTh, i.titleEn)}</Table.Td>
                  <Table.Td>{i.group}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  )
}
