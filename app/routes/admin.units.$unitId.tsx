import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Badge, Button, Group, Title } from '@mantine/core'
import { ConfirmButton } from '#app/components/confirm-button'
import { FormCard, IntentForm, useActionForm } from '#app/components/forms'
import { UnitFields } from '#app/components/people/unit-fields'
import { Page } from '#app/components/ui/page'
import { useT } from '#app/utils/i18n'
import { attempt, fields, notFound, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { bi } from '#models/errors'
import {
  buildUnitTree,
  flattenUnitTree,
  getUnit,
  listUnits,
  setUnitRetired,
  updateUnit,
  type UnitKind,
} from '#models/tenancy/unit.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'unit.manage')
  const unit = await getUnit(member.organization.id, params.unitId ?? '')
  if (!unit) throw notFound(bi('ไม่พบหน่วยงานย่อย', 'Unit not found'))
  const units = flattenUnitTree(buildUnitTree(await listUnits(member.organization.id)))
  // a unit cannot move under itself or its own sub-units: leave those out of the choices
  const descendants = new Set<string>([unit.id])
  for (const u of units) if (u.parentId && descendants.has(u.parentId)) descendants.add(u.id)
  return json({ unit, units: units.filter((u) => !descendants.has(u.id)) })
}

export async function action(args: ActionFunctionArgs) {
  const { actor, form, intent } = await startAction(args, 'unit.manage')
  const unitId = args.params.unitId ?? ''
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
  const { formError, errors } = useActionForm<typeof action>()
  const t = useT()
  return (
    <Page back={{ to: '/admin/units', label: t('units.title') }} width={640}>
      <Group>
        <Title order={2}>{t('units.edit')}</Title>
        {unit.retired ? <Badge color="gray">{t('units.retired')}</Badge> : null}
      </Group>
      <FormCard formError={formError} submit={t('units.save')} submitName="intent" submitValue="save">
        <UnitFields units={units} values={unit} errors={errors} excludeId={unit.id} />
      </FormCard>
      {unit.retired ? (
        <IntentForm intent="restore">
          <Button type="submit" variant="light">
            {t('units.restore')}
          </Button>
        </IntentForm>
      ) : (
        <IntentForm intent="retire">
          <ConfirmButton variant="light" color="red" message={t('units.retireConfirm', { name: unit.nameTh })}>
            {t('units.retire')}
          </ConfirmButton>
        </IntentForm>
      )}
    </Page>
  )
}
