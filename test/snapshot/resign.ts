// Test helpers that edit a snapshot the way a careful vandal would: change a section, then make its
// checksum fit again, so that only the structural checks stand between the edit and a loaded matcher.
import type { MatcherSnapshot } from '../../src/index.js'
import { crc32, encodeSection, type SectionValue } from '../../src/snapshot/sections.js'

/** Recomputes the CRC-32 of a JSON snapshot's section after its data was edited. */
export function resign(snapshot: MatcherSnapshot, name: string): MatcherSnapshot {
  const section = snapshot.sections[name]!
  const bytes =
    typeof section.data === 'string'
      ? new Uint8Array(Buffer.from(section.data, 'base64'))
      : encodeSection({ type: section.type, value: section.data } as SectionValue)
  section.crc32 = crc32(bytes)
  return snapshot
}

/** Edits a typed-array section of a JSON snapshot in place and re-signs it. */
export function editArray(snapshot: MatcherSnapshot, name: string, edit: (bytes: Uint8Array) => void): MatcherSnapshot {
  const section = snapshot.sections[name]!
  const bytes = new Uint8Array(Buffer.from(section.data as string, 'base64'))
  edit(bytes)
  section.data = Buffer.from(bytes).toString('base64')
  return resign(snapshot, name)
}

/** Rewrites the JSON header of a binary snapshot (fixing its length and checksum); the sections follow as before. */
export function editHeader(bytes: Uint8Array, edit: (header: Record<string, unknown>) => void): Uint8Array {
  const buffer = Buffer.from(bytes)
  const headerLength = buffer.readUInt32LE(8)
  const header = JSON.parse(buffer.subarray(16, 16 + headerLength).toString('utf8'))
  edit(header)
  const sectionsStart = align(16 + headerLength)
  const newHeader = Buffer.from(JSON.stringify(header), 'utf8')
  const lead = Buffer.alloc(16)
  buffer.copy(lead, 0, 0, 8)
  lead.writeUInt32LE(newHeader.byteLength, 8)
  lead.writeUInt32LE(crc32(newHeader), 12)
  const padding = Buffer.alloc(align(16 + newHeader.byteLength) - 16 - newHeader.byteLength)
  return new Uint8Array(Buffer.concat([lead, newHeader, padding, buffer.subarray(sectionsStart)]))
}

const align = (n: number) => n + ((8 - (n % 8)) % 8)
