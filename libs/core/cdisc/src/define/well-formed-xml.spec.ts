import { wellFormedXmlProblem } from './well-formed-xml';

describe('wellFormedXmlProblem (test support)', () => {
  it('accepts well-formed documents', () => {
    for (const xml of [
      '<a/>',
      '<?xml version="1.0"?>\n<a x="1" y=\'2\'><b>t &amp; &#38; &#x26;</b><!-- c --><?pi x?><![CDATA[<raw>]]></a>\n',
      '<p:a xmlns:p="urn:x"><p:b p:c="1" xml:lang="en"/></p:a>',
    ])
      expect(wellFormedXmlProblem(xml)).toBeNull();
  });

  it.each([
    ['<a><b></a>', 'end tag </a> does not match <b>'],
    ['<a>', '<a> is not closed'],
    ['</a>', 'end tag </a> without a start tag'],
    ['<a/><b/>', 'second root element <b>'],
    ['text<a/>', 'text outside the root element'],
    ['<a x=1/>', 'value of x in <a> is not quoted'],
    ['<a x="1/>', 'unterminated value of x in <a>'],
    ['<a x="1" x="2"/>', 'duplicate attribute x in <a>'],
    ['<a x="1"y="2"/>', 'missing space before an attribute in <a>'],
    ['<a x="<"/>', '"<" in the value of x in <a>'],
    ['<a>&nbsp;</a>', 'bad entity or unescaped &'],
    ['<a>a & b</a>', 'bad entity or unescaped &'],
    ['<a>a < b</a>', '"<" not starting a tag'],
    ['<a>\u0001</a>', 'forbidden character U+1'],
    ['<p:a/>', 'namespace prefix of p:a in <p:a> is not declared'],
    ['<a><!-- x </a>', 'unterminated comment'],
    ['', 'no root element'],
  ])('rejects %j', (xml, message) => {
    expect(wellFormedXmlProblem(xml)).toContain(message);
  });
});
