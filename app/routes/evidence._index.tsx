import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Anchor, Badge, Button, Card, Grid, Group, NativeSelect, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core'
import { EvidenceUploader } from '#app/components/evidence/uploader'
import { FormError, useLocalize } from '#app/components/messages'
import { getConfig } from '#app/config.server'
import { attempt, fields } from '#app/utils/forms.server'
import { useLocale, useT } from '#app/utils/i18n'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { ALLOWED_TYPES_LABEL } from '#evidence/uploads/sniff.server'
import { formatDate } from '#models/dates'
import { createLinkEvidence, createTextEvidence, listEvidence, type EvidenceType } from '#models/evidence/records.server'
import { can } from '#models/tenancy/permissions'

// not imported from models/evidence.server: the component needs it in the browser
const EVIDENCE_TYPES = ['file', 'link', 'text'] as const

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  const url = new URL(request.url)
  const q = url.searchParams.get('q') ?? ''
  const type = EVIDENCE_TYPES.find((t) => t === url.searchParams.get('type'))
  const items = await listEvidence(member.organization.id, { q, type })
  return json({
    items: items.map((e) => ({ id: e.id, type: e.type, title: e.title, fileName: e.current?.fileName ?? e.url ?? '', updatedAt: e.current?.uploadedAt ?? e.createdAt, links: e.links.length, versions: e.versions.length })),
    filter: { q, type: type ?? '' },
    canUpload: can(member.membership, 'evidence.upload'),
    maxBytes: getConfig().evidence.maxFileBytes,
    typesLabel: ALLOWED_TYPES_LABEL,
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'evidence.upload')
  const form = await request.formData()
  const input = fields(form, ['intent', 'url', 'title', 'html'])
  const actor = actorOf(member, request, context)
  const result = await attempt(() =>
    input.intent === 'text'
      ? createTextEvidence(actor, { title: input.title, html: input.html })
      : createLinkEvidence(actor, { url: input.url, title: input.title }, { allowPrivate: getConfig().evidence.allowPrivateLinks }),
  )
  if (!result.ok) return result.response
  return redirect(`/evidence/${result.value.id}`)
}

function AddLink() {
  const t = useT()
  const l = useLocalize()
  const data = useActionData<typeof action>()
  const busy = useNavigation().formData?.get('intent') === 'link'
  const errors = data && 'fieldErrors' in data ? data.fieldErrors : {}
  return (
    <Form method="post">
      <Stack gap="xs">
        <Title order={4}>{t('evidence.addLink')}</Title>
        <input type="hidden" name="intent" value="link" />
        <TextInput label={t('evidence.url')} name="url" type="url" required placeholder="https://www.example.go.th/..." error={l(errors.url)} />
        <TextInput label={t('evidence.linkTitle')} name="title" maxLength={200} />
        <Button type="submit" loading={busy} w="fit-content">{t('evidence.addLink')}</Button>
      </Stack>
    </Form>
  )
}

function AddText() {
  const t = useT()
  const l = useLocalize()
  const data = useActionData<typeof action>()
  const busy = useNavigation().formData?.get('intent') === 'text'
  const errors = data && 'fieldErrors' in data ? data.fieldErrors : {}
  return (
    <Form method="post">
      <Stack gap="xs">
        <Title order={4}>{t('evidence.addText')}</Title>
        <input type="hidden" name="intent" value="text" />
        <TextInput label={t('evidence.textTitle')} name="title" required maxLength={200} error={l(errors.title)} />
        <Textarea label={t('evidence.html')} name="html" required autosize minRows={3} error={l(errors.html)} />
        <Button type="submit" loading={busy} w="fit-content">{t('evidence.addText')}</Button>
      </Stack>
    </Form>
  )
}

export default function EvidenceLibrary() {
  const data = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  return (
    <Stack maw={1200} mx="auto">
      <Group justify="space-between">
        <Title order={2}>{t('evidence.title')}</Title>
        <Anchor component={Link} to="/evidence/bin">{t('evidence.bin')}</Anchor>
      </Group>
      <Text c="dimmed">{t('evidence.intro')}</Text>
      {data.canUpload ? (
        <Grid>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <EvidenceUploader action="/evidence/upload" maxBytes={data.maxBytes} typesLabel={data.typesLabel} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Card withBorder>
              <Stack>
                <FormError message={answer?.formError} />
                <AddLink />
                <AddText />
              </Stack>
            </Card>
          </Grid.Col>
        </Grid>
      ) : null}
      <Form method="get">
        <Group align="flex-end">
          <TextInput label={t('evidence.search')} name="q" defaultValue={data.filter.q} />
          <NativeSelect
            label={t('evidence.type')}
            name="type"
            defaultValue={data.filter.type}
            data={[{ value: '', label: t('evidence.type.any') }, ...EVIDENCE_TYPES.map((v) => ({ value: v, label: t(`evidence.type.${v}`) }))]}
          />
          <Button type="submit" variant="light">{t('evidence.filter')}</Button>
        </Group>
      </Form>
      {data.items.length === 0 ? (
        <Text c="dimmed">{data.filter.q || data.filter.type ? t('evidence.noMatch') : t('evidence.empty')}</Text>
      ) : (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('evidence.field.title')}</Table.Th>
              <Table.Th>{t('evidence.type')}</Table.Th>
              <Table.Th>{t('evidence.links')}</Table.Th>
              <Table.Th>{t('evidence.updated')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.items.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/evidence/${e.id}`}>{e.title}</Anchor>
                  <Text size="xs" c="dimmed" truncate="end" maw={480}>{e.fileName}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light">{t(`evidence.type.${e.type as EvidenceType}`)}</Badge>
                  {e.versions > 1 ? <Text span size="xs" c="dimmed"> v{e.versions}</Text> : null}
                </Table.Td>
                <Table.Td>{e.links}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(e.updatedAt, locale)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  )
}
