import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Anchor, Badge, Button, Card, Code, Grid, Group, Image, NativeSelect, Select, Stack, Table, TagsInput, Text, TextInput, Textarea, Title, TypographyStylesProvider } from '@mantine/core'
import { BeDateInput } from '#app/components/be-date-input'
import { useState } from 'react'
import { ConfirmButton } from '#app/components/confirm-button'
import { EvidenceUploader } from '#app/components/evidence/uploader'
import { FormError, useLocalize } from '#app/components/messages'
import { getConfig } from '#app/config.server'
import { getStorage } from '#app/services.server'
import { attempt, fields } from '#app/utils/forms.server'
import { useLocale, useT } from '#app/utils/i18n'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { checkLinkEvidence } from '#evidence/links/check.server'
import { attributeLink } from '#models/work/contribution.server'
import { ALLOWED_TYPES_LABEL } from '#evidence/uploads/sniff.server'
import { formatDate, formatFiscalYear, bangkokDayValue } from '#models/dates'
import { AppError } from '#models/errors'
import { deleteEvidence, getEvidence, linkEvidence, unlinkEvidence, updateEvidenceMetadata, updateEvidenceText, type EvidenceTarget } from '#models/evidence/records.server'
import { linkedItems, mayChangeFor } from '#models/evidence/guard.server'
import { listOrganizationTargets, resolveOrganizationTarget, type TargetOption } from '#models/evidence/targets.server'
import { can } from '#models/tenancy/permissions'
import { listUnits } from '#models/tenancy/unit.server'

/** An instant stored for a day (Bangkok midnight) back to the picker's "YYYY-MM-DD". */
const dayOf = (iso: string | null) => (iso ? bangkokDayValue(iso) : null)

/** Picker options grouped by catalog, without the elements already linked. */
function targetGroups(targets: TargetOption[], fiscalYear: number | null, linked: Set<string>) {
  const groups = new Map<string, { value: string; label: string }[]>()
  for (const x of targets) {
    const value = `${x.catalogId}|${x.itemCode}|${x.elementId}`
    if ((fiscalYear !== null && x.fiscalYear !== fiscalYear) || linked.has(value)) continue
    groups.set(x.catalogName, [...(groups.get(x.catalogName) ?? []), { value, label: `${x.fiscalYear} · ${x.label}` }])
  }
  return [...groups].map(([group, items]) => ({ group, items }))
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  const evidence = await getEvidence(member.organization.id, params.evidenceId!)
  if (!evidence) throw new Response('ไม่พบหลักฐาน / evidence not found', { status: 404 })
  const organizationId = member.organization.id
  const canUpload = can(member.membership, 'evidence.upload') && !evidence.deletedAt
  const linked = new Set(evidence.links.map((l) => `${l.catalogId}|${l.itemCode}|${l.elementId}`))
  // what the person may not change, said before they try: items of other units, answers under review
  const items = canUpload ? await linkedItems(organizationId, evidence) : []
  const describe = (i: (typeof items)[number]) => ({ catalogId: i.catalogId, itemCode: i.itemCode, titleTh: i.titleTh, titleEn: i.titleEn, frozen: i.frozen })
  const foreign = items.filter((i) => !mayChangeFor(organizationId, member.membership, i)).map(describe)
  const frozen = items.filter((i) => i.frozen).map(describe)
  return json({
    evidence: { ...evidence, documentDay: dayOf(evidence.documentDate), periodFromDay: dayOf(evidence.periodFrom), periodToDay: dayOf(evidence.periodTo) },
    units: (await listUnits(member.organization.id)).filter((u) => !u.retired || u.id === evidence.issuingUnitId),
    // the picker: elements of the catalogs of the evidence's fiscal year (any year before the first link),
    // of the items the person may link to (a coordinator: assigned to one of their units)
    targets: canUpload ? targetGroups(await listOrganizationTargets(organizationId, { mayLink: (unitIds) => can(member.membership, 'evidence.upload', { organizationId, unitIds: unitIds ?? [] }) }), evidence.fiscalYear, linked) : [],
    canUpload,
    foreign,
    frozen,
    retentionDays: getConfig().evidence.retentionDays,
    maxBytes: getConfig().evidence.maxFileBytes,
    typesLabel: ALLOWED_TYPES_LABEL,
  })
}

const targetOf = (value: string): EvidenceTarget => {
  const [catalogId = '', itemCode = '', elementId = ''] = value.split('|')
  return { catalogId, itemCode, elementId }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'evidence.upload')
  // another organization's id is "not found" whatever the form says
  if (!(await getEvidence(member.organization.id, params.evidenceId!))) throw new Response('ไม่พบหลักฐาน / evidence not found', { status: 404 })
  const form = await request.formData()
  const f = fields(form, ['intent', 'title', 'description', 'documentDate', 'periodFrom', 'periodTo', 'issuingUnitId', 'tags', 'target', 'html'])
  const actor = actorOf(member, request, context)
  const id = params.evidenceId!
  const config = getConfig().evidence
  const changing = { membership: member.membership }
  // where a refusal without field messages is shown: next to the control that asked
  const control = ({ metadata: 'metadata', link: 'target', unlink: `unlink.${f.target}`, text: 'html', delete: 'delete' } as Record<string, string>)[f.intent]
  const result = await attempt(async () => {
    try {
      return await run()
    } catch (error) {
      // a refusal of what was chosen (another unit's item, a frozen answer) keeps the page and its menu
      if (control && error instanceof AppError && error.status !== 404 && Object.keys(error.fieldErrors).length === 0) return { refused: error }
      throw error
    }
  })
  if (!result.ok) return result.response
  if (result.value === null) return redirect('/evidence')
  if ('refused' in result.value) {
    const { message, status } = result.value.refused
    return json({ saved: false, warnings: [] as string[], formError: null, fieldErrors: { [control!]: message } as Record<string, string> }, { status })
  }
  return json({ ...result.value, formError: null, fieldErrors: {} as Record<string, string> })

  async function run(): Promise<{ saved: boolean; warnings: string[] } | null> {
    switch (f.intent) {
      case 'metadata':
        await updateEvidenceMetadata(actor, id, { ...f, tags: f.tags.split(',').map((t) => t.trim()) }, changing)
        return { saved: true, warnings: [] as string[] }
      case 'link': {
        const { warnings } = await linkEvidence(actor, id, targetOf(f.target), {
          resolveTarget: resolveOrganizationTarget,
          // a coordinator links only to items assigned to one of their units
          mayLink: (r) => can(member.membership, 'evidence.upload', { organizationId: member.organization.id, unitIds: r.unitIds ?? [] }),
        })
        // on an item of several units, the link counts as the coordinator's unit's contribution
        await attributeLink(actor, member.membership, targetOf(f.target), id)
        return { saved: true, warnings }
      }
      case 'unlink':
        await unlinkEvidence(actor, id, targetOf(f.target), changing)
        return { saved: true, warnings: [] }
      case 'check':
        await checkLinkEvidence(getStorage(), actor, id, { snapshot: true, allowPrivate: config.allowPrivateLinks })
        return { saved: true, warnings: [] }
      case 'text':
        await updateEvidenceText(actor, id, f.html, changing)
        return { saved: true, warnings: [] }
      case 'delete':
        await deleteEvidence(actor, id, config.retentionDays, changing)
        return null
      default:
        throw new Response('คำสั่งไม่ถูกต้อง / unknown intent', { status: 400 })
    }
  }
}

const mb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`)

function Preview({ id, version, mimeType, title }: { id: string; version: number; mimeType: string; title: string }) {
  const t = useT()
  const src = `/evidence/${id}/file?version=${version}`
  if (mimeType === 'application/pdf') return <iframe src={src} title={`${t('evidence.preview')}: ${title}`} style={{ width: '100%', height: 560, border: '1px solid var(--mantine-color-gray-3)' }} />
  if (mimeType === 'image/png' || mimeType === 'image/jpeg') return <Image src={src} alt={title} fit="contain" mah={560} />
  return <Text c="dimmed">{t('evidence.noPreview')}</Text>
}

export default function EvidencePage() {
  const { evidence: e, units, targets, canUpload, foreign, frozen, retentionDays, maxBytes, typesLabel } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const nav = useNavigation()
  const t = useT()
  const l = useLocalize()
  const locale = useLocale()
  const [target, setTarget] = useState<string | null>(null)
  const errors = (data?.fieldErrors ?? {}) as Record<string, string>
  const busy = (intent: string) => nav.formData?.get('intent') === intent
  const pickTitle = (i: { titleTh: string; titleEn: string }) => (locale === 'en' && i.titleEn) || i.titleTh
  const named = (list: typeof frozen) => list.map((i) => `${i.itemCode} "${pickTitle(i)}"${i.frozen ? ` (${t(`evidence.locked.${i.frozen}`)})` : ''}`).join(', ')
  // replacing, editing and deleting change every linked item; unlinking only the one it leaves
  const mayChange = canUpload && foreign.length === 0 && frozen.length === 0
  const mayUnlink = (link: { catalogId: string; itemCode: string }) => canUpload && foreign.length === 0 && !frozen.some((i) => i.catalogId === link.catalogId && i.itemCode === link.itemCode)
  return (
    <Stack maw={1200} mx="auto">
      <Anchor component={Link} to="/evidence" size="sm">← {t('evidence.back')}</Anchor>
      <Group justify="space-between">
        <Title order={2}>{e.title}</Title>
        <Group gap="xs">
          <Badge variant="light">{t(`evidence.type.${e.type}`)}</Badge>
          {e.deletedAt ? <Badge color="red">{t('evidence.deleted')}</Badge> : null}
        </Group>
      </Group>
      <FormError message={data?.formError} />
      {foreign.length > 0 ? <Alert color="gray" role="status" data-testid="evidence-locked">{t('evidence.locked.foreign', { items: named(foreign) })}</Alert> : null}
      {foreign.length === 0 && frozen.length > 0 ? <Alert color="blue" role="status" data-testid="evidence-locked">{t('evidence.locked.frozen', { items: named(frozen) })}</Alert> : null}
      {data && 'warnings' in data && data.warnings.length > 0 ? (
        <Alert color="yellow" title={t('evidence.warning')} role="status">
          {data.warnings.map((w) => <Text key={w} size="sm">{l(w)}</Text>)}
        </Alert>
      ) : null}
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            {e.type === 'file' && e.current ? (
              <Card withBorder>
                <Stack gap="sm">
                  <Title order={4}>{t('evidence.preview')}</Title>
                  <Preview id={e.id} version={e.current.number} mimeType={e.current.mimeType} title={e.current.fileName} />
                  <Title order={4}>{t('evidence.versions')}</Title>
                  <Table>
                    <Table.Tbody>
                      {[...e.versions].reverse().map((v) => (
                        <Table.Tr key={v.number} data-testid="version-row">
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>
                            {t('evidence.version', { n: v.number })} {v.number === e.current!.number ? <Badge size="xs">{t('evidence.current')}</Badge> : null}
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm">{v.fileName}</Text>
                            <Text size="xs" c="dimmed">{mb(v.size)} · {formatDate(v.uploadedAt, locale, { style: 'datetime' })} · {v.uploadedByName}</Text>
                            <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>{t('evidence.sha256')} {v.sha256}</Text>
                          </Table.Td>
                          <Table.Td>
                            <Anchor href={`/evidence/${e.id}/file?version=${v.number}&download=1`} download>{t('evidence.download')}</Anchor>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                  {mayChange ? (
                    <>
                      <Title order={5}>{t('evidence.replace')}</Title>
                      <EvidenceUploader action={`/evidence/upload?replace=${e.id}`} maxBytes={maxBytes} typesLabel={typesLabel} replace />
                    </>
                  ) : null}
                </Stack>
              </Card>
            ) : null}
            {e.type === 'link' && e.url ? (
              <Card withBorder>
                <Stack gap="xs">
                  <Anchor href={e.url} target="_blank" rel="noopener noreferrer" style={{ wordBreak: 'break-all' }}>{e.url}</Anchor>
                  <Text size="sm" role="status">
                    {e.lastCheck
                      ? t('evidence.check.last', {
                          at: formatDate(e.lastCheck.checkedAt, locale, { style: 'datetime' }),
                          result: e.lastCheck.ok ? t('evidence.check.ok', { status: e.lastCheck.status, ms: e.lastCheck.responseMs }) : `${t('evidence.check.failed')} ${e.lastCheck.status ? `(HTTP ${e.lastCheck.status})` : ''} ${l(e.lastCheck.error) ?? ''}`,
                        })
                      : t('evidence.check.never')}
                  </Text>
                  {e.lastCheck && e.lastCheck.redirects.length > 0 ? <Text size="xs" c="dimmed">{t('evidence.check.redirects')} {e.lastCheck.redirects.join(' → ')}</Text> : null}
                  {canUpload ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="check" />
                      <Button type="submit" variant="light" loading={busy('check')}>{t('evidence.check')}</Button>
                    </Form>
                  ) : null}
                  <Title order={5}>{t('evidence.snapshots')}</Title>
                  {e.snapshots.length === 0 ? <Text size="sm" c="dimmed">{t('evidence.snapshots.empty')}</Text> : null}
                  {e.snapshots.map((s, i) => (
                    <Group key={s.key} gap="xs" wrap="nowrap" data-testid="snapshot-row">
                      <Anchor href={`/evidence/${e.id}/snapshot/${i}`} download size="sm">{formatDate(s.fetchedAt, locale, { style: 'datetime' })}</Anchor>
                      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>{s.contentType} · {mb(s.size)} · SHA-256 {s.sha256}</Text>
                    </Group>
                  ))}
                </Stack>
              </Card>
            ) : null}
            {e.type === 'text' ? (
              <Card withBorder>
                <TypographyStylesProvider>
                  {/* sanitized on the server when saved (models/evidence.server.ts sanitizeEvidenceHtml) */}
                  <div dangerouslySetInnerHTML={{ __html: e.html ?? '' }} />
                </TypographyStylesProvider>
                {mayChange ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="text" />
                    <Textarea label={t('evidence.html')} name="html" defaultValue={e.html ?? ''} autosize minRows={4} mt="sm" error={l(errors.html)} />
                    <Button type="submit" mt="xs" loading={busy('text')}>{t('evidence.save')}</Button>
                  </Form>
                ) : null}
              </Card>
            ) : null}
            <Card withBorder>
              <Stack gap="xs">
                <Title order={4}>{t('evidence.targets')}</Title>
                {e.links.length === 0 ? <Text size="sm" c="dimmed">{t('evidence.targets.empty')}</Text> : null}
                {e.links.map((link) => (
                  <Group key={`${link.catalogId}|${link.itemCode}|${link.elementId}`} justify="space-between" wrap="nowrap" data-testid="target-row">
                    <Stack gap={0}>
                      <Text size="sm">{link.label}</Text>
                      <Text size="xs" c="dimmed">{formatFiscalYear(link.fiscalYear, locale)} · {t('catalogs.period')}: {t(`catalogs.periodRule.${link.periodRule}`)}</Text>
                      {link.warning ? <Text size="xs" c="orange.8">{l(link.warning)}</Text> : null}
                      {errors[`unlink.${link.catalogId}|${link.itemCode}|${link.elementId}`] ? (
                        <Text size="xs" c="red" role="alert">{l(errors[`unlink.${link.catalogId}|${link.itemCode}|${link.elementId}`])}</Text>
                      ) : null}
                    </Stack>
                    {mayUnlink(link) ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="unlink" />
                        <input type="hidden" name="target" value={`${link.catalogId}|${link.itemCode}|${link.elementId}`} />
                        <ConfirmButton size="compact-sm" variant="subtle" message={t('evidence.targets.removeConfirm', { label: link.label })}>
                          {t('evidence.targets.remove')}
                        </ConfirmButton>
                      </Form>
                    ) : null}
                  </Group>
                ))}
                {canUpload ? (
                  <Form method="post" onSubmit={() => setTarget(null)}>
                    <input type="hidden" name="intent" value="link" />
                    <Group align="flex-end" wrap="nowrap">
                      <Select
                        label={t('evidence.targets.pick')}
                        name="target"
                        value={target}
                        onChange={setTarget}
                        data={targets}
                        searchable
                        clearable
                        limit={50}
                        style={{ flex: 1 }}
                        error={l(errors.target ?? errors.elementId ?? errors.catalogId)}
                      />
                      <Button type="submit" disabled={!target} loading={busy('link')}>{t('evidence.targets.add')}</Button>
                    </Group>
                  </Form>
                ) : null}
              </Stack>
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder>
            <Form method="post" key={`${e.title}|${e.documentDay}`}>
              <Stack gap="xs">
                <Title order={4}>{t('evidence.details')}</Title>
                {data && 'saved' in data && data.saved && nav.state === 'idle' && !data.formError ? <Text size="sm" c="teal" role="status">{t('evidence.saved')}</Text> : null}
                {errors.metadata ? <Text size="sm" c="red" role="alert">{l(errors.metadata)}</Text> : null}
                <input type="hidden" name="intent" value="metadata" />
                <fieldset disabled={!mayChange} style={{ border: 0, padding: 0, margin: 0 }}>
                  <Stack gap="xs">
                    <TextInput label={t('evidence.field.title')} name="title" defaultValue={e.title} required maxLength={200} error={l(errors.title)} />
                    <Textarea label={t('evidence.field.description')} name="description" defaultValue={e.description} maxLength={2000} autosize minRows={2} error={l(errors.description)} />
                    <BeDateInput label={t('evidence.field.documentDate')} name="documentDate" defaultValue={e.documentDay} error={l(errors.documentDate)} />
                    <Group grow>
                      <BeDateInput label={t('evidence.field.periodFrom')} name="periodFrom" defaultValue={e.periodFromDay} error={l(errors.periodFrom)} />
                      <BeDateInput label={t('evidence.field.periodTo')} name="periodTo" defaultValue={e.periodToDay} error={l(errors.periodTo)} />
                    </Group>
                    <NativeSelect
                      label={t('evidence.field.issuingUnit')}
                      name="issuingUnitId"
                      defaultValue={e.issuingUnitId ?? ''}
                      data={[{ value: '', label: t('evidence.noUnit') }, ...units.map((u) => ({ value: u.id, label: (locale === 'en' && u.nameEn) || u.nameTh }))]}
                      error={l(errors.issuingUnitId)}
                    />
                    <TagsInput label={t('evidence.field.tags')} name="tags" defaultValue={e.tags} maxTags={20} clearable error={l(errors.tags)} />
                    {mayChange ? <Button type="submit" loading={busy('metadata')} w="fit-content">{t('evidence.save')}</Button> : null}
                  </Stack>
                </fieldset>
                <Text size="xs" c="dimmed">{e.createdByName} · {formatDate(e.createdAt, locale, { style: 'datetime' })}</Text>
              </Stack>
            </Form>
            {mayChange ? (
              <Form method="post">
                <input type="hidden" name="intent" value="delete" />
                <ConfirmButton mt="md" color="red" variant="light" message={t('evidence.deleteConfirm', { title: e.title, days: retentionDays })}>
                  {t('evidence.delete')}
                </ConfirmButton>
              </Form>
            ) : null}
            {errors.delete ? <Text size="sm" c="red" role="alert" mt="xs">{l(errors.delete)}</Text> : null}
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  )
}
