export { renderHtml } from './render-html';
export { renderPdf } from './render-pdf';
export type { ReportBlock, ReportDocument } from './report-blocks';
export {
  EXCLUSION_REASONS,
  submissionReport,
  type ReportEvaluation,
  type ReportLook,
  type SubmissionReport,
  type SubmissionReportInput,
} from './submission-report';
