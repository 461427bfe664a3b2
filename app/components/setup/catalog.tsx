/** The catalog step: this year's ITA catalog if any, else the built-in of the year or last year's rollover. */
import type { SerializeFrom } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { Alert, Anchor, Button, Card, Group, Stack, Text } from '@mantine/core'
import { IntentForm, useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { SetupStepPage } from '#app/components/setup/step-page'
import { useLocale, useT } from '#app/utils/i18n'
import type { BuiltInSummary, CatalogSummary } from '#models/catalog/catalog.server'

export function SetupCatalog({
  current,
  builtIn,
  lastYear,
}: {
  fiscalYear: number
  current: SerializeFrom<CatalogSummary> | null
  builtIn: BuiltInSummary | null
  lastYear: SerializeFrom<CatalogSummary> | null
}) {
  const { formError, busy } = useActionForm()
  const t = useT()
  const locale = useLocale()
  const name = (c: { nameTh: string; nameEn: string }) => (locale === 'en' && c.nameEn) || c.nameTh
  const published = current?.status === 'published'
  return (
    <SetupStepPage step="catalog" done={published} width={800}>
      <FormError message={formError} />
      {current ? (
        <Card withBorder>
          <Stack>
            <Text role={published ? 'status' : undefined}>
              {published
                ? t('setup.catalog.published', { name: name(current) })
                : t('setup.catalog.draft', { name: name(current) })}
            </Text>
            <Group>
              <Button component={Link} to={`/catalogs/${current.id}`} variant="light">
                {t('setup.catalog.review')}
              </Button>
              {!published ? (
                <IntentForm intent="publish">
                  <input type="hidden" name="catalogId" value={current.id} />
                  <Button type="submit" loading={busy('publish')}>
                    {t('setup.catalog.publish')}
                  </Button>
                </IntentForm>
              ) : null}
            </Group>
          </Stack>
        </Card>
      ) : (
        <>
          {builtIn ? (
            <Card withBorder>
              <IntentForm intent="start">
                <Stack>
                  <Text>{t('setup.catalog.builtIn', { name: name(builtIn), count: builtIn.itemCount })}</Text>
                  {builtIn.provisional ? (
                    <Alert color="yellow" variant="light">
                      {t('setup.catalog.provisional')}
                    </Alert>
                  ) : null}
                  <input type="hidden" name="key" value={builtIn.key} />
                  <Button type="submit" w="fit-content" loading={busy('start')}>
                    {t('setup.catalog.start')}
                  </Button>
                </Stack>
              </IntentForm>
            </Card>
          ) : (
            <Text>{t('setup.catalog.noBuiltIn')}</Text>
          )}
          {lastYear ? (
            <Button component={Link} to={`/catalogs/${lastYear.id}/rollover`} variant="light" w="fit-content">
              {t('setup.catalog.rollover', { name: name(lastYear) })}
            </Button>
          ) : null}
        </>
      )}
      <Anchor component={Link} to="/catalogs">
        {t('setup.catalog.all')}
      </Anchor>
    </SetupStepPage>
  )
}
