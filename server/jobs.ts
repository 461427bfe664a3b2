/**
 * The background jobs of one app instance, each logging through a child logger named after it: the evidence jobs
 * (bin purge, store reconciliation, link re-checks; evidence/storage/jobs.server.ts) and the e-mail reminders every
 * BACKGROUND_JOBS_EVERY_SECONDS (hourly by default), the package runner every second. Every instance runs them
 * all: each piece of work is claimed in the database first, so it is done once however many instances run. Each
 * run ends with one "run finished" line saying what it did.
 */
import type { Logger } from 'pino'
import type { Config } from '#app/config.server'
import { sendMail } from '#app/utils/mail.server'
import { metrics } from '#app/utils/metrics.server'
import { startPackageRunner } from '#evidence/package/runner.server'
import { every } from '#evidence/storage/every'
import { startEvidenceJobs } from '#evidence/storage/jobs.server'
import type { Storage } from '#evidence/storage/storage.server'
import { evidenceQueueStates } from '#models/reporting/job-queues.server'
import { sendDueReminders } from '#models/work/reminder.server'

// the first reminder run comes soon after start (a restart must not delay the day's mail by an hour)
const FIRST_REMINDERS_MS = 30_000

/** Starts the jobs; returns the function that stops them (a run in progress finishes). */
export function startBackgroundJobs(storage: Storage, config: Config, logger: Logger): () => void {
  const lineOf = (job: string) => {
    const child = logger.child({ job })
    return { child, line: (text: string) => child.info(text) }
  }
  const finished = (job: string) => metrics().jobLastRun.set({ job }, Date.now() / 1000)
  const everyMs = config.backgroundJobsEveryMs

  const evidence = lineOf('evidence-jobs')
  const stopEvidence = startEvidenceJobs(storage, {
    allowPrivateLinks: config.evidence.allowPrivateLinks,
    everyMs,
    log: evidence.line,
    finished: (run) => {
      evidence.child.info(run, 'run finished')
      // what the run left waiting, for the metrics: read here, once an hour, as their filters read every evidence
      void evidenceQueueStates(new Date())
        .then(metrics().noteEvidenceQueues, (e: Error) => evidence.line(`queue figures not read: ${e.message}`))
        .finally(() => finished('evidence-jobs'))
    },
  })

  const reminders = lineOf('reminders')
  let stopReminders = () => {}
  if (!config.smtpUrl) reminders.line('SMTP_URL is not set: e-mail reminders are off')
  else {
    let busy = false
    // one run at a time, the first one and the loop's alike
    const run = async () => {
      if (busy) return
      busy = true
      try {
        const sent = await sendDueReminders({ send: sendMail, publicUrl: config.publicUrl, log: reminders.line })
        reminders.child.info({ mails: sent.length }, 'run finished')
        finished('reminders')
      } finally {
        busy = false
      }
    }
    const stopLoop = every(everyMs, run, reminders.line)
    const first = setTimeout(
      () => void run().catch((e: Error) => reminders.line(`a run failed, the next one retries: ${e.message}`)),
      Math.min(FIRST_REMINDERS_MS, everyMs),
    )
    first.unref()
    stopReminders = () => {
      clearTimeout(first)
      stopLoop()
    }
  }

  // submission packages: queued jobs of any organization, and jobs whose runner died
  const stopPackages = startPackageRunner(storage, {
    stallMs: config.packageStallMs,
    log: lineOf('package-jobs').line,
  })

  return () => {
    stopEvidence()
    stopReminders()
    stopPackages()
  }
}
