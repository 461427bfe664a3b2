/**
 * The thread that reads files' text for `readFileText` (evidence/text/reader.server.ts): one file at a time, each
 * message `{ bytes, mimeType }` answered with the text read or the reason it could not be.
 */
import { parentPort } from 'node:worker_threads'
import { extractFileText } from '#evidence/text/extract.server'

parentPort!.on('message', async ({ bytes, mimeType }: { bytes: Uint8Array; mimeType: string }) => {
  try {
    const result = await extractFileText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), mimeType)
    parentPort!.postMessage({ ok: true, result })
  } catch (error) {
    parentPort!.postMessage({ ok: false, message: (error as Error)?.message ?? String(error) })
  }
})
