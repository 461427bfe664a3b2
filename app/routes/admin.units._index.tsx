import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Anchor, Badge, Button, Card, Grid, Group, Stack, Table, Text, Title } from '@mantine/core'
import { FormError } from '#app/components/messages'
import { useLocale, useT } from '#app/utils/i18n'
import { attempt, fields } from '#app/utils/forms.server'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { buildUnitTree, createUnit, flattenUnitTree, listUnits, type UnitKind } from '#models/tenancy/unit.server'
import { UnitFields } from '#app/components/people/unit-fields'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'unit.manage')
  const units = flattenUnitTree(buildUnitTree(await listUnits(member.organization.id)))
  return json({ units })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'unit.manage')
  const input = fields(await request.formData(), ['nameTh', 'nameEn', 'kind', 'parentId'])
  const result = await attempt(() => createUnit(actorOf(member, request, context), { ...input, kind: input.kind as UnitKind }))
  if (!result.ok) return result.response
  return json({ created: result.value.nameTh, formError: null, fieldErrors: {} as Record<string, string> })
}

export default function Units() {
  const { units } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const busy = useNavigation().state === 'submitting'
  const created = data && 'created' in data ? data.created : undefined
  return (
    <Stack maw={1100} mx="auto">
      <Title order={2}>{t('units.title')}</Title>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {units.length === 0 ? (
            <Text c="dimmed">{t('units.empty')}</Text>
          ) : (
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('units.nameTh')}</Table.Th>
                  <Table.Th>{t('units.kind')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {units.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td style={{ paddingInlineStart: 12 + u.depth * 20 }}>
                      <Anchor component={Link} to={`/admin/units/${u.id}`} c={u.retired ? 'dimmed' : undefined}>
                        {(locale === 'en' && u.nameEn) || u.nameTh}
                      </Anchor>{' '}
                      {u.retired ? <Badge color="gray" size="sm">{t('units.retired')}</Badge> : null}
                    </Table.Td>
                    <Table.Td>{t(`units.kind.${u.kind}`)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder>
            <Form method="post" key={created ?? 'new'}>
              <Stack>
                <Title order={4}>{t('units.add')}</Title>
                <FormError message={data?.formError} />
                {created ? <Text c="teal" role="status">{t('units.created')}: {created}</Text> : null}
                <UnitFields units={units} errors={data?.fieldErrors} />
                <Group justify="flex-end">
                  <Button type="submit" loading={busy}>{t('units.add')}</Button>
                </Group>
              </Stack>
            </Form>
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  )
}
