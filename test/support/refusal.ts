import { AppError } from '#models/errors'

/** The AppError a call refuses with; fails the test when the call succeeds or fails otherwise. */
export async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run()
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected a refusal')
}
