/** Reading a trial definition document before it is sent, and pointing at what the API refused. */

export type ParsedDefinition =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly error: string };

export function parseDefinition(text: string): ParsedDefinition {
  if (!text.trim()) return { ok: false, error: 'Paste or upload the trial definition (JSON).' };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, error: 'The trial definition must be a JSON object.' };
    }
    return { ok: true, value: value as Record<string, unknown> };
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${(error as Error).message}` };
  }
}

/**
 * Splits an issue path as the API writes it (`protocol.interimPlan.looks[1].informationFraction`,
 * `sites[0]["site name"]`) into its keys and indexes.
 */
export function pathSegments(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (let match = pattern.exec(path); match; match = pattern.exec(path)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(match[3].replace(/\\(.)/g, '$1'));
  }
  return segments;
}

/** The value at an issue path in the document, as short JSON; "(absent)" when there is none. */
export function valueAt(document: unknown, path: string): string {
  if (path === 'body' || path === '') return '(the whole document)';
  let current: unknown = document;
  for (const segment of pathSegments(path)) {
    if (current === null || typeof current !== 'object') return '(absent)';
    current = (current as Record<string | number, unknown>)[segment];
  }
  if (current === undefined) return '(absent)';
  const json = JSON.stringify(current);
  return json.length > 120 ? `${json.slice(0, 117)}…` : json;
}

/** The top-level section of a path (`protocol.primaryEndpoint`, `sites`, `code`), to group errors. */
export function sectionOf(path: string): string {
  const [first, second] = pathSegments(path);
  if (first === 'protocol' && typeof second === 'string') return `protocol.${second}`;
  return typeof first === 'string' ? first : 'document';
}
