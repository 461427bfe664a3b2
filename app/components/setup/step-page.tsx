/** The frame of one set-up step: back to the checklist, the step's title and state, and its hint. */
import type { ReactNode } from 'react'
import { Badge, Group } from '@mantine/core'
import { Page } from '#app/components/ui/page'
import { useT } from '#app/utils/i18n'
import type { SetupStep } from '#models/tenancy/setup.server'

export function SetupStepPage({
  step,
  done,
  width = 960,
  children,
}: {
  step: SetupStep
  done: boolean
  width?: number
  children: ReactNode
}) {
  const t = useT()
  return (
    <Page
      back={{ to: '/setup', label: t('setup.back') }}
      title={
        <Group gap="sm" component="span">
          {t(`setup.step.${step}`)}
          <Badge color={done ? 'teal' : 'gray'} variant="light">
            {done ? t('setup.done') : t('setup.todo')}
          </Badge>
        </Group>
      }
      description={t(`setup.hint.${step}`)}
      width={width}
    >
      {children}
    </Page>
  )
}
