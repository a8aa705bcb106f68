export { Matcher } from './matcher.js'
export type { MatchResult } from './route/router.js'
export { MATCH_LISTS } from './route/router.js'
export type { ProgrammeMatch, InvestorMatch, FinancingAsk } from './route/counterparts.js'
export { investorReasons } from './route/counterparts.js'
export { parseAmount, parseStages } from './need/financing.js'
export type { AmountRange } from './need/financing.js'
export type { MatchList } from './defaults.js'
export { UniversityNames } from './names.js'
export type { NameMatch } from './names.js'
export type { UniversityCard, CardTerm } from './report/card.js'
export type { GapReport, GapTerm, UnmetNeed, GapRule } from './report/gaps.js'
export type {
  MatcherOptions,
  LoadOptions,
  MatchOptions,
  MatchAllOptions,
  ResolvedOptions,
  DocumentRule,
} from './options.js'
export type { ExpertMatch, UniversityMatch } from './search/searcher.js'
export { DEFAULTS } from './defaults.js'
export { DuijieError, ERROR_CODES } from './errors.js'
export type { DuijieErrorCode, InputIssue } from './errors.js'
export { NEED_KINDS, INVESTOR_TYPES, INVESTMENT_STAGES, DEGREES, DOCUMENT_KINDS } from './schema.js'
export type {
  NeedKind,
  NeedInput,
  NeedObject,
  ExpertInput,
  UniversityInput,
  InvestorInput,
  InvestorType,
  InvestmentStage,
  ProgrammeInput,
  Degree,
  DocumentInput,
  DocumentKind,
} from './schema.js'
export { Analyzer } from './text/analyzer.js'
export type { AnalyzerOptions, StopWordsOption, TermSink } from './text/analyzer.js'
export { defaultSegmenter, IntlSegmenter, JiebaSegmenter, NodejiebaSegmenter } from './text/segmenter.js'
export type { Segmenter } from './text/segmenter.js'
export { STOP_WORDS } from './text/stopwords.js'
export { normalize } from './text/normalize.js'
export { loadDomainDictionary } from './text/dictionary.js'
export { tfidf, bm25, sublinearTf, smoothedIdf } from './profile/weighting.js'
export type { Weighting } from './profile/weighting.js'
export type { UniversityRule } from './search/aggregate.js'
export type { TermContribution } from './search/explain.js'
export { mrr, ndcg, precisionAtK, recallAtK, accuracyAt1, averagePrecision } from './eval/metrics.js'
export type { JudgedRanking } from './eval/metrics.js'
export { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './snapshot/frame.js'
export type { MatcherSnapshot, JsonSection } from './snapshot/frame.js'
export type { SectionType } from './snapshot/sections.js'
export { assign } from './plan/assign.js'
export type { Affinity, AssignInput, AssignResult } from './plan/assign.js'
export { planWeek } from './plan/week.js'
export type { Member, Enterprise, WeekInput, WeekPlan, Visit } from './plan/week.js'
