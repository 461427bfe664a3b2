/**
 * The sign-in form. A refusal of a suspended organization is shown whole, in both languages: the
 * operator's reason is free text and may itself hold " / ".
 */
import { Form, Link, useSearchParams } from '@remix-run/react'
import { Alert, Anchor, Button, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core'
import { useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { useT } from '#app/utils/i18n'

/** What the sign-in action answers on a refusal. */
interface LoginAnswer {
  email?: string
  suspended?: string | null
  formError: string | null
}

export function LoginPage() {
  const t = useT()
  const { data, formError, idle } = useActionForm<LoginAnswer>()
  const [params] = useSearchParams()
  return (
    <Stack maw={420} mx="auto" mt="xl">
      <Title order={2}>{t('login.title')}</Title>
      <Paper withBorder p="lg">
        <Form method="post" noValidate>
          <Stack>
            {data?.suspended ? (
              <Alert color="red" role="alert" variant="light">
                {data.suspended}
              </Alert>
            ) : (
              <FormError message={formError} />
            )}
            <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/'} />
            <TextInput
              label={t('login.email')}
              name="email"
              type="email"
              autoComplete="username"
              defaultValue={data?.email ?? ''}
              required
              // signing in is the page's only task: the cursor starts where the person types first
              // eslint-disable-next-line jsx-a11y/no-autofocus
              autoFocus
              maxLength={254}
            />
            <PasswordInput
              label={t('login.password')}
              name="password"
              autoComplete="current-password"
              required
              maxLength={200}
            />
            <Button type="submit" loading={!idle}>
              {t('login.submit')}
            </Button>
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t('login.forgot')}
            </Anchor>
            <Anchor component={Link} to="/signup" size="sm">
              {t('signup.title')}
            </Anchor>
          </Stack>
        </Form>
      </Paper>
    </Stack>
  )
}
