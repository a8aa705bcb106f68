import type { Affinity } from '../../src/index.js'

const bits = new DataView(new ArrayBuffer(8))

/**
 * A score times 2^1074, as a BigInt. Every finite double is a whole multiple of 2^-1074, so totals of these
 * are exact: 1e308 + 1e308 does not overflow and 1e308 + 5e-324 is not 1e308.
 */
export function exact(score: number): bigint {
  bits.setFloat64(0, score)
  const high = bits.getUint32(0)
  const biased = (high >>> 20) & 0x7ff
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(bits.getUint32(4))
  const magnitude = biased === 0 ? fraction : (fraction | (1n << 52n)) << BigInt(biased - 1)
  return high >>> 31 ? -magnitude : magnitude
}

/** The exact total score of some pairs (see {@link exact}). */
export const exactTotal = (chosen: Affinity[]) => chosen.reduce((sum, a) => sum + exact(a.score), 0n)
