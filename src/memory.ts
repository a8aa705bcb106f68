/** Any typed array of numbers. */
export type Numbers = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array

/**
 * A typed array over shared memory, so that worker threads can read or fill it; plain code uses it like any
 * other.
 *
 * @example
 * ```ts
 * const counts = shared(Uint32Array, 1024)
 * ```
 */
export function shared<T extends Numbers>(
  Type: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new Type(new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT))
}
