import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Anchor, Stack, Table, Text, Title } from '@mantine/core'
import { ConfirmButton } from '#app/components/confirm-button'
import { FormError } from '#app/components/messages'
import { getConfig } from '#app/config.server'
import { attempt, fields } from '#app/utils/forms.server'
import { useLocale, useT } from '#app/utils/i18n'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { formatDate } from '#models/dates'
import { listEvidence, restoreEvidence } from '#models/evidence/records.server'
import { can } from '#models/tenancy/permissions'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  const items = await listEvidence(member.organization.id, { deleted: true })
  return json({
    items: items.map((e) => ({ id: e.id, title: e.title, deletedAt: e.deletedAt!, deletedByName: e.deletedByName, purgeAfter: e.purgeAfter! })),
    // restoring is for administrators (the people who manage the organization)
    canRestore: can(member.membership, 'organization.manage'),
    retentionDays: getConfig().evidence.retentionDays,
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'organization.manage')
  const { evidenceId } = fields(await request.formData(), ['evidenceId'])
  const result = await attempt(() => restoreEvidence(actorOf(member, request, context), evidenceId))
  if (!result.ok) return result.response
  return json({ restored: result.value.title, formError: null })
}

export default function EvidenceBin() {
  const { items, canRestore, retentionDays } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  return (
    <Stack maw={1100} mx="auto">
      <Anchor component={Link} to="/evidence" size="sm">← {t('evidence.back')}</Anchor>
      <Title order={2}>{t('evidence.bin.title')}</Title>
      <Text c="dimmed">{t('evidence.bin.intro', { days: retentionDays })}</Text>
      <FormError message={data?.formError} />
      {data && 'restored' in data ? <Text c="teal" role="status">{t('evidence.bin.restore')}: {data.restored}</Text> : null}
      {items.length === 0 ? (
        <Text c="dimmed">{t('evidence.bin.empty')}</Text>
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('evidence.field.title')}</Table.Th>
              <Table.Th>{t('evidence.bin.deletedAt')}</Table.Th>
              <Table.Th>{t('evidence.bin.deletedBy')}</Table.Th>
              <Table.Th>{t('evidence.bin.purgeAfter')}</Table.Th>
              {canRestore ? <Table.Th /> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td><Anchor component={Link} to={`/evidence/${e.id}`}>{e.title}</Anchor></Table.Td>
                <Table.Td>{formatDate(e.deletedAt, locale, { style: 'datetime' })}</Table.Td>
                <Table.Td>{e.deletedByName}</Table.Td>
                <Table.Td>{formatDate(e.purgeAfter, locale)}</Table.Td>
                {canRestore ? (
                  <Table.Td>
                    <Form method="post">
                      <input type="hidden" name="evidenceId" value={e.id} />
                      <ConfirmButton size="compact-sm" color="teal" variant="light" message={t('evidence.bin.restoreConfirm', { title: e.title })}>
                        {t('evidence.bin.restore')}
                      </ConfirmButton>
                    </Form>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  )
}
