/**
 * An integrity-policy plan (policy areas) or improvement-measures catalog (issues): measures and
 * their activities (steps, period, host and supporting units, indicator, target, evidence), with
 * authoring controls in a draft.
 */
import { Card, Divider, List, SimpleGrid, Stack, Text, Title } from '@mantine/core'
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
import { Fact, NoteText } from '#app/components/ui/fields'
import { useT } from '#app/utils/i18n'
import type { Activity, ImprovementMeasuresCatalog, IntegrityPolicyCatalog, Measure } from '#models/catalog/schema'

function MeasureFields({ measure }: { measure?: Measure }) {
  const t = useT()
  return (
    <Stack gap="xs">
      {measure ? null : <TextField name="code" label={t('catalogs.plan.measureCode')} required />}
      <LinesField
        name="nameTh"
        label={t('catalogs.plan.measureName')}
        defaultValue={measure ? [measure.name.th] : []}
        required
      />
      <LinesField
        name="descriptionTh"
        label={t('catalogs.plan.description')}
        defaultValue={measure?.description ? [measure.description.th] : []}
      />
      <TextField name="indicatorTh" label={t('catalogs.plan.indicator')} defaultValue={measure?.indicator?.th ?? ''} />
    </Stack>
  )
}

function ActivityFields({ activity }: { activity?: Activity }) {
  const t = useT()
  const months = Array.from({ length: 12 }, (_, i) => ({
    value: String(i + 1),
    label: t(`catalogs.plan.month.${i + 1}` as 'catalogs.plan.month.1'),
  }))
  const quarters = [1, 2, 3, 4].map((q) => ({ value: String(q), label: t('catalogs.plan.quarter', { q }) }))
  const unit = activity?.period?.unit ?? ''
  const values = (activity?.period?.values ?? []).map(String)
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {activity ? null : <TextField name="code" label={t('catalogs.plan.activityCode')} required />}
        <TextField name="nameTh" label={t('catalogs.plan.activityName')} defaultValue={activity?.name.th} required />
      </SimpleGrid>
      <LinesField
        name="steps"
        label={t('catalogs.plan.steps')}
        description={t('catalogs.plan.oneLine')}
        defaultValue={activity?.steps.map((s) => s.th)}
      />
      <SelectField
        name="periodUnit"
        label={t('catalogs.plan.periodUnit')}
        defaultValue={unit}
        data={[
          { value: '', label: t('catalogs.plan.period.none') },
          { value: 'month', label: t('catalogs.plan.period.month') },
          { value: 'quarter', label: t('catalogs.plan.period.quarter') },
        ]}
      />
      {/* both sets are shown so the form works without JavaScript; the server keeps the chosen unit's */}
      <ChecksField
        name="periodValues"
        label={t('catalogs.plan.period.month')}
        options={months}
        defaultValues={unit === 'month' ? values : []}
      />
      <ChecksField
        name="periodValues"
        label={t('catalogs.plan.period.quarter')}
        options={quarters.map((q) => ({ ...q, value: `q${q.value}` }))}
        defaultValues={unit === 'quarter' ? values.map((v) => `q${v}`) : []}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextField name="hostUnit" label={t('catalogs.plan.hostUnit')} defaultValue={activity?.hostUnit ?? ''} />
        <LinesField
          name="supportUnits"
          label={t('catalogs.plan.supportUnits')}
          description={t('catalogs.plan.oneLine')}
          defaultValue={activity?.supportUnits}
        />
        <LinesField
          name="responsible"
          label={t('catalogs.plan.responsible')}
          description={t('catalogs.plan.oneLine')}
          defaultValue={activity?.responsible}
        />
        <TextField
          name="indicatorTh"
          label={t('catalogs.plan.indicator')}
          defaultValue={activity?.indicator?.th ?? ''}
        />
        <TextField name="targetTh" label={t('catalogs.plan.target')} defaultValue={activity?.target?.th ?? ''} />
      </SimpleGrid>
    </Stack>
  )
}

function PeriodText({ activity }: { activity: Activity }) {
  const t = useT()
  const p = activity.period
  if (!p) return <>{t('catalogs.plan.period.none')}</>
  return (
    <>
      {p.values
        .map((v) =>
          p.unit === 'month'
            ? t(`catalogs.plan.month.${v}` as 'catalogs.plan.month.1')
            : t('catalogs.plan.quarter', { q: v }),
        )
        .join(', ')}
    </>
  )
}

export function PlanEditor({
  catalog,
  editable,
}: {
  catalog: IntegrityPolicyCatalog | ImprovementMeasuresCatalog
  editable: boolean
}) {
  const t = useT()
  const pick = usePick()
  const groups = catalog.kind === 'integrity-policy' ? catalog.policyAreas : catalog.issues
  const word = catalog.kind === 'integrity-policy' ? 'area' : 'issue'
  return (
    <Stack>
      {groups.map((g, gi) => (
        <Card withBorder key={g.code} data-group={g.code}>
          <Title order={4}>
            {t(`catalogs.plan.${word}`)} {g.code} {pick(g.name.th, g.name.en)}
          </Title>
          {editable ? (
            <ItemEditor
              intent="group"
              hidden={{ code: g.code }}
              first={gi === 0}
              last={gi === groups.length - 1}
              label={`${t(`catalogs.plan.${word}`)} ${g.code}`}
              removeMessage={t('catalogs.plan.removeGroupConfirm', { code: g.code })}
              summary={`${t('catalogs.edit')} ${t(`catalogs.plan.${word}`)} ${g.code}`}
              variant="light"
              mt={4}
            >
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextField name="nameTh" label={t('catalogs.plan.nameTh')} defaultValue={g.name.th} required />
                <TextField name="nameEn" label={t('catalogs.plan.nameEn')} defaultValue={g.name.en} required />
              </SimpleGrid>
            </ItemEditor>
          ) : null}
          {g.measures.map((m, mi) => (
            <Stack key={m.code} gap={4} mt="md" data-measure={`${g.code}/${m.code}`}>
              <Divider />
              <Text fw={600}>
                {t('catalogs.plan.measure')} {m.code} {pick(m.name.th, m.name.en)}
              </Text>
              <NoteText>{m.description && pick(m.description.th, m.description.en)}</NoteText>
              <Fact label={t('catalogs.plan.indicator')}>{m.indicator && pick(m.indicator.th, m.indicator.en)}</Fact>
              {editable ? (
                <ItemEditor
                  intent="measure"
                  hidden={{ groupCode: g.code, code: m.code }}
                  first={mi === 0}
                  last={mi === g.measures.length - 1}
                  label={`${t('catalogs.plan.measure')} ${g.code}/${m.code}`}
                  removeMessage={t('catalogs.plan.removeMeasureConfirm', { code: `${g.code}/${m.code}` })}
                  summary={`${t('catalogs.edit')} ${t('catalogs.plan.measure')} ${m.code}`}
                >
                  <MeasureFields measure={m} />
                </ItemEditor>
              ) : null}
              <NoteText>{m.activities.length === 0 && t('catalogs.plan.noActivities')}</NoteText>
              {m.activities.map((a, ai) => (
                <Card key={a.code} withBorder ml="md" padding="sm" data-activity={`${g.code}/${m.code}/${a.code}`}>
                  <Text size="sm" fw={600}>
                    {t('catalogs.plan.activity')} {a.code} {pick(a.name.th, a.name.en)}
                  </Text>
                  {a.steps.length ? (
                    <List size="sm" type="ordered">
                      {a.steps.map((s, i) => (
                        <List.Item key={i}>{pick(s.th, s.en)}</List.Item>
                      ))}
                    </List>
                  ) : null}
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={4}>
                    <Fact label={t('catalogs.plan.period')}>
                      <PeriodText activity={a} />
                    </Fact>
                    <Fact label={t('catalogs.plan.hostUnit')}>{a.hostUnit ?? '—'}</Fact>
                    <Fact label={t('catalogs.plan.supportUnits')}>{a.supportUnits.join(', ') || '—'}</Fact>
                    <Fact label={t('catalogs.plan.responsible')}>{a.responsible?.join(', ')}</Fact>
                    <Fact label={t('catalogs.plan.indicator')}>
                      {a.indicator && pick(a.indicator.th, a.indicator.en)}
                    </Fact>
                    <Fact label={t('catalogs.plan.target')}>{a.target && pick(a.target.th, a.target.en)}</Fact>
                  </SimpleGrid>
                  <Text size="sm" fw={600} mt={4}>
                    {t('catalogs.elements')}
                  </Text>
                  <ElementList
                    owner={`${g.code}/${m.code}/${a.code}`}
                    elements={a.evidence}
                    editable={editable}
                    label={`${g.code}/${m.code}/${a.code}`}
                  />
                  {editable ? (
                    <ItemEditor
                      intent="activity"
                      hidden={{ groupCode: g.code, measureCode: m.code, code: a.code }}
                      first={ai === 0}
                      last={ai === m.activities.length - 1}
                      label={`${t('catalogs.plan.activity')} ${g.code}/${m.code}/${a.code}`}
                      removeMessage={t('catalogs.plan.removeActivityConfirm', { code: a.code, measure: m.code })}
                      summary={`${t('catalogs.edit')} ${t('catalogs.plan.activity')} ${a.code}`}
                      mt={4}
                    >
                      <ActivityFields activity={a} />
                    </ItemEditor>
                  ) : null}
                </Card>
              ))}
              {editable ? (
                <EditForm
                  summary={`${t('catalogs.plan.addActivity')} (${t('catalogs.plan.measure')} ${m.code})`}
                  intent="activity.add"
                  hidden={{ groupCode: g.code, measureCode: m.code }}
                  submit={t('catalogs.plan.addActivity')}
                >
                  <ActivityFields />
                </EditForm>
              ) : null}
            </Stack>
          ))}
          {editable ? (
            <EditForm
              summary={`${t('catalogs.plan.addMeasure')} (${t(`catalogs.plan.${word}`)} ${g.code})`}
              intent="measure.add"
              hidden={{ groupCode: g.code }}
              submit={t('catalogs.plan.addMeasure')}
            >
              <MeasureFields />
            </EditForm>
          ) : null}
        </Card>
      ))}
      {editable ? (
        <EditForm
          summary={t(`catalogs.plan.add.${word}`)}
          intent="group.add"
          hidden={{}}
          submit={t(`catalogs.plan.add.${word}`)}
        >
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextField name="code" label={t('catalogs.plan.groupCode')} required />
            <TextField name="nameTh" label={t('catalogs.plan.nameTh')} required />
            <TextField name="nameEn" label={t('catalogs.plan.nameEn')} required />
            <TextField name="measureCode" label={t('catalogs.plan.measureCode')} required />
            <TextField name="measureNameTh" label={t('catalogs.plan.measureName')} required />
          </SimpleGrid>
        </EditForm>
      ) : null}
    </Stack>
  )
}
