import { forbiddenXmlCharIndex } from './escape-xml';

const NAME = /[A-Za-z_:][A-Za-z0-9_.:-]*/y;
const SPACE = /[ \t\r\n]*/y;
const REFERENCE = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/y;

/**
 * A small XML 1.0 well-formedness check (W3C XML 1.0 5th ed. §2.1 and Namespaces in XML 1.0 §5), for
 * the specs of the Define-XML writer: an optional XML declaration, exactly one root element, tags
 * balanced and properly nested, attribute values quoted, no duplicate attribute, `<` never in
 * attribute values, only the predefined entities and character references, no forbidden control
 * characters, comments / processing instructions / CDATA closed, and every namespace prefix declared
 * in scope (`xml` predeclared). No DTD, no schema validation.
 *
 * @returns `null` when well-formed, else the first problem with its offset.
 */
export function wellFormedXmlProblem(xml: string): string | null {
  const forbidden = forbiddenXmlCharIndex(xml);
  if (forbidden >= 0)
    return `forbidden character U+${xml.charCodeAt(forbidden).toString(16)} at ${forbidden}`;
  let at = 0;
  const stack: { name: string; prefixes: Set<string> }[] = [];
  let roots = 0;
  const fail = (message: string) => `${message} at offset ${at}`;
  const name = (): string | null => {
    NAME.lastIndex = at;
    const match = NAME.exec(xml);
    if (!match) return null;
    at += match[0].length;
    return match[0];
  };
  const space = (): number => {
    SPACE.lastIndex = at;
    const length = (SPACE.exec(xml) as RegExpExecArray)[0].length;
    at += length;
    return length;
  };
  const references = (text: string, offset: number): string | null => {
    for (let index = text.indexOf('&'); index >= 0; index = text.indexOf('&', index + 1)) {
      REFERENCE.lastIndex = index;
      if (!REFERENCE.test(text)) return `bad entity or unescaped & at offset ${offset + index}`;
    }
    return null;
  };
  const declared = (prefix: string, local: Set<string>) =>
    prefix === 'xml' ||
    prefix === 'xmlns' ||
    local.has(prefix) ||
    stack.some((frame) => frame.prefixes.has(prefix));
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) return fail('unterminated XML declaration');
    at = end + 2;
  }
  while (at < xml.length) {
    const next = xml.indexOf('<', at);
    const text = xml.slice(at, next < 0 ? xml.length : next);
    if (stack.length === 0 && text.trim() !== '') return fail('text outside the root element');
    const bad = references(text, at);
    if (bad) return bad;
    if (text.includes(']]>')) return fail('"]]>" in text');
    if (next < 0) break;
    at = next;
    if (xml.startsWith('<!--', at)) {
      const end = xml.indexOf('-->', at + 4);
      if (end < 0) return fail('unterminated comment');
      at = end + 3;
    } else if (xml.startsWith('<![CDATA[', at)) {
      if (stack.length === 0) return fail('CDATA outside the root element');
      const end = xml.indexOf(']]>', at);
      if (end < 0) return fail('unterminated CDATA section');
      at = end + 3;
    } else if (xml.startsWith('<?', at)) {
      const end = xml.indexOf('?>', at);
      if (end < 0) return fail('unterminated processing instruction');
      at = end + 2;
    } else if (xml.startsWith('<!', at)) {
      return fail('DOCTYPE and other declarations are not supported');
    } else if (xml.startsWith('</', at)) {
      at += 2;
      const tag = name();
      if (tag === null) return fail('end tag without a name');
      space();
      if (xml[at] !== '>') return fail(`end tag </${tag}> not closed by ">"`);
      at += 1;
      const top = stack.pop();
      if (!top) return fail(`end tag </${tag}> without a start tag`);
      if (top.name !== tag) return fail(`end tag </${tag}> does not match <${top.name}>`);
    } else {
      at += 1;
      const tag = name();
      if (tag === null) return fail('"<" not starting a tag (escape it as &lt;)');
      if (stack.length === 0 && roots++ > 0) return fail(`second root element <${tag}>`);
      const seen = new Set<string>();
      const prefixes = new Set<string>();
      const used: string[] = [tag];
      for (;;) {
        const gap = space();
        if (xml.startsWith('/>', at) || xml[at] === '>') break;
        if (gap === 0) return fail(`missing space before an attribute in <${tag}>`);
        const attribute = name();
        if (attribute === null) return fail(`bad attribute name in <${tag}>`);
        if (seen.has(attribute)) return fail(`duplicate attribute ${attribute} in <${tag}>`);
        seen.add(attribute);
        space();
        if (xml[at] !== '=') return fail(`attribute ${attribute} in <${tag}> without "="`);
        at += 1;
        space();
        const quote = xml[at];
        if (quote !== '"' && quote !== "'") return fail(`value of ${attribute} in <${tag}> is not quoted`);
        const end = xml.indexOf(quote, at + 1);
        if (end < 0) return fail(`unterminated value of ${attribute} in <${tag}>`);
        const value = xml.slice(at + 1, end);
        if (value.includes('<')) return fail(`"<" in the value of ${attribute} in <${tag}>`);
        const badValue = references(value, at + 1);
        if (badValue) return badValue;
        at = end + 1;
        if (attribute.startsWith('xmlns:')) prefixes.add(attribute.slice(6));
        else if (attribute !== 'xmlns') used.push(attribute);
      }
      for (const qualified of used) {
        const colon = qualified.indexOf(':');
        if (colon >= 0 && !declared(qualified.slice(0, colon), prefixes))
          return fail(`namespace prefix of ${qualified} in <${tag}> is not declared`);
      }
      if (xml.startsWith('/>', at)) at += 2;
      else {
        at += 1;
        stack.push({ name: tag, prefixes });
      }
    }
  }
  if (stack.length > 0) return fail(`<${(stack[stack.length - 1] as { name: string }).name}> is not closed`);
  if (roots === 0) return fail('no root element');
  return null;
}
