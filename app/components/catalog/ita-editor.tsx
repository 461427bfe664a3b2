/** An ITA catalog's OIT criteria and their required elements, with authoring controls in a draft. */
import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { ConfidenceBadge, ConfidenceSummary, usePick } from '#app/components/catalog/badges'
import {
  CheckField,
  EditForm,
  ElementFields,
  ElementList,
  ItemEditor,
  SelectField,
  TextField,
} from '#app/components/catalog/edit-form'
import { NoteText } from '#app/components/ui/fields'
import { useT } from '#app/utils/i18n'
import { CONFIDENCE_LEVELS, itaConfidence, type Criterion, type ItaCatalog } from '#models/catalog/schema'

function CriterionFields({ criterion }: { criterion?: Criterion }) {
  const t = useT()
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <TextField name="titleTh" label={t('catalogs.titleTh')} defaultValue={criterion?.title.th} required />
      <TextField name="titleEn" label={t('catalogs.titleEn')} defaultValue={criterion?.title.en} required />
      <TextField
        name="descriptionTh"
        label={t('catalogs.descriptionTh')}
        defaultValue={criterion?.description?.th ?? ''}
      />
      <TextField
        name="descriptionEn"
        label={t('catalogs.descriptionEn')}
        defaultValue={criterion?.description?.en ?? ''}
      />
      <CheckField
        name="provisional"
        label={t('catalogs.provisionalCheck')}
        defaultChecked={criterion?.provisional ?? false}
      />
      <SelectField
        name="confidence"
        label={t('catalogs.confidence.field')}
        defaultValue={criterion?.confidence?.level ?? ''}
        data={[
          { value: '', label: t('catalogs.confidence.notStated') },
          ...CONFIDENCE_LEVELS.map((l) => ({ value: l, label: t(`catalogs.confidence.${l}`) })),
        ]}
      />
      <TextField
        name="confidenceNoteTh"
        label={t('catalogs.confidence.noteField')}
        defaultValue={criterion?.confidence?.note.th ?? ''}
      />
    </SimpleGrid>
  )
}

export function ItaEditor({ catalog, editable }: { catalog: ItaCatalog; editable: boolean }) {
  const t = useT()
  const pick = usePick()
  const confidence = itaConfidence(catalog)
  const groupings = Object.values(confidence.subIndicators)
  // the least sure grouping speaks for all (each sub-indicator also shows its own)
  const grouping =
    groupings.find((g) => g.level === 'unconfirmed') ?? groupings.find((g) => g.level === 'one-source') ?? groupings[0]
  return (
    <Stack>
      <ConfidenceSummary
        rows={[
          { label: t('catalogs.confidence.catalog'), confidence: confidence.catalog },
          { label: t('catalogs.confidence.weights'), confidence: confidence.weights },
          { label: t('catalogs.confidence.bands'), confidence: confidence.bands },
          ...(grouping ? [{ label: t('catalogs.confidence.grouping'), confidence: grouping }] : []),
        ]}
      />
      {catalog.tools.flatMap((tool) =>
        tool.indicators.flatMap((ind) =>
          ind.kind !== 'checklist'
            ? []
            : ind.subIndicators.map((sub) => (
                <Card withBorder key={sub.code}>
                  <Group gap="xs">
                    <Title order={4}>
                      {tool.code} · {sub.code} {pick(sub.name.th, sub.name.en)}
                    </Title>
                    <ConfidenceBadge confidence={confidence.subIndicators[sub.code]} />
                  </Group>
                  <Table>
                    <Table.Tbody>
                      {sub.criteria.map((cr, ci) => (
                        <Table.Tr key={cr.code} id={cr.code}>
                          <Table.Td valign="top" w={60}>
                            <Text fw={600}>{cr.code}</Text>
                          </Table.Td>
                          <Table.Td>
                            <Text fw={600} component="div">
                              {pick(cr.title.th, cr.title.en)}{' '}
                              {cr.provisional ? (
                                <Badge size="xs" color="orange" variant="light">
                                  {t('catalogs.provisional')}
                                </Badge>
                              ) : null}{' '}
                              <ConfidenceBadge confidence={confidence.criteria[cr.code]} />{' '}
                              {cr.placeholder ? (
                                <Badge size="xs" color="gray" variant="outline" data-testid="placeholder">
                                  {t('catalogs.placeholder')}
                                </Badge>
                              ) : null}
                            </Text>
                            <NoteText size="xs">
                              {cr.confidence && pick(cr.confidence.note.th, cr.confidence.note.en)}
                            </NoteText>
                            <NoteText size="xs">{cr.note && pick(cr.note.th, cr.note.en)}</NoteText>
                            <NoteText size="xs">
                              {cr.relatedCatalogKey && t('catalogs.related', { key: cr.relatedCatalogKey })}
                            </NoteText>
                            <NoteText>{cr.description && pick(cr.description.th, cr.description.en)}</NoteText>
                            <ElementList owner={cr.code} elements={cr.elements} editable={editable} label={cr.code} />
                            {editable ? (
                              <ItemEditor
                                intent="criterion"
                                hidden={{ code: cr.code }}
                                first={ci === 0}
                                last={ci === sub.criteria.length - 1}
                                label={cr.code}
                                removeMessage={t('catalogs.removeCriterionConfirm', { code: cr.code })}
                                summary={`${t('catalogs.edit')} ${cr.code}`}
                                variant="light"
                                mt="xs"
                              >
                                <CriterionFields criterion={cr} />
                              </ItemEditor>
                            ) : null}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                  {editable ? (
                    <EditForm
                      summary={t('catalogs.addCriterion', { code: sub.code })}
                      intent="criterion.add"
                      hidden={{ subCode: sub.code }}
                      submit={t('catalogs.save')}
                    >
                      <Stack gap="xs">
                        <TextField name="code" label={t('catalogs.code')} required />
                        <CriterionFields />
                        <Text size="sm" fw={600}>
                          {t('catalogs.firstElement')}
                        </Text>
                        <ElementFields />
                      </Stack>
                    </EditForm>
                  ) : null}
                </Card>
              )),
        ),
      )}
    </Stack>
  )
}
