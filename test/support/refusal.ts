import { expect } from 'vitest'
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

/** The AppError a promise rejects with; the test fails when it resolves or rejects with something else. */
export async function rejection(p: Promise<unknown>): Promise<AppError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}
