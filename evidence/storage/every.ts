/**
 * A background loop of this process: runs `step` every `everyMs`, never two at once (a slow run makes the next
 * tick skip), logs a failed run and lets the next one retry. The timer does not keep the process alive.
 * Returns the stop function (a run in progress keeps going until its end).
 */
export function every(everyMs: number, step: () => Promise<void>, log: (line: string) => void): () => void {
  let busy = false
  const tick = async () => {
    if (busy) return
    busy = true
    try {
      await step()
    } catch (error) {
      log(`a run failed, the next one retries: ${(error as Error).message}`)
    } finally {
      busy = false
    }
  }
  const timer = setInterval(() => void tick(), everyMs)
  timer.unref()
  return () => clearInterval(timer)
}
