/**
 * JSON Canonicalization Scheme (RFC 8785): the one byte string a JSON value hashes to,
 * so that a signature or a ledger entry does not depend on key order or number spelling.
 *
 * - object members sorted by their names' UTF-16 code units;
 * - numbers in ECMAScript shortest round-trip form (`Number.prototype.toString`), which is
 *   what RFC 8785 §3.2.2.3 prescribes; non-finite numbers are refused;
 * - strings escaped as `JSON.stringify` does (RFC 8785 §3.2.2.2 adopts the same rules);
 * - no insignificant whitespace.
 *
 * `undefined` members are dropped (as JSON.stringify does); `undefined`, functions, symbols
 * and bigints anywhere else are refused, because they have no JSON form and silently
 * dropping them would let two different records share a hash.
 *
 * @throws {TypeError} when the value contains something JSON cannot represent.
 * @example canonicalJson({ b: 1, a: [true, null, 1e21] }) // '{"a":[true,null,1e+21],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, '$');
}

function serialize(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} has no JSON representation`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? serializeArray(value, path) : serializeObject(value as object, path);
    default:
      // undefined, bigint, function, symbol
      throw new TypeError(`${path}: a ${typeof value} has no JSON representation`);
  }
}

function serializeArray(items: readonly unknown[], path: string): string {
  return `[${items.map((item, index) => serialize(item, `${path}[${index}]`)).join(',')}]`;
}

function serializeObject(object: object, path: string): string {
  if (object instanceof Date) return JSON.stringify(object.toISOString());
  const prototype = Object.getPrototypeOf(object) as unknown;
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError(`${path}: only plain objects can be canonicalized, got ${object.constructor.name}`);
  }
  const members = Object.entries(object)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${members.map(([name, member]) => `${JSON.stringify(name)}:${serialize(member, `${path}.${name}`)}`).join(',')}}`;
}
