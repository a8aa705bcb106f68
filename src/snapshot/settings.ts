import { z } from 'zod'
import { DuijieError } from '../errors.js'
import type { SectionReader, SectionWriter } from './sections.js'

/** What a snapshot carries besides the stages' data: how the matcher was made and how its text was cut. */
export interface SavedSettings {
  /** The analyzer's fingerprint: segmenter, dictionary and stop-word hashes, switches. */
  fingerprint: string
  /** The options the matcher was made with (without the segmenter, which is code). */
  options: Record<string, unknown>
  /** Words added with `addWords` after construction, in order. */
  addedWords: readonly string[]
}

const settingsSchema = z.object({ fingerprint: z.string(), options: z.record(z.string(), z.unknown()) }).strict()

/** Writes the settings as two sections: `settings` (one record) and `addedWords` (strings). */
export function saveSettings(out: SectionWriter, settings: SavedSettings): void {
  out.records('settings', [{ fingerprint: settings.fingerprint, options: settings.options }])
  out.strings('addedWords', settings.addedWords)
}

/** Reads the settings back. */
export function loadSettings(reader: SectionReader): SavedSettings {
  const records = reader.records('settings')
  const parsed = settingsSchema.safeParse(records[0])
  if (records.length !== 1 || !parsed.success)
    throw reader.corrupt('settings', 'must hold one { fingerprint, options } record')
  return { ...parsed.data, addedWords: reader.strings('addedWords') }
}

/**
 * Refuses a snapshot whose text was cut another way than this matcher cuts it, naming the parts that
 * differ: its profiles and a need would not share terms, and it would rank badly.
 */
export function checkFingerprint(context: string, saved: string, mine: string): void {
  if (saved === mine) return
  const theirs = saved.split(';')
  const ours = mine.split(';')
  // Each differing part as a pair, the snapshot's first: `segmenter nodejieba@3/hmm (snapshot) ≠ chars@1 (this
  // load)`, `words=… (snapshot) ≠ words=… (this load)`. The segmenter id is the only part without a name.
  const differ: string[] = []
  for (let i = 0; i < Math.max(theirs.length, ours.length); i++) {
    if (theirs[i] === ours[i]) continue
    const name = i === 0 ? 'segmenter ' : ''
    differ.push(`${name}${theirs[i] ?? 'nothing'} (snapshot) ≠ ${ours[i] ?? 'nothing'} (this load)`)
  }
  const segmenterHint =
    theirs[0] === ours[0]
      ? ''
      : ` It was cut by the segmenter "${theirs[0]}" and this load would use "${ours[0]}": pass the same one in the load options${
          theirs[0]?.startsWith('nodejieba@')
            ? ' ({ segmenter: new NodejiebaSegmenter() }, with nodejieba installed)'
            : ''
        }.`
  throw new DuijieError(
    'SNAPSHOT_INCOMPATIBLE',
    `duijie: ${context}: the snapshot's text was cut differently (${saved}) than this matcher would cut it ` +
      `(differs in: ${differ.join(', ')}); matching would rank badly. Load with the same segmenter, dictionary and stop words, or rebuild from the records.${segmenterHint}`,
  )
}
