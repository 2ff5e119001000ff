export { toCsv, downloadText, type CsvCell } from './lib/csv/csv';
export { ProblemAlert } from './lib/problem/problem-alert';
export { JobProgress } from './lib/jobs/job-progress';
export { SignatureForm, type SignatureInput } from './lib/signature/signature-form';
export { DataTable } from './lib/table/data-table';
// Charts (and ECharts behind them) are `@prospect/web-ui/charts`, and hashes, signatures and
// instants `@prospect/web-ui/records`: for lazily loaded screens only.
