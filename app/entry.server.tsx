import { Transform } from 'node:stream'
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { NonceProvider } from '#app/utils/nonce'
import { RenderTurns } from '#app/components/ui/render-turns'
import { log } from '#app/utils/logger.server'

const ABORT_DELAY = 5_000

/**
 * The rendered document as one chunk. React writes it in pieces of about 2 KB, and each piece crossed a web stream and
 * a gzip call of its own: under load, sending a 700 KB page took seconds after it was rendered. No page suspends, so
 * waiting for the end sends nothing later than before.
 */
function wholeDocument() {
  const chunks: Buffer[] = []
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      chunks.push(chunk)
      done()
    },
    flush(done) {
      done(null, Buffer.concat(chunks))
    },
  })
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? ''
  const answering = remixContext.staticHandlerContext.matches.at(-1)?.route.id
  if (answering) loadContext.nameRoute?.(answering)
  // bots and no-JS clients wait for everything, browsers for the shell; no part of a page is in a Suspense boundary
  // (a part waiting its turn is part of the shell), so both get one document
  const readyEvent = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RenderTurns>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </RenderTurns>
      </NonceProvider>,
      {
        nonce,
        // a part of the page that waited its turn (RenderTurn) is written in its place, never sent after the rest
        progressiveChunkSize: Number.POSITIVE_INFINITY,
        [readyEvent]() {
          shellRendered = true
          const body = wholeDocument()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          )
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          // errors after the shell are logged here; before it they reject above
          if (shellRendered) log().error({ err: error }, 'rendering failed after the shell was sent')
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}

/** Errors of loaders and actions (Remix would print them with console.error): one log line with the request id. */
export function handleError(error: unknown, { request }: { request: Request }) {
  // a client that went away is not an error of the app
  if (request.signal.aborted) return
  log().error({ err: error }, 'a loader or action failed')
}
