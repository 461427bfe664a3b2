import { readFileSync } from 'node:fs'
import path from 'node:path'

/** The version from package.json, read once at start-up. */
export const APP_VERSION: string = (() => {
  try {
    return JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')).version as string
  } catch {
    return 'unknown'
  }
})()
