/**
 * Reads a file's text in a thread of its own. pdf.js reads a long PDF in long stretches that never let the event loop
 * turn (a 1 500-page PDF held it for its whole reading, 2.65 s: `npm run bench:text`), during which every request to
 * the instance waited; in a worker the instance keeps answering. One worker per process, started at the first file
 * and stopped after a minute without one; a file that takes longer than its time stops the worker (and its reading:
 * a timer alone would leave it running), as does one that exhausts the worker's memory, and the next file starts a
 * fresh one. The readers' libraries (pdf.js, mammoth) load in the worker only.
 */
import { Worker } from 'node:worker_threads'
import type { Extracted } from '#evidence/text/extract.server'

/** Files larger than this are not read (their words are their title and file name). */
export const MAX_TEXT_FILE_BYTES = 50 * 1024 * 1024
/** How long a worker stays without work before it is stopped (its memory returned). */
const IDLE_MS = 60_000
/** The worker's heap: a pathological file fails alone instead of taking the instance's memory. */
const WORKER_HEAP_MB = 768

type Answer = { ok: true; result: Extracted } | { ok: false; message: string }

let worker: Worker | null = null
let idle: NodeJS.Timeout | undefined
/** Files wait for the one before them: the worker reads one at a time. */
let queue: Promise<unknown> = Promise.resolve()

/** The worker, from its JavaScript entry (which runs the TypeScript reader as the app runs: through tsx). */
function startWorker(): Worker {
  const started = new Worker(new URL('./extract.worker.mjs', import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  })
  // a read in progress hears of a failure through its own listeners; between reads, a stopped worker is forgotten
  started
    .on('error', () => undefined)
    .on('exit', () => {
      if (worker === started) worker = null
    })
  started.unref()
  return started
}

function stopWorker() {
  clearTimeout(idle)
  const stopping = worker
  worker = null
  void stopping?.terminate()
}

function readInWorker(bytes: Buffer, mimeType: string, timeoutMs: number): Promise<Extracted> {
  clearTimeout(idle)
  const current = (worker ??= startWorker())
  return new Promise<Extracted>((resolve, reject) => {
    const done = (settle: () => void) => {
      clearTimeout(timer)
      current.off('message', onMessage).off('error', onError).off('exit', onExit)
      settle()
    }
    const onMessage = (answer: Answer) =>
      done(() => (answer.ok ? resolve(answer.result) : reject(new Error(answer.message))))
    const onError = (error: Error) => {
      // the worker is going: the next file starts a fresh one
      if (worker === current) worker = null
      done(() => reject(error))
    }
    const onExit = (code: number) => done(() => reject(new Error(`the text reader stopped (exit ${code})`)))
    const timer = setTimeout(() => {
      if (worker === current) stopWorker()
      done(() => reject(new Error(`no result within ${Math.round(timeoutMs / 1000)} s`)))
    }, timeoutMs)
    current.on('message', onMessage).on('error', onError).on('exit', onExit)
    current.postMessage({ bytes: new Uint8Array(bytes), mimeType })
  }).finally(() => {
    if (worker === current) idle = setTimeout(stopWorker, IDLE_MS).unref()
  })
}

/** The text of `bytes` of type `mimeType`, read in the worker; rejects after `timeoutMs`. */
export function readFileText(bytes: Buffer, mimeType: string, timeoutMs: number): Promise<Extracted> {
  const turn = queue.then(() => readInWorker(bytes, mimeType, timeoutMs))
  queue = turn.catch(() => undefined)
  return turn
}
