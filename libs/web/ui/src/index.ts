export { toCsv, downloadText, type CsvCell } from './lib/csv/csv';
export { ProblemAlert } from './lib/problem/problem-alert';
export { JobProgress } from './lib/jobs/job-progress';
export { SignatureForm, type SignatureInput } from './lib/signature/signature-form';
export { DataTable } from './lib/table/data-table';
export * from './lib/charts';
