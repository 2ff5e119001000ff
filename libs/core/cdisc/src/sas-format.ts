/** A SAS format split into the namestr fields of XPORT (`nform`, `nfl`, `nfd`). */
export interface ParsedSasFormat {
  /** Format name, e.g. `DATE`, `E8601DT`, `$CHAR` (at most 8 characters in XPORT v5). */
  name: string;
  /** Width, 0 when not given. */
  width: number;
  /** Decimals, 0 when not given. */
  decimals: number;
}

// SAS format names cannot end in a digit; the width follows, then '.', then decimals.
const FORMAT = /^(\$?[A-Z_](?:[A-Z0-9_]*[A-Z_])?)?(\d*)\.(\d*)$/;

/**
 * Parses a SAS format reference (`DATE9.`, `E8601DT.`, `8.2`, `$CHAR20.`) per the SAS language
 * rules for format names (letters, digits, `_`, optional leading `$`, not ending in a digit).
 * Returns `undefined` if the text is not a format reference; upper-cases nothing.
 */
export function parseSasFormat(format: string): ParsedSasFormat | undefined {
  const match = FORMAT.exec(format);
  if (!match) return undefined;
  const [, name = '', width = '', decimals = ''] = match;
  return { name, width: width === '' ? 0 : Number(width), decimals: decimals === '' ? 0 : Number(decimals) };
}
