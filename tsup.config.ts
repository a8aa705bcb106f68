import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  // import.meta.url locates the shipped dictionary; shims make it work in the CJS build too.
  shims: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
})
