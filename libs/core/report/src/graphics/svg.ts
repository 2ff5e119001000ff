import { isDrawable, type Figure, type FigureElement, type Point, type Style } from './figure';

/** Escapes text for XML content and double-quoted attributes. */
export function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // Control characters other than tab/LF/CR are not allowed in XML 1.0 at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
  );
}

/** Coordinate text: two decimals at most, no "-0", never NaN (callers filter non-finite values). */
export function svgNumber(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 || !Number.isFinite(rounded) ? '0' : String(rounded);
}

const COLOUR = /^#[0-9a-fA-F]{6}$/;

function paint(colour: string | undefined): string {
  return colour !== undefined && COLOUR.test(colour) ? colour.toLowerCase() : 'none';
}

function styleAttributes(style: Style, defaults: { readonly fill: boolean }): string {
  const parts: string[] = [];
  parts.push(`fill="${style.fill === undefined && defaults.fill ? '#000000' : paint(style.fill)}"`);
  parts.push(`stroke="${paint(style.stroke)}"`);
  if (style.stroke !== undefined) {
    const width = style.strokeWidth ?? 1;
    if (Number.isFinite(width)) parts.push(`stroke-width="${svgNumber(width)}"`);
    const dash = (style.dash ?? []).filter((value) => Number.isFinite(value) && value >= 0);
    if (dash.length > 0 && dash.some((value) => value > 0)) {
      parts.push(`stroke-dasharray="${dash.map(svgNumber).join(' ')}"`);
    }
  }
  const opacity = style.opacity;
  if (opacity !== undefined && Number.isFinite(opacity) && opacity < 1) {
    parts.push(`opacity="${svgNumber(Math.max(0, opacity))}"`);
  }
  return parts.join(' ');
}

function pointList(points: readonly Point[]): string {
  return points.map(([x, y]) => `${svgNumber(x)},${svgNumber(y)}`).join(' ');
}

const ANCHOR = { start: 'start', middle: 'middle', end: 'end' } as const;

function elementToSvg(element: FigureElement): string {
  switch (element.kind) {
    case 'line':
      return `<line x1="${svgNumber(element.x1)}" y1="${svgNumber(element.y1)}" x2="${svgNumber(element.x2)}" y2="${svgNumber(element.y2)}" ${styleAttributes(element.style, { fill: false })}/>`;
    case 'polyline':
      return `<polyline points="${pointList(element.points)}" ${styleAttributes(element.style, { fill: false })}/>`;
    case 'polygon':
      return `<polygon points="${pointList(element.points)}" ${styleAttributes(element.style, { fill: false })}/>`;
    case 'rect':
      return `<rect x="${svgNumber(Math.min(element.x, element.x + element.width))}" y="${svgNumber(Math.min(element.y, element.y + element.height))}" width="${svgNumber(Math.abs(element.width))}" height="${svgNumber(Math.abs(element.height))}" ${styleAttributes(element.style, { fill: false })}/>`;
    case 'circle':
      return `<circle cx="${svgNumber(element.cx)}" cy="${svgNumber(element.cy)}" r="${svgNumber(Math.abs(element.r))}" ${styleAttributes(element.style, { fill: false })}/>`;
    case 'text': {
      const x = svgNumber(element.x);
      const y = svgNumber(element.y);
      const rotation = element.rotation === -90 ? ` transform="rotate(-90 ${x} ${y})"` : '';
      const weight = element.weight === 'bold' ? ' font-weight="bold"' : '';
      return `<text x="${x}" y="${y}" font-size="${svgNumber(element.size)}" text-anchor="${ANCHOR[element.anchor]}"${weight}${rotation} ${styleAttributes(element.style, { fill: true })}>${escapeXml(element.text)}</text>`;
    }
  }
}

/**
 * Standalone SVG document of a figure: `role="img"` labelled by its `<title>` and `<desc>`, every
 * text escaped, coordinates rounded to two decimals. Elements with non-finite coordinates are
 * left out. The same figure always gives the same string.
 */
export function figureToSvg(figure: Figure): string {
  const id = figure.id.replace(/[^A-Za-z0-9_-]/g, '-') || 'figure';
  const width = svgNumber(Math.max(0, figure.width));
  const height = svgNumber(Math.max(0, figure.height));
  const lines = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="Helvetica, Arial, sans-serif">`,
    `<title id="${id}-title">${escapeXml(figure.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(figure.description)}</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff" stroke="none"/>`,
    ...figure.elements.filter(isDrawable).map(elementToSvg),
    '</svg>',
  ];
  return `${lines.join('\n')}\n`;
}
