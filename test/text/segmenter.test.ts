import { describe, expect, it } from 'vitest'
import { loadSampleData } from '../../examples/sample-data.js'
import { defaultSegmenter, IntlSegmenter, JiebaSegmenter, NodejiebaSegmenter, type Segmenter } from '../../src/index.js'
import { expectDuijieError } from '../helpers/errors.js'

const HAN_RUN = /\p{Script=Han}+/gu

/** Every Han run of the sample district's records and needs. */
function sampleRuns(): string[] {
  const { universities, experts, needs, investors, programmes } = loadSampleData()
  const texts = [
    ...universities.map((u) => u.description ?? ''),
    ...experts.flatMap((e) => [e.description ?? '', ...(e.specialties ?? [])]),
    ...needs.flatMap((n) => [n.title, n.text]),
    ...investors.map((i) => `${i.focus}${i.description ?? ''}`),
    ...programmes.map((p) => `${p.name}${p.description ?? ''}`),
  ]
  return texts.flatMap((text) => text.match(HAN_RUN) ?? [])
}

describe('segmenters', () => {
  const jieba = new JiebaSegmenter()
  const nodejieba = new NodejiebaSegmenter()
  const intl = new IntlSegmenter()

  it('default to jieba via @node-rs/jieba, which needs no compiler', () => {
    expect(defaultSegmenter().id).toBe('node-rs-jieba@2/hmm')
    expect(jieba.cut('碳化硅功率模块')).toEqual(['碳化硅', '功率', '模块'])
    expect(jieba.subwords('高压开关柜')).toEqual(['高压', '开关柜'])
    expect(jieba.subwords('焊接')).toEqual([])
  })

  it.each([
    ['jieba', jieba],
    ['nodejieba', nodejieba],
    ['intl', intl],
  ] as Array<[string, Segmenter]>)('%s cuts a run into pieces that spell it, Ext-B Han whole', (_, segmenter) => {
    for (const run of ['开关柜局部放电在线监测', '咬𬌗关系', '镇']) {
      const words = segmenter.cut(run)
      expect(words.join('')).toBe(run)
      expect(words.every((w) => !/[\uD800-\uDBFF]$/.test(w))).toBe(true)
    }
  })

  it('jieba and nodejieba agree on nearly every Han run of the sample district (the dictionaries are the same)', () => {
    const runs = sampleRuns()
    const same = runs.filter((run) => jieba.cut(run).join('|') === nodejieba.cut(run).join('|')).length
    expect(runs.length).toBeGreaterThan(500)
    expect(same / runs.length).toBeGreaterThan(0.95)
  })

  it('names their implementations differently, so a snapshot of one is refused by another', () => {
    const ids = new Set([jieba.id, nodejieba.id, intl.id])
    expect(ids.size).toBe(3)
    expect(intl.id).toMatch(/^intl-segmenter\/icu@\d/)
  })

  it('reject a non-string run with a DuijieError that names the segmenter', () => {
    for (const segmenter of [jieba, nodejieba, intl]) {
      const error = expectDuijieError(() => segmenter.cut(42 as unknown as string), 'INPUT')
      expect(error.message).toMatch(/^duijie: \w+Segmenter\.cut: must be given a string/)
    }
  })
})
