import {
  Alert,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  NativeSelect,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core'
import { BeDateInput } from '#app/components/be-date-input'
import { ConfirmButton } from '#app/components/confirm-button'
import { FileCard, LinkCard, TextCard } from '#app/components/evidence/content'
import { ControlError } from '#app/components/evidence/control-error'
import { TargetsCard } from '#app/components/evidence/targets'
import { IntentForm, useActionForm } from '#app/components/forms'
import { FormError, useLocalize } from '#app/components/messages'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate } from '#models/dates'
import type { EvidencePageProps, LockingItem } from '#app/components/evidence/types'

export function EvidencePage({
  evidence: e,
  units,
  targets,
  canUpload,
  foreign,
  frozen,
  text,
  retentionDays,
  maxBytes,
  typesLabel,
}: EvidencePageProps) {
  // the answer: saved, with link warnings, or refused (next to the control that asked)
  const { data, formError, idle } = useActionForm<{ saved?: boolean; warnings?: string[] }>()
  const t = useT()
  const l = useLocalize()
  const locale = useLocale()
  const pickTitle = (i: { titleTh: string; titleEn: string }) => (locale === 'en' && i.titleEn) || i.titleTh
  const named = (list: LockingItem[]) =>
    list
      .map((i) => `${i.itemCode} "${pickTitle(i)}"${i.frozen ? ` (${t(`evidence.locked.${i.frozen}`)})` : ''}`)
      .join(', ')
  // replacing, editing and deleting change every linked item; unlinking only the one it leaves
  const mayChange = canUpload && foreign.length === 0 && frozen.length === 0
  const mayUnlink = (link: { catalogId: string; itemCode: string }) =>
    canUpload &&
    foreign.length === 0 &&
    !frozen.some((i) => i.catalogId === link.catalogId && i.itemCode === link.itemCode)
  const locked = (color: string, text: string) => (
    <Alert color={color} role="status" data-testid="evidence-locked">
      {text}
    </Alert>
  )
  const badges = (
    <>
      <Badge variant="light">{t(`evidence.type.${e.type}`)}</Badge>
      {e.deletedAt ? <Badge color="red">{t('evidence.deleted')}</Badge> : null}
    </>
  )
  return (
    <Page back={{ to: '/evidence', label: t('evidence.back') }} title={e.title} actions={badges} width={1200}>
      <FormError message={formError} />
      {text && ['pending', 'empty', 'failed', 'skipped'].includes(text.state) ? (
        <Alert color={text.state === 'failed' ? 'red' : 'gray'} role="status" data-testid="evidence-text-state">
          {t(`evidence.text.${text.state as 'pending' | 'empty' | 'failed' | 'skipped'}.long`)}
          {text.error ? ` ${l(text.error)}` : ''}
        </Alert>
      ) : null}
      {foreign.length > 0 ? locked('gray', t('evidence.locked.foreign', { items: named(foreign) })) : null}
      {foreign.length === 0 && frozen.length > 0
        ? locked('blue', t('evidence.locked.frozen', { items: named(frozen) }))
        : null}
      {data?.warnings?.length ? (
        <Alert color="yellow" title={t('evidence.warning')} role="status">
          {data.warnings.map((w) => (
            <Text key={w} size="sm">
              {l(w)}
            </Text>
          ))}
        </Alert>
      ) : null}
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            {e.type === 'file' ? (
              <FileCard e={e} mayChange={mayChange} maxBytes={maxBytes} typesLabel={typesLabel} />
            ) : null}
            {e.type === 'link' ? <LinkCard e={e} canUpload={canUpload} /> : null}
            {e.type === 'text' ? <TextCard e={e} mayChange={mayChange} /> : null}
            <TargetsCard links={e.links} targets={targets} canUpload={canUpload} mayUnlink={mayUnlink} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <DetailsCard
            e={e}
            units={units}
            mayChange={mayChange}
            retentionDays={retentionDays}
            saved={Boolean(data?.saved && idle && !formError)}
          />
        </Grid.Col>
      </Grid>
    </Page>
  )
}

interface DetailsProps {
  e: EvidencePageProps['evidence']
  units: EvidencePageProps['units']
  mayChange: boolean
  retentionDays: number
  saved: boolean
}

/** The evidence's details (title, dates, issuing unit, tags), who added it, and the delete button. */
function DetailsCard({ e, units, mayChange, retentionDays, saved }: DetailsProps) {
  const { error, busy } = useActionForm()
  const t = useT()
  const locale = useLocale()
  // a detail field is posted under its own name and labelled `evidence.field.<name>`
  const field = (name: 'title' | 'description' | 'documentDate' | 'periodFrom' | 'periodTo' | 'tags') => ({
    name,
    label: t(`evidence.field.${name}`),
    error: error(name),
  })
  const unitOptions = [
    { value: '', label: t('evidence.noUnit') },
    ...units.map((u) => ({ value: u.id, label: (locale === 'en' && u.nameEn) || u.nameTh })),
  ]
  return (
    <Card withBorder>
      <IntentForm intent="metadata" key={`${e.title}|${e.documentDay}`}>
        <Stack gap="xs">
          <Title order={4}>{t('evidence.details')}</Title>
          {saved ? (
            <Text size="sm" c="teal" role="status">
              {t('evidence.saved')}
            </Text>
          ) : null}
          <ControlError name="metadata" />
          <fieldset disabled={!mayChange} style={{ border: 0, padding: 0, margin: 0 }}>
            <Stack gap="xs">
              <TextInput {...field('title')} defaultValue={e.title} required maxLength={200} />
              <Textarea {...field('description')} defaultValue={e.description} maxLength={2000} autosize minRows={2} />
              <BeDateInput {...field('documentDate')} defaultValue={e.documentDay} />
              <Group grow>
                <BeDateInput {...field('periodFrom')} defaultValue={e.periodFromDay} />
                <BeDateInput {...field('periodTo')} defaultValue={e.periodToDay} />
              </Group>
              <NativeSelect
                label={t('evidence.field.issuingUnit')}
                name="issuingUnitId"
                defaultValue={e.issuingUnitId ?? ''}
                data={unitOptions}
                error={error('issuingUnitId')}
              />
              <TagsInput {...field('tags')} defaultValue={e.tags} maxTags={20} clearable />
              {mayChange ? (
                <Button type="submit" loading={busy('metadata')} w="fit-content">
                  {t('evidence.save')}
                </Button>
              ) : null}
            </Stack>
          </fieldset>
          <Text size="xs" c="dimmed">
            {e.createdByName} · {formatDate(e.createdAt, locale, { style: 'datetime' })}
          </Text>
        </Stack>
      </IntentForm>
      {mayChange ? (
        <IntentForm intent="delete">
          <ConfirmButton
            mt="md"
            color="red"
            variant="light"
            message={t('evidence.deleteConfirm', { title: e.title, days: retentionDays })}
          >
            {t('evidence.delete')}
          </ConfirmButton>
        </IntentForm>
      ) : null}
      <ControlError name="delete" mt="xs" />
    </Card>
  )
}
