// Benchmark of reading an uploaded file's text (the library search's job): a long PDF read in the app's own thread
// (the baseline, as before) and in the text reader's thread, with the app's event loop watched meanwhile: what every
// request to the instance would wait while the file is read.
// Run: npm run bench:text — prints figures, and as its LAST line one JSON object. Not a pass/fail test.
// BENCH_PAGES (1 500) pages of 50 lines; BENCH_RUNS (3) reads each way, medians.
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { extractFileText } from '#evidence/text/extract.server'
import { readFileText } from '#evidence/text/reader.server'
import { pagedPdf } from '#test/support/evidence-files'
import { median } from '#test/bench/stats'

const PAGES = Number(process.env.BENCH_PAGES ?? 1500)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)

const round = (x: number) => Math.round(x * 10) / 10

/**
 * One read: its time, and the event loop's longest stall meanwhile (ms): a timer due every 5 ms notes how late each
 * turn comes (a read that never lets the loop turn stalls it for its whole length, and is counted so at its end).
 */
async function watched(read: () => Promise<{ text: string }>) {
  const BEAT_MS = 5
  let last = performance.now()
  let stall = 0
  let beat: NodeJS.Timeout | undefined
  const tick = () => {
    const now = performance.now()
    stall = Math.max(stall, now - last - BEAT_MS)
    last = now
    beat = setTimeout(tick, BEAT_MS)
  }
  beat = setTimeout(tick, BEAT_MS)
  const t = performance.now()
  const { text } = await read()
  const ms = performance.now() - t
  stall = Math.max(stall, performance.now() - last - BEAT_MS)
  clearTimeout(beat)
  return { ms, stallMs: Math.max(0, stall), chars: text.length }
}

async function measure(name: string, read: () => Promise<{ text: string }>) {
  await read() // warm: the reader's modules loaded, the worker started
  const runs = []
  for (let k = 0; k < RUNS; k++) runs.push(await watched(read))
  const figures = {
    ms: round(median(runs.map((r) => r.ms))),
    stallMs: round(median(runs.map((r) => r.stallMs))),
    chars: runs[0].chars,
  }
  console.log(
    `${name}: ${figures.ms} ms to read ${figures.chars} characters; the event loop's longest stall meanwhile ` +
      `${figures.stallMs} ms (medians of ${RUNS})`,
  )
  return figures
}

const pdf = pagedPdf(PAGES)
console.log(`a PDF of ${PAGES} pages (${(pdf.length / 1024 / 1024).toFixed(1)} MB), read ${RUNS} times each way…`)
const baseline = await measure('baseline, in the app thread', () => extractFileText(pdf, 'application/pdf'))
const apart = await measure("in the text reader's thread", () => readFileText(pdf, 'application/pdf', 600_000))
const ratio = round(baseline.stallMs / Math.max(apart.stallMs, 1))
console.log(`the longest a request waits for the loop: ${baseline.stallMs} → ${apart.stallMs} ms (${ratio}× shorter)`)
console.log(`load average during the run: ${os.loadavg().map(round).join(' ')} (${os.cpus().length} cores)`)
console.log(JSON.stringify({ pages: PAGES, bytes: pdf.length, runs: RUNS, baseline, apart, stallRatio: ratio }))
