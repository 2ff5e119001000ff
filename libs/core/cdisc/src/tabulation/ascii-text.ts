/**
 * Free text as an XPORT-safe value: Unicode compatibility-decomposed with combining marks removed
 * (`é` → `e`), remaining characters outside printable ASCII replaced by `?`, white space collapsed,
 * trimmed and cut to `max` characters (default 200, the XPORT v5 limit). Empty text becomes `null`.
 */
export function asciiText(value: string | null | undefined, max = 200): string | null {
  if (value === null || value === undefined) return null;
  const text = value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/gu, '?')
    .trim()
    .slice(0, max)
    .trimEnd();
  return text === '' ? null : text;
}
