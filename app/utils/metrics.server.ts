/**
 * The Prometheus metrics of this process (prom-client), served by the web server at /metrics. Like the logger,
 * the registry lives on globalThis: the web server and the built app are two copies of this module in one process.
 * Labels are bounded: route ids (never raw URLs), command names, a few kinds.
 */
import client, { type Counter, type Gauge, type Histogram, type Registry } from 'prom-client'
import { currentRequest } from '#app/utils/logger.server'
import { EVIDENCE_PREFIX, PACKAGE_PREFIX } from '#evidence/storage/keys'
import type { StorageCall } from '#evidence/storage/storage.server'
import { packageQueueStates, type QueueState } from '#models/reporting/job-queues.server'

export interface Metrics {
  registry: Registry
  httpDuration: Histogram<'method' | 'route' | 'status'>
  slowRequests: Counter<'route'>
  mongoDuration: Histogram<'command'>
  mongoErrors: Counter<'command'>
  s3Duration: Histogram<'command'>
  s3Errors: Counter<'command' | 'status'>
  storedBytes: Counter<'kind'>
  queueDepth: Gauge<'queue'>
  queueOldest: Gauge<'queue'>
  jobLastRun: Gauge<'job'>
  /** The evidence queues as the evidence jobs' last run left them (their ages go on growing until the next). */
  noteEvidenceQueues: (states: QueueState[]) => void
}

const state = globalThis as typeof globalThis & { __saisaatMetrics?: Metrics }

// the pages aim at 300 ms (p95): buckets around it, up to the slow tail
const HTTP_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30]
const CALL_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
// how long a scrape reuses the package queue's figures (they are read from the database)
const QUEUE_TTL_MS = 15_000

const ageSeconds = (now: number, since: Date | null) =>
  since ? Math.max(0, Math.round((now - since.getTime()) / 1000)) : 0

function createMetrics(): Metrics {
  const registry = new client.Registry()
  client.collectDefaultMetrics({ register: registry, prefix: 'saisaat_' })
  let packages: { at: number; value: Promise<QueueState[]> } | undefined
  let evidenceQueues: QueueState[] = []
  const readQueues = async () => {
    if (!packages || Date.now() - packages.at > QUEUE_TTL_MS) {
      packages = { at: Date.now(), value: packageQueueStates().catch(() => []) }
    }
    return [...(await packages.value), ...evidenceQueues]
  }
  const registers = [registry]
  return {
    registry,
    httpDuration: new client.Histogram({
      name: 'saisaat_http_request_duration_seconds',
      help: 'Time from the request to the end of the response, by route id (Remix) or static/other, method and status',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers,
    }),
    slowRequests: new client.Counter({
      name: 'saisaat_http_slow_requests_total',
      help: 'Requests that took more than 1 s (each is also logged with its timings)',
      labelNames: ['route'],
      registers,
    }),
    mongoDuration: new client.Histogram({
      name: 'saisaat_mongodb_command_duration_seconds',
      help: 'MongoDB command round trips, by command name',
      labelNames: ['command'],
      buckets: CALL_BUCKETS,
      registers,
    }),
    mongoErrors: new client.Counter({
      name: 'saisaat_mongodb_command_errors_total',
      help: 'MongoDB commands that failed (no answer, or the command itself failed; a duplicate key is not one)',
      labelNames: ['command'],
      registers,
    }),
    s3Duration: new client.Histogram({
      name: 'saisaat_s3_request_duration_seconds',
      help: 'S3 calls until the answer starts (retries included), by command',
      labelNames: ['command'],
      buckets: CALL_BUCKETS,
      registers,
    }),
    s3Errors: new client.Counter({
      name: 'saisaat_s3_errors_total',
      help: 'S3 calls that failed, by command and HTTP status (0: no answer)',
      labelNames: ['command', 'status'],
      registers,
    }),
    storedBytes: new client.Counter({
      name: 'saisaat_stored_bytes_total',
      help: 'Bytes written to the store: "evidence" (uploads and link snapshots), "package" (submission packages)',
      labelNames: ['kind'],
      registers,
    }),
    queueDepth: new client.Gauge({
      name: 'saisaat_job_queue_depth',
      help:
        'Work waiting: queued submission packages ("package", read from the database); links due for their daily ' +
        'check ("link_check") and binned evidence past retention ("bin_purge"), as the last run of the evidence jobs ' +
        'of this instance left them (absent before its first run)',
      labelNames: ['queue'],
      registers,
      async collect() {
        for (const q of await readQueues()) this.set({ queue: q.queue }, q.depth)
      },
    }),
    queueOldest: new client.Gauge({
      name: 'saisaat_job_queue_oldest_age_seconds',
      help: 'Age of the oldest waiting work of each queue (0 when empty)',
      labelNames: ['queue'],
      registers,
      async collect() {
        const now = Date.now()
        for (const q of await readQueues()) this.set({ queue: q.queue }, ageSeconds(now, q.oldestSince))
      },
    }),
    jobLastRun: new client.Gauge({
      name: 'saisaat_job_last_run_timestamp_seconds',
      help: 'When this instance last finished a run of a periodic job ("evidence-jobs", "reminders"), Unix time',
      labelNames: ['job'],
      registers,
    }),
    noteEvidenceQueues: (states) => {
      evidenceQueues = states
    },
  }
}

export function metrics(): Metrics {
  state.__saisaatMetrics ??= createMetrics()
  return state.__saisaatMetrics
}

// command names are the driver's (find, update, aggregate…); anything odd is grouped
const commandLabel = (name: string) => (/^[A-Za-z]{1,40}$/.test(name) ? name : 'other')

/** Records one MongoDB command (from the driver's command monitoring) in the metrics and the current request. */
export function observeMongoCommand(commandName: string, ms: number, failed: boolean, request = currentRequest()) {
  const m = metrics()
  const command = commandLabel(commandName)
  m.mongoDuration.observe({ command }, ms / 1000)
  if (failed) m.mongoErrors.inc({ command })
  if (request) {
    request.mongo.ms += ms
    request.mongo.commands++
  }
}

/** Records one S3 call (from the client's middleware in evidence/storage) in the metrics and the current request. */
export function observeS3Call(call: StorageCall) {
  const m = metrics()
  const command = commandLabel(call.command.replace(/Command$/, ''))
  m.s3Duration.observe({ command }, call.ms / 1000)
  if (call.failed) m.s3Errors.inc({ command, status: String(call.status ?? 0) })
  else if (call.bytes && call.key) {
    const kind = call.key.startsWith(PACKAGE_PREFIX)
      ? 'package'
      : call.key.startsWith(EVIDENCE_PREFIX)
        ? 'evidence'
        : 'other'
    m.storedBytes.inc({ kind }, call.bytes)
  }
  const request = currentRequest()
  if (request) {
    request.s3.ms += call.ms
    request.s3.requests++
  }
}
