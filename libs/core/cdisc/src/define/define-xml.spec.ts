import { DEFINE_FIXTURE } from '@prospect/fixtures/cdisc/define/define-input';
import fixture from '@prospect/fixtures/cdisc/define/define-xml.json';
import type { Dataset } from '../model';
import type { DefineInput } from './define-input';
import { DefineXmlError, defineXml } from './define-xml';
import { wellFormedXmlProblem } from './well-formed-xml';

/** Attributes of every start tag named `tag`, in document order (the output is one tag per line). */
function tags(xml: string, tag: string): Record<string, string>[] {
  const pattern = new RegExp(`<${tag}((?:\\s+[\\w:.-]+="[^"]*")*)\\s*/?>`, 'g');
  return Array.from(xml.matchAll(pattern), (match) =>
    Object.fromEntries(
      Array.from((match[1] as string).matchAll(/([\w:.-]+)="([^"]*)"/g), (a) => [a[1], a[2]]),
    ),
  );
}

/** The text of the element `<tag … OID="oid">…</tag>`. */
function element(xml: string, tag: string, oid: string): string {
  const start = xml.indexOf(`<${tag} OID="${oid}"`);
  if (start < 0) throw new Error(`no <${tag} OID="${oid}">`);
  const end = xml.indexOf(`</${tag}>`, start);
  const selfClosed = xml.indexOf('/>', start);
  return xml.slice(
    start,
    end < 0 || (selfClosed >= 0 && selfClosed < xml.indexOf('>', start) + 1) ? selfClosed + 2 : end,
  );
}

const xml = defineXml(DEFINE_FIXTURE);

/** A minimal valid input, edited per test. */
function minimal(): DefineInput {
  const dataset: Dataset = {
    name: 'DM',
    label: 'Demographics',
    variables: [
      { name: 'USUBJID', label: 'Subject', type: 'Char' },
      { name: 'AGE', label: 'Age', type: 'Num' },
    ],
    rows: [['S1', 40]],
  };
  return {
    fileOID: 'F',
    study: { oid: 'S', name: 'S', description: 'd', protocolName: 'P' },
    metaDataVersion: { oid: 'M', name: 'M' },
    standards: [{ name: 'SDTMIG', type: 'IG', version: '3.4' }],
    datasets: [
      {
        dataset,
        purpose: 'Tabulation',
        standard: 'SDTMIG',
        structure: 'One record per subject',
        class: 'SPECIAL PURPOSE',
        repeating: false,
        keys: ['USUBJID'],
      },
    ],
  };
}

function problems(input: DefineInput): string[] {
  try {
    defineXml(input);
  } catch (error) {
    if (error instanceof DefineXmlError) return [...error.problems];
    throw error;
  }
  throw new Error('defineXml accepted the input');
}

describe('defineXml (Define-XML 2.1)', () => {
  it('reproduces the committed fixture define.xml byte for byte (xmllint --noout accepted it)', () => {
    expect(xml).toBe(fixture.xml);
  });

  it('is well-formed, with the ODM 1.3.2 root, the def v2.1 and xlink namespaces and a 2.1.x version', () => {
    expect(wellFormedXmlProblem(xml)).toBeNull();
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<ODM ')).toBe(true);
    const [odm] = tags(xml, 'ODM');
    expect(odm).toMatchObject({
      xmlns: 'http://www.cdisc.org/ns/odm/v1.3',
      'xmlns:def': 'http://www.cdisc.org/ns/def/v2.1',
      'xmlns:xlink': 'http://www.w3.org/1999/xlink',
      ODMVersion: '1.3.2',
      FileType: 'Snapshot',
      FileOID: 'DEFINE.PRO-001',
      CreationDateTime: '2025-03-01T10:00:00',
      'def:Context': 'Submission',
    });
    expect(tags(xml, 'MetaDataVersion')[0]).toMatchObject({ 'def:DefineVersion': '2.1.7' });
    expect(xml).toContain('<StudyName>PRO-001</StudyName>');
    expect(xml).toContain('<ProtocolName>PRO-001</ProtocolName>');
    expect(xml).toContain(
      '<StudyDescription>A phase II study of Drug A vs. placebo in adults ≥ 18 (investigator&apos;s choice arm)</StudyDescription>',
    );
  });

  it('writes the standards with OIDs that datasets and codelists reference', () => {
    expect(tags(xml, 'def:Standard')).toEqual([
      { OID: 'STD.SDTMIG', Name: 'SDTMIG', Type: 'IG', Version: '3.4', Status: 'Final' },
      { OID: 'STD.ADaMIG', Name: 'ADaMIG', Type: 'IG', Version: '1.3', Status: 'Final' },
      {
        OID: 'STD.CT.SDTM',
        Name: 'CDISC/NCI',
        Type: 'CT',
        PublishingSet: 'SDTM',
        Version: '2024-03-29',
        Status: 'Final',
      },
    ]);
  });

  it('writes one ItemGroupDef per dataset with its attributes, class, leaf and ItemRefs', () => {
    const groups = tags(xml, 'ItemGroupDef');
    expect(groups).toEqual([
      {
        OID: 'IG.DM',
        Domain: 'DM',
        Name: 'DM',
        SASDatasetName: 'DM',
        Repeating: 'No',
        IsReferenceData: 'No',
        Purpose: 'Tabulation',
        'def:Structure': 'One record per subject',
        'def:StandardOID': 'STD.SDTMIG',
        'def:ArchiveLocationID': 'LF.DM',
      },
      expect.objectContaining({ OID: 'IG.ADSL', Purpose: 'Analysis', 'def:StandardOID': 'STD.ADaMIG' }),
      expect.objectContaining({ OID: 'IG.ADTTE', Repeating: 'Yes', 'def:CommentOID': 'COM.ADTTE' }),
    ]);
    expect(groups[1]).not.toHaveProperty('Domain');
    const adtte = element(xml, 'ItemGroupDef', 'IG.ADTTE');
    expect(adtte).toContain('<TranslatedText xml:lang="en">Time-to-Event Analysis Dataset</TranslatedText>');
    expect(adtte).toMatch(
      /<def:Class Name="BASIC DATA STRUCTURE">\s*<def:SubClass Name="TIME-TO-EVENT"\/>\s*<\/def:Class>/,
    );
    expect(adtte).toMatch(
      /<def:leaf ID="LF.ADTTE" xlink:href="adtte.xpt">\s*<def:title>adtte.xpt<\/def:title>/,
    );
    expect(element(xml, 'ItemGroupDef', 'IG.DM')).toContain('<def:Class Name="SPECIAL PURPOSE"/>');
    expect(tags(adtte, 'ItemRef')).toEqual([
      { ItemOID: 'IT.ADTTE.USUBJID', OrderNumber: '1', Mandatory: 'Yes', KeySequence: '1' },
      { ItemOID: 'IT.ADTTE.PARAMCD', OrderNumber: '2', Mandatory: 'Yes', KeySequence: '2' },
      { ItemOID: 'IT.ADTTE.AVAL', OrderNumber: '3', Mandatory: 'No', MethodOID: 'MT.AVAL' },
      { ItemOID: 'IT.ADTTE.CNSR', OrderNumber: '4', Mandatory: 'No' },
    ]);
    expect(tags(element(xml, 'ItemGroupDef', 'IG.DM'), 'ItemRef')[0]).toEqual({
      ItemOID: 'IT.DM.STUDYID',
      OrderNumber: '1',
      Mandatory: 'Yes',
      KeySequence: '1',
      Role: 'Identifier',
    });
    // Structural order of Define-XML 2.1: Description, ItemRef*, def:Class, def:leaf.
    const order = ['<Description>', '<ItemRef ', '<def:Class ', '<def:leaf '].map((tag) =>
      adtte.indexOf(tag),
    );
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('writes every variable of every dataset as an ItemDef referenced by exactly one ItemRef', () => {
    const items = tags(xml, 'ItemDef');
    const expected = DEFINE_FIXTURE.datasets.flatMap(({ dataset }) =>
      dataset.variables.map((variable) => `IT.${dataset.name}.${variable.name}`),
    );
    expect(items.map((item) => item.OID)).toEqual(expected);
    expect(tags(xml, 'ItemRef').map((ref) => ref.ItemOID)).toEqual(expected);
    for (const { dataset } of DEFINE_FIXTURE.datasets) {
      for (const variable of dataset.variables) {
        const item = items.find((candidate) => candidate.OID === `IT.${dataset.name}.${variable.name}`);
        expect(item).toMatchObject({ Name: variable.name, SASFieldName: variable.name });
        expect(element(xml, 'ItemDef', `IT.${dataset.name}.${variable.name}`)).toContain(
          `<TranslatedText xml:lang="en">${variable.label}</TranslatedText>`,
        );
      }
    }
  });

  it('derives DataType, Length and SignificantDigits from the data and writes formats and origins', () => {
    const item = (oid: string) => tags(xml, 'ItemDef').find((candidate) => candidate.OID === oid);
    expect(item('IT.DM.STUDYID')).toMatchObject({ DataType: 'text', Length: '7' }); // longest value
    expect(item('IT.DM.DOMAIN')).toMatchObject({ DataType: 'text', Length: '2' }); // declared length
    expect(item('IT.DM.RFSTDTC')).toEqual({
      OID: 'IT.DM.RFSTDTC',
      Name: 'RFSTDTC',
      SASFieldName: 'RFSTDTC',
      DataType: 'datetime',
    });
    expect(item('IT.DM.AGE')).toMatchObject({ DataType: 'integer', Length: '2' });
    expect(item('IT.ADSL.TRTSDT')).toMatchObject({
      DataType: 'integer',
      Length: '5',
      'def:DisplayFormat': 'DATE9.',
    });
    expect(item('IT.ADSL.BMIBL')).toMatchObject({
      DataType: 'float',
      Length: '4',
      SignificantDigits: '1',
      'def:DisplayFormat': '8.1',
    });
    expect(item('IT.ADTTE.AVAL')).toMatchObject({ DataType: 'float', Length: '4', SignificantDigits: '1' });
    expect(item('IT.DM.ARM')).toMatchObject({ 'def:CommentOID': 'COM.ARM' });
    expect(element(xml, 'ItemDef', 'IT.DM.SEX')).toMatch(
      /<CodeListRef CodeListOID="CL.SEX"\/>\s*<def:Origin Type="Collected" Source="Subject"\/>/,
    );
    expect(element(xml, 'ItemDef', 'IT.ADSL.AGE')).toMatch(
      /<def:Origin Type="Predecessor">\s*<Description>\s*<TranslatedText xml:lang="en">DM.AGE<\/TranslatedText>/,
    );
  });

  it('writes codelists (decoded and enumerated, NCI aliases, extended values), methods and comments', () => {
    expect(tags(xml, 'CodeList')).toEqual([
      { OID: 'CL.SEX', Name: 'Sex', DataType: 'text', 'def:StandardOID': 'STD.CT.SDTM' },
      { OID: 'CL.NY', Name: 'No Yes Response', DataType: 'text', 'def:StandardOID': 'STD.CT.SDTM' },
      { OID: 'CL.CNSR', Name: 'Censoring', DataType: 'integer' },
    ]);
    const sex = element(xml, 'CodeList', 'CL.SEX');
    expect(sex).toMatch(
      /<CodeListItem CodedValue="F" OrderNumber="1">\s*<Decode>\s*<TranslatedText xml:lang="en">Female<\/TranslatedText>\s*<\/Decode>\s*<Alias Context="nci:ExtCodeID" Name="C16576"\/>/,
    );
    expect(sex).toMatch(/<\/CodeListItem>\s*<Alias Context="nci:ExtCodeID" Name="C66731"\/>\s*$/);
    expect(element(xml, 'CodeList', 'CL.NY')).toMatch(
      /<EnumeratedItem CodedValue="N">\s*<Alias Context="nci:ExtCodeID" Name="C49487"\/>\s*<\/EnumeratedItem>/,
    );
    expect(tags(xml, 'CodeListItem')).toContainEqual({ CodedValue: '1', 'def:ExtendedValue': 'Yes' });
    expect(tags(xml, 'MethodDef')).toEqual([
      { OID: 'MT.RFSTDTC', Name: 'Algorithm to derive RFSTDTC', Type: 'Computation' },
      { OID: 'MT.SAFFL', Name: 'Algorithm to derive SAFFL', Type: 'Computation' },
      { OID: 'MT.TRTSDT', Name: 'Algorithm to derive TRTSDT', Type: 'Imputation' },
      { OID: 'MT.AVAL', Name: 'AVAL', Type: 'Computation' },
    ]);
    expect(element(xml, 'MethodDef', 'MT.SAFFL')).toContain('&apos;Y&apos; if the subject received ≥ 1 dose');
    expect(tags(xml, 'def:CommentDef').map((comment) => comment.OID)).toEqual(['COM.ARM', 'COM.ADTTE']);
    // Every OID reference resolves to a definition in the document.
    const defined = new Set(Array.from(xml.matchAll(/ (?:OID|ID)="([^"]+)"/g), (match) => match[1]));
    const references = Array.from(
      xml.matchAll(
        / (?:ItemOID|CodeListOID|MethodOID|def:CommentOID|def:StandardOID|def:ArchiveLocationID)="([^"]+)"/g,
      ),
      (match) => match[1],
    );
    expect(references.length).toBeGreaterThan(30);
    expect(references.filter((reference) => !defined.has(reference))).toEqual([]);
  });

  it('escapes &, <, >, " and \' in text and attributes', () => {
    const input = minimal();
    const entry = input.datasets[0] as DefineInput['datasets'][number];
    entry.dataset.label = `Tom & Jerry <"quoted"> 'x'`;
    entry.structure = `a & b < c > d " e ' f`;
    entry.variables = { AGE: { origin: { type: 'Collected', description: 'x\ty\nz' } } };
    const out = defineXml(input);
    expect(wellFormedXmlProblem(out)).toBeNull();
    expect(out).toContain('def:Structure="a &amp; b &lt; c &gt; d &quot; e &apos; f"');
    expect(out).toContain('>Tom &amp; Jerry &lt;&quot;quoted&quot;&gt; &apos;x&apos;</TranslatedText>');
    expect(out).toContain('>x\ty\nz</TranslatedText>'); // kept as is in element content
    input.study.description = 'a\nb';
    input.metaDataVersion.description = 'line 1\nline 2\ttab';
    expect(defineXml(input)).toContain('Description="line 1&#10;line 2&#9;tab"'); // not normalized away
  });

  it('refuses control characters with a clear message', () => {
    const input = minimal();
    input.study.name = 'bad\u0007bell';
    expect(() => defineXml(input)).toThrow(
      'Study StudyName: character U+0007 at position 3 is not allowed in XML 1.0',
    );
    const attribute = minimal();
    (attribute.datasets[0] as DefineInput['datasets'][number]).structure = 'x\u0000';
    expect(() => defineXml(attribute)).toThrow(/ItemGroupDef IG.DM @def:Structure: character U\+0000/);
  });

  it('refuses a CodeListRef, MethodOID, comment or standard that is not defined', () => {
    const input = minimal();
    const entry = input.datasets[0] as DefineInput['datasets'][number];
    entry.standard = 'ADaMIG';
    entry.comment = 'NOPE';
    entry.variables = { USUBJID: { codeList: 'MISSING' }, AGE: { method: 'AGE' } };
    expect(() => defineXml(input)).toThrow(DefineXmlError);
    expect(problems(input)).toEqual([
      'DM: standard "ADaMIG" is not defined in standards',
      'DM: comment "NOPE" is not defined in comments',
      'DM.USUBJID: CodeListRef to "MISSING", which is not defined in codeLists',
      'DM.AGE: MethodOID refers to "AGE", which is not defined in methods',
    ]);
    expect(() => defineXml(input)).toThrow(/^Cannot write Define-XML \(4 problems\):\n- DM: standard/);
  });

  it('refuses inconsistent metadata, listing every problem', () => {
    const input = minimal();
    const entry = input.datasets[0] as DefineInput['datasets'][number];
    entry.keys = ['USUBJID', 'SUBJID', 'USUBJID'];
    entry.variables = {
      NOTHERE: {},
      USUBJID: { dataType: 'integer', codeList: 'NY' },
      AGE: { dataType: 'date', length: 8, origin: { type: 'Predecessor' } },
    };
    input.metaDataVersion.defineVersion = '2.0.0';
    input.codeLists = [
      { name: 'NY', dataType: 'text', items: [{ codedValue: 'N', decode: 'No' }, { codedValue: 'Y' }] },
      { name: 'NY', dataType: 'integer', items: [{ codedValue: 'x' }, { codedValue: 'x' }] },
      { name: 'BAD NAME', dataType: 'text', items: [] },
    ];
    expect(problems(input)).toEqual([
      'def:DefineVersion "2.0.0" is not 2.1.x',
      'CodeList "NY" is defined twice',
      'CodeList "BAD NAME": the name is used in an OID and may only hold A–Z, a–z, 0–9, ".", "_", "-"',
      'DM: key variable SUBJID is not a variable of the dataset',
      'DM: key variable USUBJID is listed twice',
      'DM: metadata given for NOTHERE, which is not a variable of the dataset',
      'DM.USUBJID: DataType integer does not fit a Char variable (text, date, datetime and time are Char; integer and float are Num)',
      "DM.USUBJID: DataType integer differs from codelist NY's DataType text",
      'DM.AGE: DataType date does not fit a Num variable (text, date, datetime and time are Char; integer and float are Num)',
      'DM.AGE: Length is only written for text, integer and float (not date)',
      'DM.AGE: a Predecessor origin needs a description naming the predecessor variable',
      'CodeList NY: 1 of 2 items have a decode (give all or none)',
      'CodeList NY: coded value "x" is not an integer',
      'CodeList NY: coded value "x" is not an integer',
      'CodeList NY: a coded value is listed twice',
      'CodeList BAD NAME has no items',
    ]);
  });

  it('refuses DataType integer for fractional data and derives float otherwise', () => {
    const input = minimal();
    const entry = input.datasets[0] as DefineInput['datasets'][number];
    entry.dataset.rows = [
      ['S1', 40.25],
      ['S2', 1.5e-7],
      ['S3', null],
    ];
    expect(tags(defineXml(input), 'ItemDef')[1]).toMatchObject({
      DataType: 'float',
      Length: '10', // 2 whole digits + 8 decimals (0.00000015)
      SignificantDigits: '8',
    });
    entry.variables = { AGE: { dataType: 'integer' } };
    expect(problems(input)).toEqual(['DM.AGE: DataType integer but the data hold non-integer values']);
  });

  it('is deterministic and writes no timestamp unless given', () => {
    const input = minimal();
    const first = defineXml(input);
    expect(defineXml(input)).toBe(first);
    expect(first).not.toContain('CreationDateTime');
    expect(defineXml({ ...input, creationDateTime: '2025-01-02T03:04:05' })).toContain(
      'CreationDateTime="2025-01-02T03:04:05"',
    );
    expect(first).toContain('def:DefineVersion="2.1.7"');
  });
});
