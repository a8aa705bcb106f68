import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Analyzer, JiebaSegmenter, type TermSink } from '../../src/index.js'
import { RUN_SEPARATOR, batchCutter } from '../../src/text/segmenter.js'
import { expectDuijieError } from '../helpers/errors.js'

// Without a sink, the analyzer cuts all of a text's runs in one jieba call (analyzeBatched); with one, run by
// run. The invariant: both give the same terms, in the same order, for any text and settings.
const ignore: TermSink = { credit: () => {} }
const byRun = (analyzer: Analyzer, text: string) => analyzer.analyze(text, ignore)

const ALPHABET = [
  ...'焊接机器人开关柜海雷德蒙碳化硅功率模块的和了与及对',
  '𬌗', // Ext-B: two code units
  '〇',
  '々',
  '⺀', // Han by script, outside jieba's Han ranges
  ...'aB35.+#-_ ，。、；\n\t',
  '\u200B',
  'Ｐ',
  '①',
]

const SETTINGS = [
  {},
  { subwords: true },
  { bigrams: false },
  { minNumberLength: 3 },
  { userWords: ['海雷德蒙', '开关柜', '机器人焊接', '焊接'], subwords: true },
]

describe('cutting all of a text’s runs in one call', () => {
  it('gives the terms run-by-run cutting gives, for random text under every setting', () => {
    const analyzers = SETTINGS.map((s) => new Analyzer(s))
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 60 }), (chars) => {
        const text = chars.join('')
        for (const analyzer of analyzers) expect(analyzer.analyze(text)).toEqual(byRun(analyzer, text))
      }),
      { numRuns: 1500 },
    )
  })

  it('gives the same terms on every line of the shipped catalogue', () => {
    const analyzer = new Analyzer({ subwords: true })
    const dir = join(import.meta.dirname, '../../data/catalogue')
    let lines = 0
    for (const file of readdirSync(dir)) {
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
        expect(analyzer.analyze(line)).toEqual(byRun(analyzer, line))
        lines++
      }
    }
    expect(lines).toBeGreaterThan(100)
  })

  it('keeps runs apart: between separators come exactly the words of cutting that run alone', () => {
    const jieba = new JiebaSegmenter()
    const han = fc.array(fc.constantFrom(...'焊接机器人开关柜碳化硅功率模块的〇々⺀', '𬌗'), {
      minLength: 1,
      maxLength: 12,
    })
    fc.assert(
      fc.property(fc.array(han, { minLength: 1, maxLength: 8 }), (parts) => {
        const runs = parts.map((p) => p.join(''))
        const expected = runs.flatMap((run, i) => (i === 0 ? jieba.cut(run) : [RUN_SEPARATOR, ...jieba.cut(run)]))
        expect(jieba.cutRuns(runs)).toEqual(expected)
      }),
      { numRuns: 500 },
    )
  })

  it('refuses runs it could not keep apart, or that are not strings, naming the run', () => {
    const jieba = new JiebaSegmenter()
    expect(expectDuijieError(() => jieba.cutRuns(['焊接', '机器\n人']), 'INPUT').message).toContain(
      'run 1 holds a line break',
    )
    expect(expectDuijieError(() => jieba.cutRuns(['焊接', 7 as never]), 'INPUT').message).toContain('run 1 is')
    expectDuijieError(() => jieba.cutRuns('焊接' as never), 'INPUT')
    expect(jieba.cutRuns([])).toEqual([])
  })

  it('is used only for the built-in jieba as it is: a patched or custom segmenter is called run by run', () => {
    expect(batchCutter(new JiebaSegmenter())).toBeTypeOf('function')
    const patched = new JiebaSegmenter()
    patched.cut = (run) => [...run]
    expect(batchCutter(patched)).toBeUndefined()
    expect(new Analyzer({ segmenter: patched, bigrams: false, domainDictionary: false }).analyze('焊接机器人')).toEqual(
      ['焊', '接', '机', '器', '人'],
    )
    expect(batchCutter({ id: 'custom', cut: (run) => [run] })).toBeUndefined()
  })
})
