/** The set-up checklist (/setup): progress, then one card per step with what is done and a link to it. */
import type { SerializeFrom } from '@remix-run/node'
import { Form, Link } from '@remix-run/react'
import { Badge, Button, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { formatFiscalYear } from '#models/dates'
import type { getSetupProgress, SetupStep } from '#models/tenancy/setup.server'

type Progress = SerializeFrom<Awaited<ReturnType<typeof getSetupProgress>>>

// the order of the checklist; a list of its own, since the model's constant lives in a server module
const STEPS: SetupStep[] = ['profile', 'units', 'people', 'catalog', 'assignments', 'calendar']

/** The one-line state of a step under its title. */
function useSummary(p: Progress) {
  const t = useT()
  const locale = useLocale()
  const name = p.catalog ? (locale === 'en' && p.catalog.nameEn) || p.catalog.nameTh : ''
  return (step: SetupStep): string => {
    switch (step) {
      case 'profile':
        return p.done.profile ? t('setup.summary.profileDone') : t('setup.hint.profile')
      case 'units':
        return p.units ? t('setup.summary.units', { count: p.units }) : t('setup.hint.units')
      case 'people':
        return p.people ? t('setup.summary.people', { count: p.people }) : t('setup.hint.people')
      case 'catalog':
        if (!p.catalog) return t('setup.summary.noCatalog')
        return p.catalog.status === 'published'
          ? t('setup.summary.catalogPublished', { name })
          : t('setup.summary.catalogDraft', { name })
      case 'assignments':
        return p.catalog?.status === 'published'
          ? t('setup.summary.assignments', { assigned: p.assigned, total: p.catalog.itemCount })
          : t('setup.hint.assignments')
      case 'calendar':
        return p.done.calendar ? t('setup.summary.calendarSaved') : t('setup.hint.calendar')
    }
  }
}

export function SetupChecklist({ progress }: { progress: Progress }) {
  const t = useT()
  const locale = useLocale()
  const summary = useSummary(progress)
  const total = STEPS.length
  return (
    <Page
      title={t('setup.title')}
      description={t('setup.intro', { year: formatFiscalYear(progress.fiscalYear, locale) })}
      width={960}
    >
      <Stack gap={4}>
        <Text fw={600} data-testid="setup-progress">
          {t('setup.progress', { done: progress.count, total })}
        </Text>
        <Progress
          value={(progress.count / total) * 100}
          aria-label={t('setup.progress', { done: progress.count, total })}
        />
      </Stack>
      {progress.finished ? (
        <Card withBorder>
          <Group justify="space-between">
            <Text c="teal" role="status">
              {t('setup.finished')}
            </Text>
            <Button component={Link} to="/">
              {t('setup.goHome')}
            </Button>
          </Group>
        </Card>
      ) : progress.complete ? (
        <Form method="post">
          <Button type="submit">{t('setup.finish')}</Button>
        </Form>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {STEPS.map((step, i) => (
          <Card withBorder key={step} data-testid={`setup-step-${step}`}>
            <Stack gap="xs" h="100%" justify="space-between">
              <Stack gap={4}>
                <Group justify="space-between" wrap="nowrap">
                  <Title order={3} size="h4">
                    {i + 1}. {t(`setup.step.${step}`)}
                  </Title>
                  <Badge color={progress.done[step] ? 'teal' : 'gray'} variant="light">
                    {progress.done[step] ? t('setup.done') : t('setup.todo')}
                  </Badge>
                </Group>
                <Text size="sm">{summary(step)}</Text>
              </Stack>
              <Button
                component={Link}
                to={`/setup/${step}`}
                variant={progress.done[step] ? 'light' : 'filled'}
                w="fit-content"
                aria-label={`${t('setup.open')}: ${t(`setup.step.${step}`)}`}
              >
                {t('setup.open')}
              </Button>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
    </Page>
  )
}
