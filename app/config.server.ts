/**
 * The one place that reads the environment. Every variable is validated with zod at start-up;
 * a missing or malformed value stops the process with a line naming the variable and the rule.
 * Command-line tools and benchmarks fall back to .local/env (written by `npm run local`).
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import type { StorageConfig } from '#evidence/storage/storage.server'

const DEV_SESSION_SECRET = 'saisaat-development-only-secret-not-for-production'

const booleanString = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1')

const EnvSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'production', 'test'], { message: 'must be development, production or test' })
      .default('development'),
    MONGODB_URI: z
      .string({ required_error: 'is required (mongodb:// or mongodb+srv:// connection string)' })
      .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must start with mongodb:// or mongodb+srv://'),
    S3_ENDPOINT: z
      .string()
      .url('must be a URL such as https://s3.example.org')
      .refine((v) => /^https?:\/\//.test(v), 'must use http or https')
      .optional(),
    S3_REGION: z.string().min(1, 'must not be empty').default('us-east-1'),
    S3_BUCKET: z
      .string({ required_error: 'is required (the bucket that holds evidence)' })
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be 3–63 lowercase letters, digits, dots or hyphens'),
    S3_ACCESS_KEY_ID: z.string().min(1, 'must not be empty').optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1, 'must not be empty').optional(),
    S3_FORCE_PATH_STYLE: booleanString.optional(),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    PORT: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be between 1 and 65535')
      .max(65535, 'must be between 1 and 65535')
      .default(3000),
    PUBLIC_URL: z.string().url('must be a URL such as https://ita.example.go.th').optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/\S+$/, 'must start with smtp:// or smtps://')
      .optional(),
    EVIDENCE_MAX_FILE_MB: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .default(200),
    EVIDENCE_RETENTION_DAYS: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .default(365),
    EVIDENCE_LINK_ALLOW_PRIVATE: booleanString.optional(),
    PACKAGE_STALL_SECONDS: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .min(1, 'must be at least 1')
      .max(86400, 'must be at most 86400')
      .default(120),
    SIGNIN_MAX_FAILURES_PER_ADDRESS: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .default(50),
    IMPORT_MAX_MB: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .default(6),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    BACKGROUND_JOBS_EVERY_SECONDS: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .min(1, 'must be at least 1')
      .max(86400, 'must be at most 86400')
      .default(3600),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'is required in production (at least 32 random characters)',
      })
    }
    if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
      const missing = env.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'must be set together with its pair (S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY)',
      })
    }
  })

export interface Config {
  nodeEnv: 'development' | 'production' | 'test'
  mongodbUri: string
  s3: StorageConfig
  sessionSecret: string
  port: number
  publicUrl: string
  smtpUrl?: string
  evidence: { maxFileBytes: number; retentionDays: number; allowPrivateLinks: boolean }
  /** How long a submission-package job may make no progress before it fails. */
  packageStallMs: number
  /** Failed sign-ins (any accounts) one address may make in 15 minutes before it must wait. */
  signInMaxFailuresPerAddress: number
  /** The largest request body of an import form (catalog file, survey or clarification CSV). */
  importMaxBytes: number
  /** The bearer token a Prometheus scraper sends to /metrics; without one, /metrics is not served. */
  metricsToken?: string
  /** How often each instance runs the evidence jobs and the e-mail reminders. */
  backgroundJobsEveryMs: number
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration error: ${problems.join('; ')}`)
    this.name = 'ConfigError'
  }
}

/** Treats empty strings as unset, as shells and .env files commonly produce them. */
function clean(source: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''))
}

/** Validates an environment; throws ConfigError listing every bad variable with its rule. */
export function parseConfig(source: Record<string, string | undefined>): Config {
  const result = EnvSchema.safeParse(clean(source))
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`))
  }
  const env = result.data
  return {
    nodeEnv: env.NODE_ENV,
    mongodbUri: env.MONGODB_URI,
    s3: {
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION,
      bucket: env.S3_BUCKET,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      // S3-compatible stores (MinIO, Ceph, gateways) want path-style URLs; AWS works either way
      forcePathStyle: env.S3_FORCE_PATH_STYLE ?? Boolean(env.S3_ENDPOINT),
    },
    sessionSecret: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
    port: env.PORT,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    smtpUrl: env.SMTP_URL,
    evidence: {
      maxFileBytes: env.EVIDENCE_MAX_FILE_MB * 1024 * 1024,
      retentionDays: env.EVIDENCE_RETENTION_DAYS,
      // link checks fetch what people type: private addresses only where the operator says so
      // (in every mode: a development or test server is often on a network with internal pages)
      allowPrivateLinks: env.EVIDENCE_LINK_ALLOW_PRIVATE ?? false,
    },
    packageStallMs: Math.round(env.PACKAGE_STALL_SECONDS * 1000),
    signInMaxFailuresPerAddress: env.SIGNIN_MAX_FAILURES_PER_ADDRESS,
    importMaxBytes: env.IMPORT_MAX_MB * 1024 * 1024,
    metricsToken: env.METRICS_TOKEN,
    backgroundJobsEveryMs: Math.round(env.BACKGROUND_JOBS_EVERY_SECONDS * 1000),
  }
}

/** The settings `npm run local` wrote for the embedded services, as KEY=value lines. */
export function readLocalEnvFile(file = path.resolve('.local', 'env')): Record<string, string> {
  if (!existsSync(file)) return {}
  const out: Record<string, string> = {}
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim())
    if (m) out[m[1]] = m[2]
  }
  return out
}

let cached: Config | undefined

/**
 * The process configuration. Variables set in the environment win; when MONGODB_URI and
 * S3_ENDPOINT are both unset, the embedded services' settings from .local/env fill in.
 */
export function getConfig(): Config {
  if (cached) return cached
  const env = { ...process.env }
  if (!env.MONGODB_URI && !env.S3_ENDPOINT) Object.assign(env, readLocalEnvFile(), clean(process.env))
  cached = parseConfig(env)
  return cached
}
