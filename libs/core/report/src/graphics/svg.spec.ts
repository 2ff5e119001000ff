import type { Figure } from './figure';
import { figureDataToCsv, figureDataToHtmlTable } from './figure-data';
import { escapeXml, figureToSvg } from './svg';

const figure: Figure = {
  id: 'demo fig',
  title: 'Sensitivity <&> "specificity"',
  description: "Alt text with 'quotes' & <tags>",
  width: 200,
  height: 100,
  elements: [
    {
      kind: 'line',
      x1: 0,
      y1: 0,
      x2: 10.123456,
      y2: -0.001,
      style: { stroke: '#FF0000', strokeWidth: 2, dash: [4, 2] },
    },
    {
      kind: 'polyline',
      points: [
        [0, 0],
        [1 / 3, 2 / 3],
      ],
      style: { stroke: '#000000' },
    },
    {
      kind: 'polygon',
      points: [
        [0, 0],
        [5, 0],
        [5, 5],
      ],
      style: { fill: '#0072b2', opacity: 0.2 },
    },
    { kind: 'rect', x: 10, y: 10, width: -5, height: 5, style: { fill: '#ffffff', stroke: 'red' } },
    { kind: 'circle', cx: 5, cy: 5, r: 2, style: { fill: '#000000' } },
    { kind: 'circle', cx: Number.NaN, cy: 5, r: 2, style: { fill: '#000000' } },
    { kind: 'line', x1: 0, y1: Number.POSITIVE_INFINITY, x2: 1, y2: 1, style: { stroke: '#000000' } },
    {
      kind: 'text',
      x: 50,
      y: 50,
      text: 'a < b & c > "d"',
      anchor: 'middle',
      size: 9,
      weight: 'bold',
      rotation: -90,
      style: {},
    },
  ],
  data: {
    columns: ['label', 'value'],
    rows: [
      ['plain', 0.1 + 0.2],
      ['a,b', null],
      ['say "hi"', Number.NaN],
      ['line\nbreak', -0],
    ],
  },
};

describe('figureToSvg', () => {
  const svg = figureToSvg(figure);

  it('writes a labelled standalone SVG', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" ')).toBe(true);
    expect(svg).toContain('viewBox="0 0 200 100"');
    expect(svg).toContain('role="img" aria-labelledby="demo-fig-title demo-fig-desc"');
    expect(svg).toContain(
      '<title id="demo-fig-title">Sensitivity &lt;&amp;&gt; &quot;specificity&quot;</title>',
    );
    expect(svg).toContain(
      '<desc id="demo-fig-desc">Alt text with &apos;quotes&apos; &amp; &lt;tags&gt;</desc>',
    );
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it('escapes text, rounds numbers to two decimals and skips non-finite elements', () => {
    expect(svg).toContain('>a &lt; b &amp; c &gt; &quot;d&quot;</text>');
    expect(svg).toContain('transform="rotate(-90 50 50)"');
    expect(svg).toContain('x2="10.12" y2="0"');
    expect(svg).toContain('points="0,0 0.33,0.67"');
    expect(svg).toContain('stroke-dasharray="4 2"');
    expect(svg).toContain('opacity="0.2"');
    expect(svg).toContain('<rect x="5" y="10" width="5" height="5" fill="#ffffff" stroke="none"');
    expect(svg.match(/<circle /g)).toHaveLength(1);
    expect(svg.match(/<line /g)).toHaveLength(1);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(svg).not.toMatch(/\d\.\d{3,}/);
  });

  it('is deterministic', () => {
    expect(figureToSvg(figure)).toBe(svg);
  });

  it('drops characters XML cannot hold', () => {
    expect(escapeXml('a\u0001b\u0007c')).toBe('abc');
  });
});

describe('figure data', () => {
  it('writes RFC 4180 CSV', () => {
    expect(figureDataToCsv(figure)).toBe(
      'label,value\r\nplain,0.3\r\n"a,b",\r\n"say ""hi""",\r\n"line\nbreak",0\r\n',
    );
  });

  it('writes an escaped HTML table with a caption', () => {
    const html = figureDataToHtmlTable(figure);
    expect(html).toContain('<caption>Sensitivity &lt;&amp;&gt; &quot;specificity&quot;</caption>');
    expect(html.match(/<th scope="col">/g)).toHaveLength(2);
    expect(html.match(/<tr>/g)).toHaveLength(5);
    expect(html).toContain('<td>say &quot;hi&quot;</td>');
    expect(html).toContain('<td class="num">0.3</td>');
    expect(html).not.toContain('NaN');
  });
});
