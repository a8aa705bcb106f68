/**
 * Keeps the k best items of a stream by score, highest first, ties broken by `before(a, b)` (true when `a`
 * ranks ahead of `b` at equal score). A bounded binary heap with the worst kept item at the root:
 * O(n log k) for n offers.
 *
 * @example
 * ```ts
 * const top = new TopK(2, (a, b) => a < b)
 * top.offer(7, 0.5); top.offer(3, 0.9); top.offer(5, 0.5)
 * top.sorted() // [{ item: 3, score: 0.9 }, { item: 5, score: 0.5 }]
 * ```
 */
export class TopK {
  private readonly items: number[] = []
  private readonly scores: number[] = []

  constructor(
    readonly k: number,
    private readonly before: (a: number, b: number) => boolean,
  ) {}

  get size(): number {
    return this.items.length
  }

  /** Score of the worst kept item, or -Infinity while fewer than k are kept. */
  get threshold(): number {
    return this.items.length < this.k ? -Infinity : this.scores[0]!
  }

  offer(item: number, score: number): void {
    if (this.k <= 0) return
    if (this.items.length < this.k) {
      this.items.push(item)
      this.scores.push(score)
      this.siftUp(this.items.length - 1)
    } else if (this.outranks(item, score, 0)) {
      this.items[0] = item
      this.scores[0] = score
      this.siftDown(0)
    }
  }

  /** The kept items, best first. */
  sorted(): Array<{ item: number; score: number }> {
    const out = this.items.map((item, i) => ({ item, score: this.scores[i]! }))
    return out.sort((a, b) => (b.score !== a.score ? b.score - a.score : this.before(a.item, b.item) ? -1 : 1))
  }

  /** True when (item, score) ranks ahead of the kept item in slot `slot`. */
  private outranks(item: number, score: number, slot: number): boolean {
    const other = this.scores[slot]!
    return score > other || (score === other && this.before(item, this.items[slot]!))
  }

  private siftUp(slot: number): void {
    while (slot > 0) {
      const parent = (slot - 1) >> 1
      if (!this.outranks(this.items[parent]!, this.scores[parent]!, slot)) break
      this.swap(slot, parent)
      slot = parent
    }
  }

  private siftDown(slot: number): void {
    const n = this.items.length
    for (;;) {
      const left = 2 * slot + 1
      const right = left + 1
      let worst = slot
      if (left < n && !this.outranks(this.items[left]!, this.scores[left]!, worst)) worst = left
      if (right < n && !this.outranks(this.items[right]!, this.scores[right]!, worst)) worst = right
      if (worst === slot) return
      this.swap(slot, worst)
      slot = worst
    }
  }

  private swap(a: number, b: number): void {
    ;[this.items[a], this.items[b]] = [this.items[b]!, this.items[a]!]
    ;[this.scores[a], this.scores[b]] = [this.scores[b]!, this.scores[a]!]
  }
}
