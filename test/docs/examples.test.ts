// Every `@example` in the TSDoc of src/ is compiled with the project's strict settings, standing in for
// doctests: an example that no longer type-checks against the code it documents fails here. Each
// example becomes its own module, with every export of src/ in scope and a few declared variables it
// may lean on (`m` is a Matcher, `needs` a list of needs, …).
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { afterAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const src = join(root, 'src')

/** Variables the examples use without defining, and their types (names are exports of src/). */
const DECLARED: Record<string, string> = {
  m: 'Matcher',
  matcher: 'Matcher',
  rows: 'ExpertInput[]',
  needs: 'NeedInput[]',
  scores: 'Affinity[]',
  capacity: 'Record<string, number>',
  members: 'Member[]',
  enterprises: 'Enterprise[]',
  history: "NonNullable<WeekInput['history']>",
  descriptionScores: 'ScoredDocuments',
  centroidScores: 'ScoredDocuments',
  expertModel: 'ScoringModel',
  expertUniversity: 'Uint32Array',
  universityCount: 'number',
  model: 'ScoringModel',
  doc: 'number',
  slot: 'number',
  termId: 'number',
  experts: 'number',
  query: 'QueryVector',
  vocabulary: 'Vocabulary',
  profiles: 'ProfileBuilder',
  u: 'UniversityInput',
  e: 'ExpertInput',
  catalogue: 'Catalogue',
  postings: 'Postings',
  idf: 'Float64Array',
  store: 'ProfileStore',
  ids: 'string[]',
  built: 'BuiltIndex',
  reader: 'SectionReader',
}

interface Example {
  file: string
  line: number
  code: string
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  )
}

/** The ```ts blocks that follow an @example tag, with the line they start on. */
function examplesOf(file: string): Example[] {
  const lines = readFileSync(file, 'utf8').split('\n')
  const examples: Example[] = []
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*@example\s*$/.test(lines[i]!)) continue
    let start = i + 1
    while (start < lines.length && !/^\s*\*\s*```ts\s*$/.test(lines[start]!)) start++
    let end = start + 1
    while (end < lines.length && !/^\s*\*\s*```\s*$/.test(lines[end]!)) end++
    const code = lines
      .slice(start + 1, end)
      .map((l) => l.replace(/^\s*\* ?/, ''))
      .join('\n')
    examples.push({ file, line: start + 2, code })
    i = end
  }
  return examples
}

const files = sourceFiles(src).filter((f) => !f.endsWith(`${join('src', 'index.ts')}`))
const examples = files.flatMap(examplesOf)
const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node'],
  typeRoots: [join(root, 'node_modules/@types')],
  baseUrl: root,
  paths: { duijie: [join(src, 'index.ts')] },
}

/** Every name each module of src/ exports, first module wins when two export the same name. */
function exportsBySource(): Map<string, string> {
  const program = ts.createProgram(files, options)
  const checker = program.getTypeChecker()
  const owner = new Map<string, string>()
  for (const file of files) {
    const symbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)
    for (const exported of symbol ? checker.getExportsOfModule(symbol) : []) {
      if (!owner.has(exported.name)) owner.set(exported.name, file)
    }
  }
  return owner
}

const workdir = mkdtempSync(join(tmpdir(), 'duijie-examples-'))
afterAll(() => rmSync(workdir, { recursive: true, force: true }))

describe('TSDoc examples', () => {
  it('there are examples to check', () => {
    expect(examples.length).toBeGreaterThan(50)
  })

  it('every value the package exports documents itself with an @example', () => {
    const index = join(src, 'index.ts')
    const program = ts.createProgram([index], options)
    const checker = program.getTypeChecker()
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(index)!)!
    const missing = checker
      .getExportsOfModule(moduleSymbol)
      .map((exported) => checker.getAliasedSymbol(exported))
      .filter((symbol) => symbol.flags & ts.SymbolFlags.Value)
      .filter((symbol) => !symbol.getJsDocTags(checker).some((tag) => tag.name === 'example'))
      .map((symbol) => symbol.name)
    expect(missing).toEqual([])
  })

  it('every @example type-checks against the code it documents', { timeout: 120_000 }, () => {
    const owner = exportsBySource()
    const written = examples.map((example, n) => {
      const body = example.code.split('\n')
      const ownImports = body.filter((l) => l.startsWith('import '))
      const ownNames = new Set(
        ownImports.flatMap(
          (l) =>
            /\{([^}]*)\}/
              .exec(l)?.[1]
              ?.split(',')
              .map((s) => s.trim()) ?? [],
        ),
      )
      const bySource = new Map<string, string[]>()
      for (const [name, file] of owner) {
        if (ownNames.has(name)) continue
        bySource.set(file, [...(bySource.get(file) ?? []), name])
      }
      const imports = [...bySource].map(
        ([file, names]) => `import { ${names.join(', ')} } from '${file.replace(/\.ts$/, '.js')}'`,
      )
      const declared = Object.entries(DECLARED).map(([name, type]) => `declare const ${name}: ${type}`)
      // Where each line of the block came from in the example, for the report.
      const origin = body.flatMap((l, i) => (l.startsWith('import ') ? [] : [i]))
      const head = [...ownImports, ...imports, ...declared, '{']
      const text = [...head, ...origin.map((i) => body[i]), '}', 'export {}'].join('\n')
      const path = join(workdir, `example-${n}.ts`)
      writeFileSync(path, text)
      return { path, example, origin, offset: head.length }
    })
    const program = ts.createProgram(
      written.map((w) => w.path),
      options,
    )
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName.startsWith(workdir))
      .map((d) => {
        const w = written.find((x) => x.path === d.file!.fileName)!
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0)
        const where = `${relative(root, w.example.file)}:${w.example.line + (w.origin[line - w.offset] ?? 0)}`
        return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
      })
    expect(problems).toEqual([])
  })
})
