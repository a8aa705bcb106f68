// Relevance guards on the CSL papers in ../shared/csl. The file is absent on a fresh clone: then these
// tests are skipped, and the skip names the missing file.
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { accuracyAt1, mrr } from '../../src/index.js'
import { DEFAULT_CSL, folds, institutionIds, readPapers } from '../../bench/lib/csl.js'
import { baselineTokenizer, duijieSystem, plainTfidfSystem, type RelevanceSystem } from '../../bench/lib/systems.js'

const papers = readPapers()
const note = existsSync(DEFAULT_CSL) ? '' : ` (skipped: no ${DEFAULT_CSL})`

describe.skipIf(!papers)(`relevance on CSL${note}`, () => {
  const institutionOf = institutionIds(papers ?? [])

  it('finds a paper from its title (known item): MRR@10 at least 0.99', () => {
    const system = duijieSystem()
    system.index({ papers: papers!, withKeywords: true, institutionOf })
    expect(mrr(papers!.map((p) => ({ ranked: system.experts(p.title, 10), relevant: [p.id] })))).toBeGreaterThanOrEqual(
      0.99,
    )
  })

  it('routes titles to their discipline more often than a plain TF-IDF centroid (2 folds)', () => {
    const accuracy = (system: RelevanceSystem) => {
      const [a, b] = folds(papers!, 2)
      system.index({ papers: a!, withKeywords: true, institutionOf })
      return accuracyAt1(
        b!.map((p) => ({ ranked: system.institutions!(p.title), relevant: [institutionOf.get(p.discipline)!] })),
      )
    }
    expect(accuracy(duijieSystem())).toBeGreaterThan(accuracy(plainTfidfSystem(baselineTokenizer())) + 0.02)
  })
})

describe('relevance bench without CSL data', () => {
  it('says what it skips and exits cleanly', async () => {
    const { execFileSync } = await import('node:child_process')
    const out = execFileSync('npx', ['tsx', 'bench/relevance.ts', '--data', '/nonexistent/dev.jsonl'], {
      encoding: 'utf8',
    })
    expect(out).toMatch(/relevance bench skipped: no CSL data at \/nonexistent\/dev.jsonl/)
  })
})
