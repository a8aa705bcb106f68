// A worker entry for test/profile/pool.test.ts: the real analysis service, failing on purpose on marked
// texts (configureAnalysisPool({ entry }) starts it instead of src/profile/analysis-worker.ts).
import { workerData } from 'node:worker_threads'
import { type AnalysisWorkerData, serveAnalysis } from '../../src/profile/analysis-worker.js'

serveAnalysis(workerData as AnalysisWorkerData, (analyze) => (text) => {
  if (text.includes('〔抛出〕')) throw new Error('fixture: this worker cannot cut this text')
  if (text.includes('〔退出〕')) process.exit(3)
  if (text.includes('〔卡住〕')) for (;;) {}
  return analyze(text)
})
