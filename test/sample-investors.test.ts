import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { DEGREES, INVESTOR_TYPES } from '../src/index.js'
import { recordSchemas } from '../src/schema.js'
import { loadSampleData } from '../examples/sample-data.js'

const { universities, needs, investors, programmes } = loadSampleData()
const schemas = recordSchemas(100_000)

/** Ids of the records the schema refuses, each with its first issue, so a failure names the row. */
const failures = (schema: z.ZodType, records: Array<{ id: string }>) =>
  records.flatMap((r) => {
    const result = schema.safeParse(r)
    return result.success ? [] : [`${r.id}: ${JSON.stringify(result.error.issues[0])}`]
  })

const countBy = <T>(items: T[], key: (item: T) => string) => {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return counts
}

describe('sample investors and programmes in data/', () => {
  it('every investor passes the investor schema', () => {
    expect(failures(schemas.investor, investors)).toEqual([])
  })

  it('every programme passes the programme schema and belongs to a university of the catalogue', () => {
    expect(failures(schemas.programme, programmes)).toEqual([])
    const universityIds = new Set(universities.map((u) => u.id))
    expect(programmes.filter((p) => !universityIds.has(p.universityId)).map((p) => p.id)).toEqual([])
  })

  it('holds 20+ investors with every investor type at least twice', () => {
    expect(investors.length).toBeGreaterThanOrEqual(20)
    const byType = countBy(investors, (v) => v.type)
    for (const type of INVESTOR_TYPES) expect(byType.get(type) ?? 0, type).toBeGreaterThanOrEqual(2)
  })

  it('reads tickets in 万元 and leaves stages and regions out when their cells are empty', () => {
    for (const v of investors) {
      expect(v.ticket, v.id).toBeDefined()
      expect(Number.isFinite(v.ticket!.min) && Number.isFinite(v.ticket!.max), v.id).toBe(true)
      if (v.stages) expect(v.stages.length, v.id).toBeGreaterThan(0)
      if (v.regions) expect(v.regions.length, v.id).toBeGreaterThan(0)
    }
    expect(investors.some((v) => v.stages === undefined)).toBe(true)
    expect(investors.some((v) => v.regions === undefined)).toBe(true)
    const bank = investors.find((v) => v.type === 'bank')!
    expect(bank).not.toHaveProperty('stages')
  })

  it('holds 25+ programmes, at least 2 for every university, and every degree level', () => {
    expect(programmes.length).toBeGreaterThanOrEqual(25)
    const byUniversity = countBy(programmes, (p) => p.universityId)
    for (const u of universities) expect(byUniversity.get(u.id) ?? 0, u.id).toBeGreaterThanOrEqual(2)
    expect(new Set(programmes.map((p) => p.degree))).toEqual(new Set(DEGREES))
  })

  it('gives every investor, programme and need a unique id', () => {
    for (const records of [investors, programmes, needs]) {
      const ids = records.map((r) => r.id)
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([])
    }
  })

  it('holds the appended financing needs, with amounts written in different forms', () => {
    const financing = new Map(needs.filter((n) => n.kind === 'financing').map((n) => [n.id, n.text]))
    const amounts: Array<[string, string]> = [
      ['n38', '1.5亿元'],
      ['n39', '两千万'],
      ['n40', '1000–2000万元'],
      ['n41', '3000万元'],
    ]
    for (const [id, amount] of amounts) expect(financing.get(id), id).toContain(amount)
    // They belong to enterprises already in the catalogue.
    const enterprises = new Set(needs.filter((n) => Number(n.id.slice(1)) < 38).map((n) => n.enterpriseId))
    for (const [id] of amounts) expect(enterprises).toContain(needs.find((n) => n.id === id)!.enterpriseId)
  })
})
