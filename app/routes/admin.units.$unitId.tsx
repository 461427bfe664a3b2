import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Anchor, Badge, Button, Card, Group, Stack, Title } from '@mantine/core'
import { ConfirmButton } from '#app/components/confirm-button'
import { FormError } from '#app/components/messages'
import { useT } from '#app/utils/i18n'
import { attempt, fields } from '#app/utils/forms.server'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { buildUnitTree, flattenUnitTree, getUnit, listUnits, setUnitRetired, updateUnit, type UnitKind } from '#models/tenancy/unit.server'
import { UnitFields } from '#app/components/people/unit-fields'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'unit.manage')
  const unit = await getUnit(member.organization.id, params.unitId ?? '')
  if (!unit) throw new Response('ไม่พบหน่วยงานย่อย / Unit not found', { status: 404 })
  const units = flattenUnitTree(buildUnitTree(await listUnits(member.organization.id)))
  // a unit cannot move under itself or its own sub-units: leave those out of the choices
  const descendants = new Set<string>([unit.id])
  for (const u of units) if (u.parentId && descendants.has(u.parentId)) descendants.add(u.id)
  return json({ unit, units: units.filter((u) => !descendants.has(u.id)) })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'unit.manage')
  const actor = actorOf(member, request, context)
  const unitId = params.unitId ?? ''
  const form = await request.formData()
  const intent = form.get('intent')
  const result = await attempt(async () => {
    if (intent === 'retire' || intent === 'restore') return setUnitRetired(actor, unitId, intent === 'retire')
    const input = fields(form, ['nameTh', 'nameEn', 'kind', 'parentId'])
    return updateUnit(actor, unitId, { ...input, kind: input.kind as UnitKind })
  })
  if (!result.ok) return result.response
  return redirect('/admin/units')
}

export default function EditUnit() {
  const { unit, units } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const t = useT()
  return (
    <Stack maw={640} mx="auto">
      <Anchor component={Link} to="/admin/units" size="sm">← {t('units.title')}</Anchor>
      <Group>
        <Title order={2}>{t('units.edit')}</Title>
        {unit.retired ? <Badge color="gray">{t('units.retired')}</Badge> : null}
      </Group>
      <Card withBorder>
        <Form method="post">
          <Stack>
            <FormError message={data?.formError} />
            <UnitFields units={units} values={unit} errors={data?.fieldErrors} excludeId={unit.id} />
            <Group justify="flex-end">
              <Button type="submit" name="intent" value="save">{t('units.save')}</Button>
            </Group>
          </Stack>
        </Form>
      </Card>
      <Form method="post">
        {unit.retired ? (
          <Button type="submit" name="intent" value="restore" variant="light">{t('units.restore')}</Button>
        ) : (
          <ConfirmButton name="intent" value="retire" variant="light" color="red" message={t('units.retireConfirm', { name: unit.nameTh })}>
            {t('units.retire')}
          </ConfirmButton>
        )}
      </Form>
    </Stack>
  )
}
