/**
 * A KPI agreement's KPIs (people, baseline, rounds, levels or thresholds, evidence), with authoring controls in a
 * draft.
 */
import { Badge, Card, Fieldset, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { usePick } from '#app/components/catalog/badges'
import {
  ChecksField,
  EditForm,
  ElementList,
  ItemEditor,
  LinesField,
  SelectField,
  TextField,
} from '#app/components/catalog/edit-form'
import { useT } from '#app/utils/i18n'
import { REPORTING_ROUNDS, type Kpi, type KpiAgreementCatalog } from '#models/catalog/schema'

const LEVELS = [1, 2, 3, 4, 5] as const

function KpiFields({ kpi }: { kpi?: Kpi }) {
  const t = useT()
  const s = kpi?.scoring
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {kpi ? null : <TextField name="code" label={t('catalogs.kpi.code')} required />}
        <TextField name="nameTh" label={t('catalogs.kpi.nameTh')} defaultValue={kpi?.name.th} required />
        <TextField name="nameEn" label={t('catalogs.kpi.nameEn')} defaultValue={kpi?.name.en} required />
        <TextField name="weight" type="number" label={t('catalogs.kpi.weight')} defaultValue={kpi?.weight} required />
        <TextField
          name="supervisorTh"
          label={t('catalogs.kpi.supervisor')}
          defaultValue={kpi?.supervisor.th}
          required
        />
        <TextField
          name="dataCollectorTh"
          label={t('catalogs.kpi.dataCollector')}
          defaultValue={kpi?.dataCollector.th}
          required
        />
      </SimpleGrid>
      <LinesField
        name="descriptionTh"
        label={t('catalogs.kpi.description')}
        defaultValue={kpi ? [kpi.description.th] : []}
        required
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <LinesField
          name="baseline"
          label={t('catalogs.kpi.baseline')}
          description={t('catalogs.kpi.baselineHelp')}
          defaultValue={kpi?.baseline.map((b) => `${b.fiscalYear}: ${b.value}${b.note ? ` ${b.note.th}` : ''}`)}
        />
        <ChecksField
          name="reportingRounds"
          label={t('catalogs.kpi.rounds')}
          required
          options={REPORTING_ROUNDS.map(String).map((r) => ({
            value: r,
            label: t('catalogs.kpi.round', { months: r }),
          }))}
          defaultValues={(kpi?.reportingRounds ?? REPORTING_ROUNDS).map(String)}
        />
      </SimpleGrid>
      <SelectField
        name="scoringKind"
        label={t('catalogs.kpi.scoring')}
        defaultValue={s?.kind ?? 'milestone'}
        data={[
          { value: 'milestone', label: t('catalogs.kpi.scoring.milestone') },
          { value: 'quantitative', label: t('catalogs.kpi.scoring.quantitative') },
        ]}
      />
      <Fieldset legend={t('catalogs.kpi.scoring.milestone')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {LEVELS.map((l) => (
            <LinesField
              key={l}
              name={`level${l}`}
              label={t('catalogs.kpi.levelSteps', { level: l })}
              defaultValue={s?.kind === 'milestone' ? s.levels[l - 1]?.steps.map((x) => x.th) : []}
            />
          ))}
        </SimpleGrid>
      </Fieldset>
      <Fieldset legend={t('catalogs.kpi.scoring.quantitative')}>
        <SimpleGrid cols={{ base: 2, sm: 7 }}>
          <SelectField
            name="direction"
            label={t('catalogs.kpi.direction')}
            defaultValue={s?.kind === 'quantitative' ? s.direction : 'ascending'}
            data={[
              { value: 'ascending', label: t('catalogs.kpi.direction.ascending') },
              { value: 'descending', label: t('catalogs.kpi.direction.descending') },
            ]}
          />
          <TextField
            name="unitTh"
            label={t('catalogs.kpi.unit')}
            defaultValue={s?.kind === 'quantitative' ? s.unit.th : ''}
          />
          {LEVELS.map((l) => (
            <TextField
              key={l}
              name={`t${l}`}
              type="number"
              label={t('catalogs.kpi.threshold', { level: l })}
              defaultValue={s?.kind === 'quantitative' ? s.thresholds[l - 1] : ''}
            />
          ))}
        </SimpleGrid>
      </Fieldset>
    </Stack>
  )
}

function Scoring({ kpi }: { kpi: Kpi }) {
  const t = useT()
  const pick = usePick()
  const s = kpi.scoring
  if (s.kind === 'milestone')
    return (
      <List size="sm" type="ordered">
        {s.levels.map((l) => (
          <List.Item key={l.level}>
            <Text size="sm" fw={600} span>
              {t('catalogs.kpi.level', { level: l.level })}:
            </Text>{' '}
            {l.steps.map((x) => pick(x.th, x.en)).join(' · ')}
          </List.Item>
        ))}
      </List>
    )
  return (
    <Table withTableBorder w="fit-content">
      <Table.Thead>
        <Table.Tr>
          {LEVELS.map((l) => (
            <Table.Th key={l}>{t('catalogs.kpi.level', { level: l })}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        <Table.Tr>
          {s.thresholds.map((x, i) => (
            <Table.Td key={i}>
              {x} {pick(s.unit.th, s.unit.en)}
            </Table.Td>
          ))}
        </Table.Tr>
      </Table.Tbody>
    </Table>
  )
}

export function KpiEditor({ catalog, editable }: { catalog: KpiAgreementCatalog; editable: boolean }) {
  const t = useT()
  const pick = usePick()
  const total = Math.round(catalog.kpis.reduce((s, k) => s + k.weight, 0) * 10000) / 10000
  return (
    <Stack>
      <Text data-testid="kpi-weight-total">{t('catalogs.kpi.weightTotal', { total })}</Text>
      {catalog.kpis.map((k, i) => (
        <Card withBorder key={k.code} id={`kpi-${k.code}`} data-kpi={k.code}>
          <Group justify="space-between" align="flex-start">
            <Title order={4}>
              {k.code} {pick(k.name.th, k.name.en)}
            </Title>
            <Badge variant="light">{t('catalogs.kpi.weightBadge', { weight: k.weight })}</Badge>
          </Group>
          <Text size="sm">{pick(k.description.th, k.description.en)}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
            <Text size="sm">
              <b>{t('catalogs.kpi.supervisor')}:</b> {pick(k.supervisor.th, k.supervisor.en)}
            </Text>
            <Text size="sm">
              <b>{t('catalogs.kpi.dataCollector')}:</b> {pick(k.dataCollector.th, k.dataCollector.en)}
            </Text>
            <Text size="sm">
              <b>{t('catalogs.kpi.rounds')}:</b>{' '}
              {k.reportingRounds.map((r) => t('catalogs.kpi.round', { months: r })).join(', ')}
            </Text>
            <Text size="sm">
              <b>{t('catalogs.kpi.baseline')}:</b>{' '}
              {k.baseline.length ? k.baseline.map((b) => `${b.fiscalYear}: ${b.value}`).join(', ') : '—'}
            </Text>
          </SimpleGrid>
          <Text size="sm" fw={600} mt="xs">
            {t(`catalogs.kpi.scoring.${k.scoring.kind}`)}
          </Text>
          <Scoring kpi={k} />
          <Text size="sm" fw={600} mt="xs">
            {t('catalogs.elements')}
          </Text>
          <ElementList owner={k.code} elements={k.evidence ?? []} editable={editable} label={k.code} />
          {editable ? (
            <ItemEditor
              intent="kpi"
              hidden={{ code: k.code }}
              first={i === 0}
              last={i === catalog.kpis.length - 1}
              label={k.code}
              removeMessage={t('catalogs.kpi.removeConfirm', { code: k.code })}
              summary={`${t('catalogs.edit')} ${k.code}`}
              variant="light"
              mt="xs"
            >
              <KpiFields kpi={k} />
            </ItemEditor>
          ) : null}
        </Card>
      ))}
      {editable ? (
        <EditForm summary={t('catalogs.kpi.add')} intent="kpi.add" hidden={{}} submit={t('catalogs.kpi.add')}>
          <KpiFields />
        </EditForm>
      ) : null}
    </Stack>
  )
}
