/**
 * Text for the standard 14 fonts must be in a single-byte encoding; WinAnsiEncoding (≈ Windows
 * code page 1252) covers Latin-1 plus typographic punctuation. Characters it lacks are spelled
 * out where a reader would expect that ("≤" → "<=", "α" → "alpha") and become "?" otherwise.
 */

// Unicode code points that WinAnsi places in 0x80–0x9F (where Latin-1 has control codes).
const WIN_ANSI_HIGH: ReadonlyMap<number, number> = new Map([
  [0x20ac, 0x80], // €
  [0x201a, 0x82], // ‚
  [0x0192, 0x83], // ƒ
  [0x201e, 0x84], // „
  [0x2026, 0x85], // …
  [0x2020, 0x86], // †
  [0x2021, 0x87], // ‡
  [0x02c6, 0x88], // ˆ
  [0x2030, 0x89], // ‰
  [0x0160, 0x8a], // Š
  [0x2039, 0x8b], // ‹
  [0x0152, 0x8c], // Œ
  [0x017d, 0x8e], // Ž
  [0x2018, 0x91], // ‘
  [0x2019, 0x92], // ’
  [0x201c, 0x93], // “
  [0x201d, 0x94], // ”
  [0x2022, 0x95], // •
  [0x2013, 0x96], // –
  [0x2014, 0x97], // —
  [0x02dc, 0x98], // ˜
  [0x2122, 0x99], // ™
  [0x0161, 0x9a], // š
  [0x203a, 0x9b], // ›
  [0x0153, 0x9c], // œ
  [0x017e, 0x9e], // ž
  [0x0178, 0x9f], // Ÿ
]);

const SPELLED_OUT: ReadonlyMap<string, string> = new Map([
  ['≤', '<='],
  ['≥', '>='],
  ['≠', '!='],
  ['≈', '~'],
  ['−', '-'], // minus sign
  ['‐', '-'],
  ['‑', '-'],
  ['→', '->'],
  ['←', '<-'],
  ['↔', '<->'],
  ['∞', 'infinity'],
  ['√', 'sqrt'],
  ['Δ', 'Delta'],
  ['α', 'alpha'],
  ['β', 'beta'],
  ['γ', 'gamma'],
  ['δ', 'delta'],
  ['ε', 'epsilon'],
  ['θ', 'theta'],
  ['κ', 'kappa'],
  ['λ', 'lambda'],
  ['μ', '\u00b5'], // Greek mu → micro sign, which WinAnsi has
  ['π', 'pi'],
  ['ρ', 'rho'],
  ['σ', 'sigma'],
  ['τ', 'tau'],
  ['φ', 'phi'],
  ['χ', 'chi'],
  ['ω', 'omega'],
  ['\u2009', ' '], // thin space
  ['\u202f', ' '], // narrow no-break space
  ['\u2002', ' '],
  ['\u2003', ' '],
  ['\u200b', ''], // zero-width space
  ['\t', ' '],
  ['\n', ' '],
  ['\r', ' '],
]);

/** WinAnsi code of one character, or undefined when WinAnsi has no such glyph. */
function winAnsiCode(codePoint: number): number | undefined {
  if (codePoint >= 0x20 && codePoint <= 0x7e) return codePoint;
  if (codePoint >= 0xa0 && codePoint <= 0xff) return codePoint;
  return WIN_ANSI_HIGH.get(codePoint);
}

/**
 * `text` as WinAnsi bytes, returned as a string of char codes 0x20–0xFF (one per byte).
 * Unknown characters become "?"; a surrogate pair counts as one character.
 */
export function toWinAnsi(text: string): string {
  let encoded = '';
  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0x3f;
    const code = winAnsiCode(codePoint);
    if (code !== undefined) {
      encoded += String.fromCharCode(code);
      continue;
    }
    const spelled = SPELLED_OUT.get(character);
    if (spelled === undefined) {
      encoded += '?';
      continue;
    }
    for (const part of spelled)
      encoded += String.fromCharCode(winAnsiCode(part.codePointAt(0) ?? 0x3f) ?? 0x3f);
  }
  return encoded;
}

/** Inverse of the 0x80–0x9F part of the encoding, for readers and tests. */
export function fromWinAnsi(encoded: string): string {
  const reverse = new Map<number, number>();
  for (const [unicode, code] of WIN_ANSI_HIGH) reverse.set(code, unicode);
  let text = '';
  for (let index = 0; index < encoded.length; index += 1) {
    const code = encoded.charCodeAt(index);
    text += String.fromCodePoint(reverse.get(code) ?? code);
  }
  return text;
}
