/**
 * Index of the first character XML 1.0 does not allow at all (§2.2 `Char`): C0 controls other than
 * tab, line feed and carriage return, U+FFFE/U+FFFF and unpaired surrogates; -1 when there is none.
 * No escape makes them legal. (A loop over code units: a regular expression would need control
 * characters in its source.)
 */
export function forbiddenXmlCharIndex(value: string): number {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20) {
      if (code !== 0x09 && code !== 0x0a && code !== 0x0d) return index;
    } else if (code === 0xfffe || code === 0xffff) return index;
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(index + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return index;
      index += 1;
    } else if (code >= 0xdc00 && code <= 0xdfff) return index;
  }
  return -1;
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/**
 * Escapes text for XML 1.0 (W3C XML 1.0 5th ed., §2.4 and §3.3.3): `&`, `<`, `>`, `"` and `'` become
 * the predefined entities, so the result is safe both as element content and inside a quoted
 * attribute. With `attribute`, tab, line feed and carriage return become character references too,
 * because a parser would otherwise normalize them to spaces (§3.3.3); in element content they are kept.
 *
 * @param where Names the value in the error message, e.g. `ItemDef IT.DM.AGE Description`.
 * @throws RangeError for a character XML 1.0 forbids (control characters, U+FFFE/U+FFFF, lone
 *   surrogates), naming `where`, the position and the code point.
 */
export function escapeXml(value: string, where: string, attribute = false): string {
  const bad = forbiddenXmlCharIndex(value);
  if (bad >= 0) {
    const code = value.charCodeAt(bad).toString(16).toUpperCase().padStart(4, '0');
    throw new RangeError(
      `${where}: character U+${code} at position ${bad} is not allowed in XML 1.0 ` +
        '(control characters other than tab, line feed and carriage return cannot be written)',
    );
  }
  return value.replace(attribute ? /[&<>"'\t\n\r]/g : /[&<>"']/g, (char) => ENTITIES[char] as string);
}
