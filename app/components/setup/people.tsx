/** The people step: who is in the organization so far, the sheet import, and the links to hand over. */
import { Link } from '@remix-run/react'
import { Alert, Anchor, Code, Grid, Stack, Table, Text, Title } from '@mantine/core'
import { useActionForm } from '#app/components/forms'
import { SetupStepPage } from '#app/components/setup/step-page'
import { SheetUpload } from '#app/components/setup/sheet-upload'
import { DataTable } from '#app/components/ui/data-table'
import { DoneNote } from '#app/components/ui/fields'
import { useT } from '#app/utils/i18n'
import type { Role } from '#models/tenancy/permissions'

export interface HandedLink {
  email: string
  name: string
  role: Role
  /** The link to hand over; null when it was mailed. */
  url: string | null
  /** Someone with an account elsewhere: the url is where they accept. */
  accept: boolean
}

type Answer = { invited?: number; links?: HandedLink[]; problems?: string[] }

export function SetupPeople({
  people,
  mail,
}: {
  people: { id: string; email: string; nameTh: string; role: Role }[]
  mail: boolean
}) {
  const { data, formError, errors, busy } = useActionForm<Answer>()
  const t = useT()
  const answer = data as Answer | undefined
  const links = answer?.links ?? []
  return (
    <SetupStepPage step="people" done={people.some((p) => p.role !== 'admin')} width={1100}>
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack>
            <SheetUpload
              title={t('setup.people.import')}
              columns={t('setup.people.columns')}
              formError={formError}
              fileError={answer?.problems?.length ? undefined : errors.file}
              problems={answer?.problems}
              busy={busy()}
              notices={
                <DoneNote>{answer?.invited ? t('setup.people.invited', { count: answer.invited }) : null}</DoneNote>
              }
            />
            <Anchor component={Link} to="/admin/people">
              {t('setup.people.one')}
            </Anchor>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Title order={4}>{t('setup.people.current')}</Title>
          <DataTable columns={[t('setup.col.name'), t('setup.col.email'), t('setup.col.role')]}>
            {people.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.nameTh}</Table.Td>
                <Table.Td>{p.email}</Table.Td>
                <Table.Td>{t(`role.${p.role}`)}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </Grid.Col>
      </Grid>
      {links.length ? (
        <Stack>
          {!mail ? (
            <Alert color="blue" role="status">
              {t('setup.people.handOver')}
            </Alert>
          ) : null}
          <DataTable
            data-testid="handed-links"
            columns={[t('setup.col.name'), t('setup.col.email'), t('setup.col.role'), t('setup.col.link')]}
          >
            {links.map((l) => (
              <Table.Tr key={l.email}>
                <Table.Td>{l.name}</Table.Td>
                <Table.Td>{l.email}</Table.Td>
                <Table.Td>{t(`role.${l.role}`)}</Table.Td>
                <Table.Td>
                  {l.url === null ? (
                    <Text size="sm">{t('setup.people.mailed')}</Text>
                  ) : l.accept ? (
                    <Text size="sm">{t('setup.people.acceptAt', { url: l.url })}</Text>
                  ) : (
                    <Code data-testid="one-time-link">{l.url}</Code>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </Stack>
      ) : null}
    </SetupStepPage>
  )
}
