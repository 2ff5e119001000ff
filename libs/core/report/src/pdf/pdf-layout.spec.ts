import { rocFigure } from '../figures/roc';
import { sampleRoc } from '../figures/testing/sample-data';
import { PdfDocument } from './pdf-document';
import { PdfReportLayout } from './pdf-layout';
import { readPdf } from './testing/read-pdf';

const created = new Date(Date.UTC(2026, 0, 1));

function build(): Uint8Array {
  const document = new PdfDocument({ title: 'Validation report', creationDate: created });
  const layout = new PdfReportLayout(document, { footerText: 'Study ABC – report' });
  layout.heading('1. Summary');
  layout.paragraph('The model was validated prospectively at four sites. '.repeat(12));
  layout.keyValueTable([
    ['Protocol', 'ABC-123 v2.0'],
    ['Primary endpoint', 'AUC ≥ 0.75 (lower 95% limit)'],
  ]);
  layout.heading('2. Sites', 2);
  layout.table(
    [{ header: 'Site' }, { header: 'n', align: 'right' }, { header: 'AUC (95% CI)', width: 2 }],
    Array.from({ length: 90 }, (_, index) => [`Site ${index + 1}`, String(100 + index), '0.81 (0.75–0.86)']),
  );
  layout.figure(rocFigure(sampleRoc), 'Figure 1. ROC curve with 95% confidence band.');
  layout.finish();
  return document.toBytes();
}

describe('PdfReportLayout', () => {
  const parsed = readPdf(build());

  it('flows content across pages with "Page i of n" footers', () => {
    const count = parsed.pages.length;
    expect(count).toBeGreaterThanOrEqual(3);
    parsed.pages.forEach((page, index) => {
      expect(page.texts).toContain(`Page ${index + 1} of ${count}`);
      expect(page.texts).toContain('Study ABC – report');
    });
  });

  it('repeats the table header on every page the table continues on', () => {
    const pagesWithRows = parsed.pages.filter((page) => page.texts.some((text) => /^Site \d+$/.test(text)));
    expect(pagesWithRows.length).toBeGreaterThanOrEqual(2);
    for (const page of pagesWithRows) {
      expect(page.texts).toEqual(expect.arrayContaining(['Site', 'n', 'AUC (95% CI)']));
    }
    const allRows = parsed.pages.flatMap((page) => page.texts.filter((text) => /^Site \d+$/.test(text)));
    expect(allRows).toEqual(Array.from({ length: 90 }, (_, index) => `Site ${index + 1}`));
  });

  it('writes headings, key–value tables, spelled-out symbols and the figure text', () => {
    const texts = parsed.pages.flatMap((page) => page.texts);
    expect(texts[0]).toBe('1. Summary');
    expect(texts).toEqual(
      expect.arrayContaining(['Protocol', 'ABC-123 v2.0', 'AUC >= 0.75 (lower 95% limit)', 'Sensitivity']),
    );
    expect(texts).toContain('Figure 1. ROC curve with 95% confidence band.');
  });

  it('is deterministic', () => {
    expect(build()).toEqual(build());
  });
});
