import { MemoryMetricsHistory } from '../engine/metrics/metrics-history';
import { runMetricsHistoryContract } from './metrics-history-contract';

// The contract found its write storing row by row, so that a failed batch, retried whole, counted its first rows
// twice; it now works every merge out before storing any.
runMetricsHistoryContract('MemoryMetricsHistory', async () => ({ history: new MemoryMetricsHistory(), close: async () => undefined }));
