// SAISAAT_BUILD_DIR lets a test run build into a folder of its own, so that concurrent runs
// (and a running `npm run local`) never overwrite each other's build.
const out = process.env.SAISAAT_BUILD_DIR ?? '.'

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ['**/.*', '**/*.test.*'],
  serverModuleFormat: 'esm',
  serverBuildPath: `${out}/build/index.js`,
  assetsBuildDirectory: `${out}/public/build`,
  publicPath: '/build/',
  postcss: true,
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    // off: the page loads the whole route manifest (one cached file of ~4 kB gzipped for 71 routes) instead of the
    // server matching each page's parent paths for a partial one on every request
    v3_lazyRouteDiscovery: false,
    v3_singleFetch: false,
  },
}
