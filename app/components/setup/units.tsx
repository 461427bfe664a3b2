/** The units step: the units so far, a sheet import, and the form to type one in (with its code). */
import type { SerializeFrom } from '@remix-run/node'
import { Grid, Stack, Table, TextInput, Title } from '@mantine/core'
import { FormCard, useActionForm } from '#app/components/forms'
import { UnitFields } from '#app/components/people/unit-fields'
import { SetupStepPage } from '#app/components/setup/step-page'
import { SheetUpload } from '#app/components/setup/sheet-upload'
import { DataTable } from '#app/components/ui/data-table'
import { DoneNote } from '#app/components/ui/fields'
import { useLocale, useT } from '#app/utils/i18n'
import type { UnitNode } from '#models/tenancy/unit.server'

type Answer = { imported?: number; created?: string; problems?: string[] }

export function SetupUnits({ units }: { units: SerializeFrom<UnitNode>[] }) {
  const { data, formError, errors, error, busy, sending } = useActionForm<Answer>()
  const t = useT()
  const locale = useLocale()
  const answer = data as (Answer & { formError?: string | null }) | undefined
  const uploading = sending?.has('file') ?? false
  const fromUpload = answer && 'problems' in answer
  const byId = new Map(units.map((u) => [u.id, u]))
  const name = (u: { nameTh: string; nameEn: string }) => (locale === 'en' && u.nameEn) || u.nameTh
  return (
    <SetupStepPage step="units" done={units.some((u) => !u.retired)} width={1100}>
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Title order={4}>{t('setup.units.list')}</Title>
          <DataTable
            empty={units.length === 0 && t('units.empty')}
            columns={[t('setup.col.code'), t('units.nameTh'), t('setup.col.kind'), t('setup.col.parent')]}
          >
            {units.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>{u.code}</Table.Td>
                <Table.Td style={{ paddingInlineStart: 12 + u.depth * 20 }}>{name(u)}</Table.Td>
                <Table.Td>{t(`units.kind.${u.kind}`)}</Table.Td>
                <Table.Td>{u.parentId && byId.get(u.parentId) ? name(byId.get(u.parentId)!) : ''}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack>
            <SheetUpload
              title={t('setup.units.import')}
              columns={t('setup.units.columns')}
              formError={fromUpload ? formError : null}
              fileError={fromUpload && !answer?.problems?.length ? errors.file : undefined}
              problems={answer?.problems}
              busy={uploading}
              notices={
                <DoneNote>{answer?.imported ? t('setup.units.imported', { count: answer.imported }) : null}</DoneNote>
              }
            />
            <FormCard
              key={answer?.created ?? 'new'}
              title={t('setup.units.add')}
              formError={fromUpload ? null : formError}
              notices={<DoneNote>{answer?.created ? t('setup.units.added', { name: answer.created }) : null}</DoneNote>}
              busy={busy() && !uploading}
            >
              <TextInput label={t('setup.units.code')} name="code" maxLength={30} error={error('code')} />
              <UnitFields units={units} errors={errors} />
            </FormCard>
          </Stack>
        </Grid.Col>
      </Grid>
    </SetupStepPage>
  )
}
