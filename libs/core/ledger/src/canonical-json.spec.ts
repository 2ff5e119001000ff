import { canonicalJson } from './canonical-json';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts object members by UTF-16 code units, recursively', () => {
    // RFC 8785 §3.2.3 example: keys sorted as UTF-16 code unit sequences, not by code point.
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const keys = Object.keys(JSON.parse(canonicalJson(input)) as object);
    // Object.keys puts integer-like keys first, so check the serialized order instead.
    const serializedOrder = canonicalJson(input).match(/"([^"]|\\")*":/g);
    expect(keys).toHaveLength(7);
    expect(serializedOrder).toEqual([
      '"\\r":',
      '"1":',
      '"\u0080":',
      '"\u00f6":',
      '"\u20ac":',
      '"\ud83d\ude00":',
      '"\ufb33":',
    ]);
  });

  it('reproduces the RFC 8785 §3.2.2 number and string example', () => {
    const input = {
      numbers: [Number('333333333.33333329'), 1e30, 4.5, 2e-3, 0.000000000000000000000000001],
      string: '\u20ac$\u000f\u000aA\'\u0042\u0022\u005c\\"/',
      literals: [null, true, false],
    };
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it.each([
    [0, '0'],
    [-0, '0'],
    [1, '1'],
    [-1.5, '-1.5'],
    [1e21, '1e+21'],
    [1e-7, '1e-7'],
    [123456789012345680000, '123456789012345680000'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
  ])('serializes the number %p as %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('drops undefined members and keeps null ones', () => {
    expect(canonicalJson({ b: undefined, a: null })).toBe('{"a":null}');
  });

  it('gives the same string for the same value whatever the key order', () => {
    expect(canonicalJson({ x: { b: 2, a: 1 }, y: [3] })).toBe(canonicalJson({ y: [3], x: { a: 1, b: 2 } }));
  });

  it('serializes dates as ISO-8601 UTC strings', () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)) })).toBe(
      '{"at":"2026-01-02T03:04:05.006Z"}',
    );
  });

  it.each([
    [{ a: Number.NaN }, '$.a: NaN has no JSON representation'],
    [[1, Number.POSITIVE_INFINITY], '$[1]: Infinity has no JSON representation'],
    [{ a: [undefined] }, '$.a[0]: a undefined has no JSON representation'],
    [{ a: 1n }, '$.a: a bigint has no JSON representation'],
    [{ a: new Map() }, '$.a: only plain objects can be canonicalized, got Map'],
  ])('refuses %p', (value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
  });
});
