// Figures, SVG/CSV/HTML rendering and the PDF writer.
export * from './graphics';
export * from './pdf';
export * from './figures';
// Result → chart specs, shared by the report and the web app's interactive charts.
export * from './charts';
// Reporting checklists (CONSORT-AI, SPIRIT-AI, TRIPOD+AI) filled from the platform's facts.
export * from './checklists';
// The submission package's report (HTML and PDF from one document).
export * from './submission-report';
