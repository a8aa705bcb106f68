import { DuijieError } from '../errors.js'

/**
 * Term ↔ integer id. The one string map of the engine: it sits at the analyzer boundary, and everything
 * after it works on ids. Ids are dense and never reused, so typed arrays can be indexed by them.
 * Two-character terms (most Han words and every character bigram) skip string hashing: their two code units
 * form a 32-bit key in an open-addressing table of typed arrays.
 *
 * @example
 * ```ts
 * const v = new Vocabulary()
 * v.intern('碳化硅') // 0
 * v.idOf('碳化硅')   // 0
 * v.term(0)          // '碳化硅'
 * ```
 */
export class Vocabulary {
  private readonly ids = new Map<string, number>()
  private readonly terms: string[] = []
  private pairKeys = new Uint32Array(1 << 12)
  /** Id + 1 per slot of the pair table; 0 marks an empty slot. */
  private pairIds = new Int32Array(1 << 12)
  /** 32 − log2 of the table size: a slot is the top bits of the key's multiplicative hash. */
  private pairShift = 32 - 12
  private pairs = 0

  /** Id of `term`, adding it when new. */
  intern(term: string): number {
    if (term.length === 2) {
      const key = ((term.charCodeAt(0) << 16) | term.charCodeAt(1)) >>> 0
      const slot = this.pairSlot(key)
      if (this.pairIds[slot] !== 0) return this.pairIds[slot]! - 1
      const id = this.terms.length
      this.terms.push(term)
      this.pairKeys[slot] = key
      this.pairIds[slot] = id + 1
      if (++this.pairs * 2 > this.pairIds.length) this.growPairs()
      return id
    }
    let id = this.ids.get(term)
    if (id === undefined) {
      id = this.terms.length
      this.ids.set(term, id)
      this.terms.push(term)
    }
    return id
  }

  /** Id of `term`, or -1 when it has never been seen. */
  idOf(term: string): number {
    if (term.length === 2) {
      const slot = this.pairSlot(((term.charCodeAt(0) << 16) | term.charCodeAt(1)) >>> 0)
      return this.pairIds[slot]! - 1
    }
    return this.ids.get(term) ?? -1
  }

  /** The term of an id. */
  term(id: number): string {
    const term = this.terms[id]
    if (term === undefined) throw new DuijieError('INTERNAL', `duijie: no term has id ${id}`)
    return term
  }

  get size(): number {
    return this.terms.length
  }

  /**
   * Forgets every term with an id of `size` or more: a batch that failed half way takes back the terms it
   * added. O(terms) when two-character terms go (their table is rebuilt), so meant for failures only.
   */
  truncate(size: number): void {
    if (size >= this.terms.length) return
    let pairsGone = false
    for (const term of this.terms.splice(size)) {
      if (term.length === 2) pairsGone = true
      else this.ids.delete(term)
    }
    if (!pairsGone) return
    this.pairKeys.fill(0)
    this.pairIds.fill(0)
    this.pairs = 0
    this.terms.forEach((term, id) => {
      if (term.length !== 2) return
      const key = ((term.charCodeAt(0) << 16) | term.charCodeAt(1)) >>> 0
      const slot = this.pairSlot(key)
      this.pairKeys[slot] = key
      this.pairIds[slot] = id + 1
      this.pairs++
    })
  }

  /** Every term, in id order (a copy). */
  list(): string[] {
    return [...this.terms]
  }

  /**
   * The slot holding `key`, or the empty slot where it would go (linear probing). The slot is the top bits
   * of the product: its low bits depend only on the key's low bits, the second character, and pairs that
   * share one would pile up in one run of slots.
   */
  private pairSlot(key: number): number {
    const mask = this.pairIds.length - 1
    let slot = Math.imul(key, 0x9e3779b1) >>> this.pairShift
    while (this.pairIds[slot] !== 0 && this.pairKeys[slot] !== key) slot = (slot + 1) & mask
    return slot
  }

  private growPairs(): void {
    const keys = this.pairKeys
    const ids = this.pairIds
    this.pairKeys = new Uint32Array(keys.length * 2)
    this.pairIds = new Int32Array(ids.length * 2)
    this.pairShift--
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] === 0) continue
      const slot = this.pairSlot(keys[i]!)
      this.pairKeys[slot] = keys[i]!
      this.pairIds[slot] = ids[i]!
    }
  }
}
