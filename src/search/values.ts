import { shared } from '../memory.js'
import type { SectionReader, SectionWriter } from '../snapshot/sections.js'

/** Largest palette stored as codes: beyond it a code would take as many bytes as the value itself. */
const LARGEST_PALETTE = 1 << 16
const CACHE_SIZE = 1024

/** The narrowest unsigned array that holds codes below `paletteSize`. */
function codeArray(paletteSize: number, length: number): Uint8Array | Uint16Array {
  return paletteSize <= 256 ? shared(Uint8Array, length) : shared(Uint16Array, length)
}

/**
 * The posting values of an index (one Float32 per posting), stored as codes into a palette of the distinct
 * values when there are few (a profile's weighted term frequencies take a few dozen values: 1, 2, 1 + ln 2, …),
 * else as the values themselves. Lossless: {@link PostingValues.get} returns exactly the Float32 that
 * would have been stored. Read only when weights are laid out, never while scoring.
 *
 * @example
 * ```ts
 * const values = PostingValues.encode(Float32Array.of(1, 2, 1, 1))
 * values.get(1) // 2
 * values.byteLength // 4 codes of 1 byte + a palette of 2 values
 * ```
 */
export class PostingValues {
  private constructor(
    /** Code per posting, or undefined when `palette` holds the values themselves. */
    readonly codes: Uint8Array | Uint16Array | undefined,
    /** The distinct values (with codes), or every posting's value (without). */
    readonly palette: Float32Array,
  ) {}

  static empty(): PostingValues {
    return new PostingValues(new Uint8Array(0), new Float32Array(0))
  }

  /** The values, coded when that is smaller. */
  static encode(values: Float32Array): PostingValues {
    const coder = new ValueCoder(PostingValues.empty())
    for (const value of values) coder.register(value)
    const out = coder.allocate(values.length)
    for (let p = 0; p < values.length; p++) out.set(p, values[p]!)
    return out.finish()
  }

  /** Values stored as they are (the final weights of centroids, which hardly repeat). */
  static raw(values: Float32Array): PostingValues {
    return new PostingValues(undefined, values)
  }

  /** Values coded into `palette` by `codes`, as saved. */
  static coded(codes: Uint8Array | Uint16Array, palette: Float32Array): PostingValues {
    return new PostingValues(codes, palette)
  }

  /** Number of postings. */
  get length(): number {
    return this.codes ? this.codes.length : this.palette.length
  }

  /** Value of posting `p`. */
  get(p: number): number {
    return this.codes ? this.palette[this.codes[p]!]! : this.palette[p]!
  }

  /** Bytes held. */
  get byteLength(): number {
    return (this.codes?.byteLength ?? 0) + this.palette.byteLength
  }

  /** Writes `${name}.valueCodes` and `${name}.palette`, or `${name}.values` when stored raw. */
  save(out: SectionWriter, name: string): void {
    if (!this.codes) out.f32(`${name}.values`, this.palette)
    else if (this.codes instanceof Uint8Array) out.u8(`${name}.valueCodes`, this.codes)
    else out.u16(`${name}.valueCodes`, this.codes)
    if (this.codes) out.f32(`${name}.palette`, this.palette)
  }

  /** Values saved by {@link PostingValues.save} for `size` postings, each code and value checked. */
  static load(reader: SectionReader, name: string, size: number): PostingValues {
    const check = (section: string, values: Float32Array) => {
      for (let i = 0; i < values.length; i++) {
        if (!(values[i]! >= 0 && values[i]! < Infinity)) throw reader.corrupt(section, `entry ${i} is ${values[i]}`)
      }
    }
    if (reader.typeOf(`${name}.values`) !== undefined) {
      const values = reader.f32(`${name}.values`)
      if (values.length !== size)
        throw reader.corrupt(`${name}.values`, `has ${values.length} entries for ${size} postings`)
      check(`${name}.values`, values)
      return PostingValues.raw(values)
    }
    const section = `${name}.valueCodes`
    const codes = reader.typeOf(section) === 'u16' ? reader.u16(section) : reader.u8(section)
    const palette = reader.f32(`${name}.palette`)
    check(`${name}.palette`, palette)
    if (codes.length !== size) throw reader.corrupt(section, `has ${codes.length} entries for ${size} postings`)
    for (let p = 0; p < codes.length; p++) {
      if (codes[p]! >= palette.length)
        throw reader.corrupt(section, `posting ${p} has code ${codes[p]}; the palette holds ${palette.length}`)
    }
    return PostingValues.coded(codes, palette)
  }
}

/**
 * Builds the values of a new index from postings of an existing one (their codes carry over) and new values,
 * in two passes: every new value is registered first, so the code width is known before anything is
 * written; then {@link ValueCoder.allocate} gives the writer.
 *
 * @example
 * ```ts
 * const old = PostingValues.encode(Float32Array.of(1, 2))
 * const coder = new ValueCoder(old)
 * coder.register(2.5)
 * const out = coder.allocate(3)
 * out.copy(0, 1) // posting 0 takes old posting 1's value, 2
 * out.set(1, 2.5)
 * out.set(2, 1)
 * out.finish().get(1) // 2.5
 * ```
 */
export class ValueCoder {
  private readonly palette: number[] = []
  private readonly codeOf = new Map<number, number>()
  /** A direct-mapped cache in front of the map, keyed by the value's Float32 bits: most values repeat. */
  private readonly cacheBits = new Int32Array(CACHE_SIZE)
  private readonly cacheCodes = new Int32Array(CACHE_SIZE).fill(-1)
  private readonly bits = new Int32Array(1)
  private readonly float = new Float32Array(this.bits.buffer)
  /** True once codes no longer pay: the old values were raw, or the palette outgrew {@link LARGEST_PALETTE}. */
  private raw: boolean

  constructor(private readonly from: PostingValues) {
    this.raw = from.codes === undefined && from.length > 0
    if (from.codes) for (const value of from.palette) this.code(value)
  }

  /** Makes `value` codable (a no-op once values are stored raw). */
  register(value: number): void {
    if (!this.raw) this.code(value)
    if (this.palette.length > LARGEST_PALETTE) this.raw = true
  }

  /**
   * Registers the posting values of `tfs[0, count)` and returns the code of each, or undefined when values
   * are (or have just become) stored raw. Cached by the frequency's bits: a profile's frequencies repeat,
   * so `postingValue` runs about once per distinct frequency.
   */
  codesOf(tfs: Float32Array, count: number, postingValue: (tf: number) => number): Uint16Array | undefined {
    if (this.raw) return undefined
    const bits = new Int32Array(tfs.buffer, tfs.byteOffset, count)
    // Codes below LARGEST_PALETTE fit 16 bits; past it values go raw and the codes are dropped.
    const codes = shared(Uint16Array, count)
    const keys = new Int32Array(CACHE_SIZE)
    const cached = new Int32Array(CACHE_SIZE).fill(-1)
    for (let i = 0; i < count; i++) {
      const key = bits[i]!
      const slot = (key ^ (key >>> 10) ^ (key >>> 20)) & (CACHE_SIZE - 1)
      let code = cached[slot]!
      if (code < 0 || keys[slot] !== key) {
        code = this.code(postingValue(tfs[i]!))
        keys[slot] = key
        cached[slot] = code
      }
      codes[i] = code
    }
    if (this.palette.length > LARGEST_PALETTE) this.raw = true
    return this.raw ? undefined : codes
  }

  /** A writer for `length` postings. */
  allocate(length: number): ValueWriter {
    if (this.raw) {
      const values = shared(Float32Array, length)
      return {
        codes: undefined,
        set: (p, value) => {
          values[p] = value
        },
        copy: (p, fromP) => {
          values[p] = this.from.get(fromP)
        },
        copyRange: (p, fromStart, fromEnd) => {
          for (let q = fromStart; q < fromEnd; q++) values[p++] = this.from.get(q)
        },
        finish: () => PostingValues.raw(values),
      }
    }
    const codes = codeArray(this.palette.length, length)
    const old = this.from.codes ?? new Uint8Array(0)
    return {
      codes,
      set: (p, value) => {
        codes[p] = this.code(value)
      },
      copy: (p, fromP) => {
        codes[p] = old[fromP]!
      },
      copyRange: (p, fromStart, fromEnd) => codes.set(old.subarray(fromStart, fromEnd), p),
      finish: () => PostingValues.coded(codes, sharedCopy(this.palette)),
    }
  }

  /** The code of `value`, rounded to Float32 first as a stored value is; new values join the palette. */
  private code(value: number): number {
    this.float[0] = value
    const bits = this.bits[0]!
    const slot = (bits ^ (bits >>> 10) ^ (bits >>> 20)) & (CACHE_SIZE - 1)
    if (this.cacheCodes[slot]! >= 0 && this.cacheBits[slot] === bits) return this.cacheCodes[slot]!
    const rounded = this.float[0]!
    let code = this.codeOf.get(rounded)
    if (code === undefined) {
      code = this.palette.length
      this.palette.push(rounded)
      this.codeOf.set(rounded, code)
    }
    this.cacheBits[slot] = bits
    this.cacheCodes[slot] = code
    return code
  }
}

/** Writes the values of a new index, posting by posting. */
export interface ValueWriter {
  /** The codes being written, when values are coded: for writing codes from {@link ValueCoder.codesOf} in bulk. */
  readonly codes: Uint8Array | Uint16Array | undefined
  /** Posting `p` holds `value`. */
  set(p: number, value: number): void
  /** Posting `p` holds the value of posting `fromP` of the index the coder was made from. */
  copy(p: number, fromP: number): void
  /** Postings from `p` on hold the values of postings [fromStart, fromEnd) of that index. */
  copyRange(p: number, fromStart: number, fromEnd: number): void
  finish(): PostingValues
}

/** The numbers as Float32 over shared memory. */
function sharedCopy(numbers: readonly number[]): Float32Array {
  const copy = shared(Float32Array, numbers.length)
  copy.set(numbers)
  return copy
}
