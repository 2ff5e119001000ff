import { escapeXml, forbiddenXmlCharIndex } from './escape-xml';

describe('escapeXml', () => {
  it('escapes the five predefined entities in content and attributes', () => {
    expect(escapeXml(`a & b < c > d " e ' f`, 'x')).toBe('a &amp; b &lt; c &gt; d &quot; e &apos; f');
    expect(escapeXml('&amp;', 'x')).toBe('&amp;amp;'); // no double-escape detection: text is text
  });

  it('keeps tab and line breaks in content and writes them as references in attributes', () => {
    expect(escapeXml('a\tb\nc\rd', 'x')).toBe('a\tb\nc\rd');
    expect(escapeXml('a\tb\nc\rd', 'x', true)).toBe('a&#9;b&#10;c&#13;d');
  });

  it('keeps non-ASCII text and surrogate pairs', () => {
    expect(escapeXml('≥ 18 µg — 😀', 'x')).toBe('≥ 18 µg — 😀');
  });

  it.each([
    ['\u0000', 'U+0000'],
    ['ok\u001F', 'U+001F'],
    ['\u000B', 'U+000B'],
    ['\uFFFE', 'U+FFFE'],
    ['x\uD800y', 'U+D800'],
    ['\uDC00', 'U+DC00'],
  ])('refuses %j naming where, position and code point', (value, code) => {
    expect(() => escapeXml(value, 'ItemDef IT.DM.AGE Description')).toThrow(
      new RegExp(`^ItemDef IT\\.DM\\.AGE Description: character ${code.replace('+', '\\+')} at position \\d`),
    );
    expect(forbiddenXmlCharIndex(value)).toBeGreaterThanOrEqual(0);
  });

  it('finds the first forbidden character', () => {
    expect(forbiddenXmlCharIndex('abc')).toBe(-1);
    expect(forbiddenXmlCharIndex('ab\u0001c\u0002')).toBe(2);
    expect(forbiddenXmlCharIndex('😀\uD83D')).toBe(2);
  });
});
