// The worker's entry: Node starts a worker from JavaScript, so this registers tsx (as `npm start` runs the app) and
// runs the TypeScript worker beside it.
import { tsImport } from 'tsx/esm/api'

await tsImport('./extract.worker.ts', import.meta.url)
