import { readdirSync, statSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadSampleData } from '../../examples/sample-data.js'
import {
  type DocumentInput,
  type ExpertInput,
  type InvestorInput,
  Matcher,
  type NeedInput,
  NodejiebaSegmenter,
  type ProgrammeInput,
  type Segmenter,
} from '../../src/index.js'
import { expectDuijieError } from '../helpers/errors.js'
import { resign } from './resign.js'
import { temporaryDirectory } from '../helpers/temporary.js'

const { universities, experts, needs } = loadSampleData()

function sample(options = {}) {
  return new Matcher(options).addUniversities(universities).addExperts(experts)
}

const temporaryPath = () => join(temporaryDirectory('duijie-'), 'district.duijie')

/** Every way to save and load, each giving a new matcher. */
const FORMATS: Array<[string, (m: Matcher) => Matcher]> = [
  ['JSON text', (m) => Matcher.fromJSON(JSON.parse(JSON.stringify(m)))],
  ['JSON data', (m) => Matcher.fromJSON(m.toJSON())],
  ['bytes', (m) => Matcher.fromBinary(m.toBinary())],
  [
    'a file',
    (m) => {
      const path = temporaryPath()
      m.saveBinary(path)
      return Matcher.loadBinary(path)
    },
  ],
]

describe('saving and loading a matcher', () => {
  it.each(FORMATS)('round-trips through %s with identical rankings, scores and explanations', (_, roundTrip) => {
    const m = sample()
    const before = m.matchAll(needs)
    const loaded = roundTrip(m)
    expect(loaded.stats).toEqual(m.stats)
    expect(loaded.matchAll(needs)).toEqual(before)
  })

  it('keeps options and words added at runtime', () => {
    const m = sample({ weighting: 'bm25', topK: 3 })
    m.addWords(['局放监测'])
    const before = m.matchAll(needs)
    const loaded = Matcher.fromBinary(m.toBinary())
    expect(loaded.options).toEqual(m.options)
    expect(loaded.analyzer.hasWord('局放监测')).toBe(true)
    expect(loaded.matchAll(needs)).toEqual(before)
  })

  it('writes the file it says it wrote, and leaves no temporary file beside it', () => {
    const m = sample()
    const path = temporaryPath()
    const written = m.saveBinary(path)
    expect(statSync(path).size).toBe(written)
    m.saveBinary(path)
    expect(readdirSync(join(path, '..'))).toEqual(['district.duijie'])
    truncateSync(path, written - 64)
    expectDuijieError(() => Matcher.loadBinary(path), 'SNAPSHOT_CORRUPT')
  })

  it('names the path when the file cannot be read or written', () => {
    const missing = join(tmpdir(), 'duijie-no-such-dir', 'x.duijie')
    expect(expectDuijieError(() => Matcher.loadBinary(missing), 'IO').message).toContain(missing)
    expect(expectDuijieError(() => sample().saveBinary(missing), 'IO').message).toContain(missing)
  })

  it('keeps working after load: adding experts gives what a matcher built in one go gives', () => {
    const [first, rest] = [experts.slice(0, 40), experts.slice(40)]
    const loaded = Matcher.fromBinary(new Matcher().addUniversities(universities).addExperts(first).toBinary())
    loaded.addExperts(rest)
    expect(loaded.matchAll(needs)).toEqual(sample().matchAll(needs))
  })

  it('accepts a Uint8Array, a Buffer, an ArrayBuffer and bytes at an unaligned offset', () => {
    const m = sample()
    const bytes = m.toBinary()
    const before = m.matchAll(needs.slice(0, 5))
    const unaligned = new Uint8Array(bytes.length + 3)
    unaligned.set(bytes, 3)
    const copy = new ArrayBuffer(bytes.byteLength)
    new Uint8Array(copy).set(bytes)
    for (const form of [bytes, Buffer.from(bytes), copy, unaligned.subarray(3)]) {
      expect(Matcher.fromBinary(form).matchAll(needs.slice(0, 5))).toEqual(before)
    }
    expectDuijieError(() => Matcher.fromBinary('not bytes' as never), 'INPUT')
  })
})

describe('what a snapshot shares with the matcher', () => {
  it('toJSON output mutated after the call leaves the matcher unchanged', () => {
    const m = sample()
    const before = m.matchAll(needs)
    const pristine = JSON.stringify(m.toJSON())
    const snapshot = m.toJSON()
    const records = snapshot.sections.experts!.data as Array<{ specialties?: string[]; id: string }>
    records[0]!.id = 'changed'
    records[1]!.specialties?.push('量子引力')
    records.length = 3
    ;(snapshot.sections.vocabulary!.data as string[]).length = 0
    snapshot.sections.settings!.data = []
    expect(m.matchAll(needs)).toEqual(before)
    expect(JSON.stringify(m.toJSON())).toBe(pristine)
  })

  it('fromJSON copies what it keeps: changing the input afterwards changes nothing', () => {
    const snapshot = sample().toJSON()
    const loaded = Matcher.fromJSON(snapshot)
    const before = loaded.matchAll(needs)
    const records = snapshot.sections.experts!.data as Array<{ specialties?: string[]; description?: string }>
    for (const r of records) {
      r.specialties = ['量子引力']
      r.description = '量子引力'
    }
    ;(snapshot.sections.vocabulary!.data as string[]).fill('量子')
    expect(loaded.matchAll(needs)).toEqual(before)
  })
})

describe('odd text', () => {
  // Ext-B Han (𬌗 in 咬𬌗, 𫟼, 𬬭) is two UTF-16 code units a character, and a lone surrogate is not even
  // valid UTF-16: strings must survive every format unit by unit. Emoji, combining marks, a line separator
  // and zero-width characters come along.
  const odd: ExpertInput[] = [
    {
      id: 'bite',
      name: '甲',
      universityId: 'u',
      specialties: ['咬𬌗重建', '口腔修复'],
      description: '咬𬌗紊乱与颞下颌关节',
    },
    {
      id: 'metal',
      name: '乙',
      universityId: 'u',
      specialties: ['𫟼合金', '𬬭化合物'],
      description: '新型𫟼𬬭材料🔬的制备',
    },
    {
      id: 'mark',
      name: '丙',
      universityId: 'u',
      specialties: ['Café\u0301 文本', '开\u200B关柜'],
      description: '行\u2028分隔\uFEFF与𠀀字',
    },
    { id: 'lone', name: '丁', universityId: 'u', description: '孤立代理\uD800项与\uDFFF尾' },
  ]
  // One of each other kind of record, each with Ext-B text, so that every collection carries such terms.
  const oddProgrammes: ProgrammeInput[] = [
    {
      id: 'occlusion',
      universityId: 'u',
      name: '口腔医学（咬𬌗方向）',
      degree: 'master',
      description: '咬𬌗重建与𠀀字研究',
    },
  ]
  const oddInvestors: InvestorInput[] = [
    {
      id: 'fund',
      name: '𫟼𬬭产业基金',
      type: 'industry-fund',
      focus: ['𫟼合金', '𬬭化合物'],
      description: '投资𫟼𬬭新材料🔬',
    },
  ]
  const oddDocuments: DocumentInput[] = [
    {
      id: 'paper',
      kind: 'paper',
      title: '咬𬌗紊乱的𠀀字分析',
      text: '咬𬌗与颞下颌关节\u200B研究',
      expertIds: ['bite'],
    },
  ]
  const oddNeeds: NeedInput[] = [
    '咬𬌗重建',
    '𫟼合金材料',
    '𬬭化合物制备',
    '开关柜',
    'Café 文本',
    '孤立代理\uD800项',
    '𠀀字',
    { kind: 'talent', text: '招聘咬𬌗重建方向的研究生' },
    { kind: 'financing', text: '𫟼合金𬬭化合物项目融资' },
    '咬𬌗紊乱分析',
  ]

  it.each(FORMATS)(
    'a catalogue with supplementary-plane and invisible characters round-trips through %s',
    (_, roundTrip) => {
      const m = new Matcher()
        .addUniversities([{ id: 'u', name: '口腔医学院', description: '咬𬌗与𫟼材料' }])
        .addExperts(odd)
        .addProgrammes(oddProgrammes)
        .addInvestors(oddInvestors)
        .addDocuments(oddDocuments)
      const before = m.matchAll(oddNeeds)
      expect(before[0]!.experts[0]!.id).toBe('bite')
      // The programme, the investor and the document are found by their Ext-B terms, so the check below sees them.
      expect(before[7]!.programmes[0]!.id).toBe('occlusion')
      expect(before[7]!.programmes[0]!.rawTerms.map((t) => t.term)).toContain('咬𬌗')
      expect(before[8]!.investors[0]!.id).toBe('fund')
      expect(before[8]!.investors[0]!.rawTerms.map((t) => t.term)).toContain('𫟼合')
      expect(before[9]!.experts[0]!.documents[0]!.id).toBe('paper')
      const loaded = roundTrip(m)
      expect(loaded.stats).toEqual(m.stats)
      expect(loaded.matchAll(oddNeeds)).toEqual(before)
      expect(loaded.toJSON()).toEqual(m.toJSON())
    },
  )
})

describe('snapshots that cannot be used here', () => {
  it('refuses a snapshot cut with another dictionary, saying what differs', () => {
    const snapshot = sample().toJSON()
    const [settings] = snapshot.sections.settings!.data as Array<{ fingerprint: string }>
    settings!.fingerprint = settings!.fingerprint.replace(/;words=[0-9a-f]+/, ';words=00000000')
    const error = expectDuijieError(() => Matcher.fromJSON(resign(snapshot, 'settings')), 'SNAPSHOT_INCOMPATIBLE')
    expect(error.message).toMatch(/differs in: words=00000000 \(snapshot\) ≠ words=[0-9a-f]{8} \(this load\)/)
  })

  it('refuses to load with another segmenter than the one that made the snapshot', () => {
    const chars: Segmenter = { id: 'chars@1', cut: (run) => [...run] }
    const saved = new Matcher({ segmenter: chars })
      .addUniversities(universities)
      .addExperts(experts.slice(0, 5))
      .toBinary()
    expectDuijieError(() => Matcher.fromBinary(saved), 'SNAPSHOT_INCOMPATIBLE')
    expect(Matcher.fromBinary(saved, { segmenter: chars }).stats.experts).toBe(5)
  })

  it('refuses a snapshot cut by nodejieba under the default segmenter, naming both, and loads it with nodejieba', () => {
    const saved = new Matcher({ segmenter: new NodejiebaSegmenter() })
      .addUniversities(universities)
      .addExperts(experts.slice(0, 5))
      .toBinary()
    const error = expectDuijieError(() => Matcher.fromBinary(saved), 'SNAPSHOT_INCOMPATIBLE')
    expect(error.message).toContain('nodejieba@3/hmm')
    expect(error.message).toContain('node-rs-jieba@2/hmm')
    expect(error.message).toContain('new NodejiebaSegmenter()')
    expect(Matcher.fromBinary(saved, { segmenter: new NodejiebaSegmenter() }).stats.experts).toBe(5)
  })

  it('refuses other formats and versions as incompatible, not as damaged', () => {
    const snapshot = sample().toJSON()
    expectDuijieError(() => Matcher.fromJSON({ ...snapshot, version: 2 }), 'SNAPSHOT_INCOMPATIBLE')
    expectDuijieError(() => Matcher.fromJSON({ hello: 'world' }), 'SNAPSHOT_INCOMPATIBLE')
    expectDuijieError(() => Matcher.fromJSON(null), 'SNAPSHOT_INCOMPATIBLE')
    expectDuijieError(() => Matcher.fromBinary(new Uint8Array(10)), 'SNAPSHOT_INCOMPATIBLE')
    const version2 = Buffer.concat([Buffer.from('DUIJIE\u0001\u0000', 'latin1'), Buffer.alloc(64)])
    expect(expectDuijieError(() => Matcher.fromBinary(version2), 'SNAPSHOT_INCOMPATIBLE').message).toContain(
      'older duijie',
    )
  })

  it('checks load options like any other input', () => {
    const bytes = sample().toBinary()
    expectDuijieError(() => Matcher.fromBinary(bytes, { scoring: 'fast' } as never), 'INPUT', ['scoring'])
    expectDuijieError(() => Matcher.fromBinary(bytes, { topK: 3 } as never), 'INPUT', ['topK'])
  })
})
