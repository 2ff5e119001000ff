export {
  performanceReport,
  type AucSummary,
  type PerformanceReport,
  type PerformanceReportInput,
} from './performance-report';
