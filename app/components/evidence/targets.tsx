import { useState } from 'react'
import { Button, Group, Select, Stack, Text } from '@mantine/core'
import { ConfirmButton } from '#app/components/confirm-button'
import { IntentForm, useActionForm } from '#app/components/forms'
import { ControlError } from '#app/components/evidence/control-error'
import { useLocalize } from '#app/components/messages'
import { SectionCard } from '#app/components/ui/fields'
import { useLocale, useT } from '#app/utils/i18n'
import { formatFiscalYear } from '#models/dates'
import type { EvidencePageProps } from '#app/components/evidence/types'

interface Props {
  links: EvidencePageProps['evidence']['links']
  targets: EvidencePageProps['targets']
  canUpload: boolean
  mayUnlink: (link: { catalogId: string; itemCode: string }) => boolean
}

const keyOf = (link: { catalogId: string; itemCode: string; elementId: string }) =>
  `${link.catalogId}|${link.itemCode}|${link.elementId}`

/** The elements an evidence is linked to, each with its period and warning, and the picker that links one more. */
export function TargetsCard({ links, targets, canUpload, mayUnlink }: Props) {
  const { error, busy } = useActionForm()
  const t = useT()
  const l = useLocalize()
  const locale = useLocale()
  const [target, setTarget] = useState<string | null>(null)
  const removeConfirm = (label: string) => t('evidence.targets.removeConfirm', { label })
  return (
    <SectionCard title={t('evidence.targets')} empty={links.length === 0 && t('evidence.targets.empty')}>
      {links.map((link) => (
        <Group key={keyOf(link)} justify="space-between" wrap="nowrap" data-testid="target-row">
          <Stack gap={0}>
            <Text size="sm">{link.label}</Text>
            <Text size="xs" c="dimmed">
              {formatFiscalYear(link.fiscalYear, locale)} · {t('catalogs.period')}:{' '}
              {t(`catalogs.periodRule.${link.periodRule}`)}
            </Text>
            {link.warning ? (
              <Text size="xs" c="orange.8">
                {l(link.warning)}
              </Text>
            ) : null}
            <ControlError name={`unlink.${keyOf(link)}`} size="xs" />
          </Stack>
          {mayUnlink(link) ? (
            <IntentForm intent="unlink">
              <input type="hidden" name="target" value={keyOf(link)} />
              <ConfirmButton size="compact-sm" variant="subtle" message={removeConfirm(link.label)}>
                {t('evidence.targets.remove')}
              </ConfirmButton>
            </IntentForm>
          ) : null}
        </Group>
      ))}
      {canUpload ? (
        <IntentForm intent="link" onSubmit={() => setTarget(null)}>
          <Group align="flex-end" wrap="nowrap">
            <Select
              label={t('evidence.targets.pick')}
              name="target"
              value={target}
              onChange={setTarget}
              data={targets}
              searchable
              clearable
              limit={50}
              style={{ flex: 1 }}
              error={error('target') ?? error('elementId') ?? error('catalogId')}
            />
            <Button type="submit" disabled={!target} loading={busy('link')}>
              {t('evidence.targets.add')}
            </Button>
          </Group>
        </IntentForm>
      ) : null}
    </SectionCard>
  )
}
