/** The public sign-up request: the agency, the requester, and a honeypot field people never see. */
import { Alert, Anchor, Button, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core'
import { Form, Link } from '@remix-run/react'
import { useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { useT } from '#app/utils/i18n'
import type { MessageKey } from '#app/i18n'

export function SignupPage({ mail, agencyTypes }: { mail: boolean; agencyTypes: readonly string[] }) {
  const t = useT()
  const { data, formError, error, idle } = useActionForm<{ sent?: string }>()
  const sent = data?.sent ?? null
  return (
    <Stack maw={640} mx="auto" mt="xl">
      <Title order={2}>{t('signup.title')}</Title>
      {!mail ? (
        <Alert color="yellow">{t('signup.noMail')}</Alert>
      ) : sent ? (
        <Alert color="teal" role="status">
          {t('signup.sent', { email: sent })}
        </Alert>
      ) : (
        <Paper withBorder p="lg">
          <Form method="post" noValidate>
            <Stack>
              <Text size="sm">{t('signup.intro')}</Text>
              <FormError message={formError} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput name="nameTh" label={t('signup.nameTh')} required maxLength={200} error={error('nameTh')} />
                <TextInput name="nameEn" label={t('signup.nameEn')} maxLength={200} error={error('nameEn')} />
                <Select
                  name="agencyType"
                  label={t('signup.agencyType')}
                  required
                  data={agencyTypes.map((type) => ({ value: type, label: t(`org.type.${type}` as MessageKey) }))}
                  error={error('agencyType')}
                />
                <TextInput name="itasCode" label={t('signup.itasCode')} maxLength={20} error={error('itasCode')} />
                <TextInput
                  name="requesterName"
                  label={t('signup.requesterName')}
                  required
                  maxLength={200}
                  autoComplete="name"
                  error={error('requesterName')}
                />
                <TextInput
                  name="email"
                  type="email"
                  label={t('signup.email')}
                  required
                  maxLength={254}
                  autoComplete="email"
                  error={error('email')}
                />
                <TextInput
                  name="phone"
                  type="tel"
                  label={t('signup.phone')}
                  required
                  maxLength={40}
                  autoComplete="tel"
                  error={error('phone')}
                />
              </SimpleGrid>
              {/* the honeypot: off screen and out of the tab order; a robot that fills it is ignored */}
              <div aria-hidden="true" style={{ position: 'absolute', left: '-10000px', width: 1, height: 1 }}>
                <label>
                  {t('signup.website')}
                  <input type="text" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
                </label>
              </div>
              <Button type="submit" loading={!idle}>
                {t('signup.submit')}
              </Button>
            </Stack>
          </Form>
        </Paper>
      )}
      <Anchor component={Link} to="/login" size="sm">
        {t('signup.haveAccount')}
      </Anchor>
    </Stack>
  )
}
