import { defineConfig } from 'tsup'

export default defineConfig({
  // The analysis worker is its own entry: worker threads start it by path, found beside the bundle that
  // spawns them (src/profile/pool.ts), as analysis-worker.js (ESM) or analysis-worker.cjs (CJS).
  entry: { index: 'src/index.ts', cli: 'src/cli/main.ts', 'analysis-worker': 'src/profile/analysis-worker.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  // import.meta.url locates the shipped dictionary; shims make it work in the CJS build too.
  shims: true,
  // No source maps: they were 60% of the tarball, and the build is readable ES2022 with its names kept.
  sourcemap: false,
  clean: true,
  target: 'node20',
  platform: 'node',
})
