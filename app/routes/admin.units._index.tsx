import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Anchor, Badge, Grid, Table, Text } from '@mantine/core'
import { FormCard, useActionForm } from '#app/components/forms'
import { UnitFields } from '#app/components/people/unit-fields'
import { DataTable } from '#app/components/ui/data-table'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { answer, attempt, fields, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { buildUnitTree, createUnit, flattenUnitTree, listUnits, type UnitKind } from '#models/tenancy/unit.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'unit.manage')
  const units = flattenUnitTree(buildUnitTree(await listUnits(member.organization.id)))
  return json({ units })
}

export async function action(args: ActionFunctionArgs) {
  const { actor, form } = await startAction(args, 'unit.manage')
  const input = fields(form, ['nameTh', 'nameEn', 'kind', 'parentId'])
  const result = await attempt(() => createUnit(actor, { ...input, kind: input.kind as UnitKind }))
  if (!result.ok) return result.response
  return answer.ok({ created: result.value.nameTh })
}

export default function Units() {
  const { units } = useLoaderData<typeof loader>()
  const { data, formError, errors, busy } = useActionForm<typeof action>()
  const t = useT()
  const locale = useLocale()
  const created = data && 'created' in data ? data.created : undefined
  const notice = created ? (
    <Text c="teal" role="status">
      {t('units.created')}: {created}
    </Text>
  ) : null
  return (
    <Page title={t('units.title')}>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <DataTable
            striped
            highlightOnHover
            empty={units.length === 0 && t('units.empty')}
            columns={[t('units.nameTh'), t('units.kind')]}
          >
            {units.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td style={{ paddingInlineStart: 12 + u.depth * 20 }}>
                  <Anchor component={Link} to={`/admin/units/${u.id}`} c={u.retired ? 'dimmed' : undefined}>
                    {(locale === 'en' && u.nameEn) || u.nameTh}
                  </Anchor>{' '}
                  {u.retired ? (
                    <Badge color="gray" size="sm">
                      {t('units.retired')}
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>{t(`units.kind.${u.kind}`)}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <FormCard key={created ?? 'new'} title={t('units.add')} formError={formError} notices={notice} busy={busy()}>
            <UnitFields units={units} errors={errors} />
          </FormCard>
        </Grid.Col>
      </Grid>
    </Page>
  )
}
