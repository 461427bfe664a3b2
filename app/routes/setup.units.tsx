import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SetupUnits } from '#app/components/setup/units'
import { sheetAnswer } from '#app/utils/setup-sheet.server'
import { answer, attempt, fields, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { beginSetup, finishSetupIfComplete } from '#models/tenancy/setup.server'
import {
  buildUnitTree,
  createUnit,
  flattenUnitTree,
  importUnits,
  listUnits,
  UNIT_SHEET_COLUMNS,
  type UnitKind,
} from '#models/tenancy/unit.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'unit.manage')
  return json({ units: flattenUnitTree(buildUnitTree(await listUnits(member.organization.id))) })
}

export async function action(args: ActionFunctionArgs) {
  const isUpload = args.request.headers.get('Content-Type')?.startsWith('multipart/form-data')
  if (isUpload) {
    // the permission is checked before the body is read, as startAction does
    const member = await requirePermission(args.request, 'unit.manage')
    return sheetAnswer(member, args, UNIT_SHEET_COLUMNS, async (actor, sheet) => {
      const units = await importUnits(actor, sheet)
      await beginSetup(actor)
      if (await finishSetupIfComplete(actor)) throw redirect('/')
      return { imported: units.length }
    })
  }
  const { actor, form } = await startAction(args, 'unit.manage')
  const input = fields(form, ['code', 'nameTh', 'nameEn', 'kind', 'parentId'])
  const result = await attempt(async () => {
    const unit = await createUnit(actor, { ...input, kind: input.kind as UnitKind })
    await beginSetup(actor)
    return unit
  })
  if (!result.ok) return result.response
  if (await finishSetupIfComplete(actor)) return redirect('/')
  return answer.ok({ created: result.value.nameTh })
}

export default function SetupUnitsRoute() {
  return <SetupUnits {...useLoaderData<typeof loader>()} />
}
