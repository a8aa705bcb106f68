// A worker entry for test/search/kernels.test.ts: the real service, whose index build parts fail on purpose
// as DUIJIE_KERNEL_FIXTURE says ('throw', 'exit' or 'stall'). Listeners share the message: this one runs first.
import { parentPort, workerData } from 'node:worker_threads'
import { type AnalysisWorkerData, serveAnalysis } from '../../src/profile/analysis-worker.js'

parentPort?.on('message', (task: { type: string; kernel?: string }) => {
  if (task.type !== 'kernel') return
  const mode = process.env.DUIJIE_KERNEL_FIXTURE
  if (mode === 'throw') task.kernel = 'no such kernel'
  if (mode === 'exit') process.exit(3)
  if (mode === 'stall') for (;;) {}
})
serveAnalysis(workerData as AnalysisWorkerData)
