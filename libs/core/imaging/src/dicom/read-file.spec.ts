import { fileLabel, parserFailureReason } from './read-file';
import { transferSyntaxName } from './transfer-syntax';

describe('fileLabel', () => {
  it('uses the name, or the 1-based position for unnamed and blank names', () => {
    expect(fileLabel({ name: 'a/b.dcm', bytes: new Uint8Array() }, 0)).toBe('a/b.dcm');
    expect(fileLabel({ bytes: new Uint8Array() }, 4)).toBe('file #5');
    expect(fileLabel({ name: '  ', bytes: new Uint8Array() }, 0)).toBe('file #1');
  });
});

describe('parserFailureReason', () => {
  it('unwraps what dicom-parser throws: strings, Errors and { exception } objects', () => {
    expect(parserFailureReason('dicomParser.readPart10Header: DICM prefix not found')).toBe(
      'DICM prefix not found',
    );
    expect(parserFailureReason({ exception: 'dicomParser:parseDicomDataSetExplicit: buffer overrun' })).toBe(
      'buffer overrun',
    );
    expect(
      parserFailureReason(new Error('dicomParser.readFixedString: attempt to read past end of buffer')),
    ).toBe('attempt to read past end of buffer');
    expect(parserFailureReason(42)).toBe('42');
  });
});

describe('transferSyntaxName', () => {
  it('names supported, refused and unknown transfer syntaxes', () => {
    expect(transferSyntaxName('1.2.840.10008.1.2')).toBe('Implicit VR Little Endian');
    expect(transferSyntaxName('1.2.840.10008.1.2.4.91')).toBe('JPEG 2000');
    expect(transferSyntaxName('9.9')).toBe('unknown transfer syntax');
    expect(transferSyntaxName('hasOwnProperty')).toBe('unknown transfer syntax');
  });
});
