import { defineConfig } from 'tsup'

// The library, for import and require. The analysis worker is its own entry: worker threads start it by path,
// found beside the bundle that spawns them (src/profile/pool.ts), as analysis-worker.js (ESM) or
// analysis-worker.cjs (CJS).
const library = { index: 'src/index.ts', 'analysis-worker': 'src/profile/analysis-worker.ts' }

export default defineConfig({
  // The CLI is ESM only: `bin` runs dist/cli.js, and a CJS copy (about 290 kB) would ship unused. It stays in
  // the one ESM build so that it shares chunks with index.js, and so one DuijieError class, rather than
  // bundling a second copy of the library.
  entry: { ...library, cli: 'src/cli/main.ts' },
  format: ['esm', 'cjs'],
  esbuildOptions(options, { format }) {
    if (format === 'cjs') options.entryPoints = library
  },
  // Types for the library only; the CLI exports nothing.
  dts: { entry: library },
  // import.meta.url locates the shipped dictionary; shims make it work in the CJS build too.
  shims: true,
  // No source maps: they were 60% of the tarball, and the build is readable ES2022 with its names kept.
  sourcemap: false,
  clean: true,
  target: 'node20',
  platform: 'node',
})
