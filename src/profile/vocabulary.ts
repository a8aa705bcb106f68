/**
 * Term ↔ integer id. The one string map of the engine: it sits at the analyzer boundary, and everything
 * after it works on ids. Ids are dense and never reused, so typed arrays can be indexed by them.
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

  /** Id of `term`, adding it when new. */
  intern(term: string): number {
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
    return this.ids.get(term) ?? -1
  }

  /** The term of an id. */
  term(id: number): string {
    const term = this.terms[id]
    if (term === undefined) throw new RangeError(`duijie: no term has id ${id}`)
    return term
  }

  get size(): number {
    return this.terms.length
  }
}
