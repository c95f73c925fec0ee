/**
 * The loss a student's browser reports for a run: shown beside their row, labelled self-reported, never ranked
 * (a client can claim any loss it likes; lib/race/standings ranks by what the server verified).
 */
export interface ReportedLosses {
  trainLoss: number | null;
  valLoss: number | null;
}

/** The latest validation loss, or the latest training loss when the race keeps no validation split. */
export const selfReportedScore = (run: ReportedLosses): number | null => run.valLoss ?? run.trainLoss;
