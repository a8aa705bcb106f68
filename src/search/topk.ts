/**
 * Keeps the k best docs of a stream by score, highest first, ties broken by `before(a, b)` (true when `a`
 * ranks ahead of `b` at equal score). A bounded binary heap with the worst kept doc at the root:
 * O(n log k) for n offers.
 *
 * @example
 * ```ts
 * const top = new TopK(2, (a, b) => a < b)
 * top.offer(7, 0.5); top.offer(3, 0.9); top.offer(5, 0.5)
 * top.sorted() // [{ doc: 3, score: 0.9 }, { doc: 5, score: 0.5 }]
 * ```
 */
export class TopK {
  private readonly docs: number[] = []
  private readonly scores: number[] = []

  constructor(
    readonly k: number,
    private readonly before: (a: number, b: number) => boolean,
  ) {}

  get size(): number {
    return this.docs.length
  }

  /** Score of the worst kept doc, or -Infinity while fewer than k are kept. */
  get threshold(): number {
    return this.docs.length < this.k ? -Infinity : this.scores[0]!
  }

  offer(doc: number, score: number): void {
    if (this.k <= 0) return
    if (this.docs.length < this.k) {
      this.docs.push(doc)
      this.scores.push(score)
      this.siftUp(this.docs.length - 1)
    } else if (this.outranks(doc, score, 0)) {
      this.docs[0] = doc
      this.scores[0] = score
      this.siftDown(0)
    }
  }

  /** The kept docs, best first. */
  sorted(): Array<{ doc: number; score: number }> {
    const out = this.docs.map((doc, i) => ({ doc, score: this.scores[i]! }))
    return out.sort((a, b) => (b.score !== a.score ? b.score - a.score : this.before(a.doc, b.doc) ? -1 : 1))
  }

  /** True when (doc, score) ranks ahead of the kept doc in slot `slot`. */
  private outranks(doc: number, score: number, slot: number): boolean {
    const other = this.scores[slot]!
    return score > other || (score === other && this.before(doc, this.docs[slot]!))
  }

  private siftUp(slot: number): void {
    while (slot > 0) {
      const parent = (slot - 1) >> 1
      if (!this.outranks(this.docs[parent]!, this.scores[parent]!, slot)) break
      this.swap(slot, parent)
      slot = parent
    }
  }

  private siftDown(slot: number): void {
    const n = this.docs.length
    for (;;) {
      const left = 2 * slot + 1
      const right = left + 1
      let worst = slot
      if (left < n && !this.outranks(this.docs[left]!, this.scores[left]!, worst)) worst = left
      if (right < n && !this.outranks(this.docs[right]!, this.scores[right]!, worst)) worst = right
      if (worst === slot) return
      this.swap(slot, worst)
      slot = worst
    }
  }

  private swap(a: number, b: number): void {
    ;[this.docs[a], this.docs[b]] = [this.docs[b]!, this.docs[a]!]
    ;[this.scores[a], this.scores[b]] = [this.scores[b]!, this.scores[a]!]
  }
}
