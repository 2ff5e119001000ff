// Showing records: hashes, signatures and instants. A secondary entry point
// (`@prospect/web-ui/records`) so that these stay out of the first load: only lazily loaded
// screens use them, and the root barrel's components are all bundled with the login page.
export { DateTimePipe, formatDateTime } from './date-time';
export { HashText } from './hash-text';
export { SignatureList, type SignatureRow } from './signature-list';
