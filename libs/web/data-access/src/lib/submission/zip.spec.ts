import { crc32, zipStore } from './zip';

function readBytes(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(blob);
  });
}

describe('zip', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('stores each file unchanged with local headers, a central directory and its end record', async () => {
    const encoder = new TextEncoder();
    const entries = [
      { path: 'pkg/manifest.json', data: encoder.encode('{"a":1}\n') },
      { path: 'pkg/datasets/sdtm/dm.xpt', data: new Uint8Array([0, 1, 2, 255]) },
    ];
    const blob = zipStore(entries, new Date(2026, 10, 28, 5, 9, 56));
    expect(blob.type).toBe('application/zip');
    const bytes = await readBytes(blob);
    const view = new DataView(bytes.buffer);
    // first local header
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint16(8, true)).toBe(0); // stored
    expect(view.getUint32(14, true)).toBe(crc32(encoder.encode('{"a":1}\n')));
    expect(view.getUint32(18, true)).toBe(8);
    const nameLength = view.getUint16(26, true);
    expect(new TextDecoder().decode(bytes.subarray(30, 30 + nameLength))).toBe('pkg/manifest.json');
    expect(new TextDecoder().decode(bytes.subarray(30 + nameLength, 30 + nameLength + 8))).toBe('{"a":1}\n');
    // end of central directory: two entries, directory right after the data
    const end = bytes.length - 22;
    expect(view.getUint32(end, true)).toBe(0x06054b50);
    expect(view.getUint16(end + 10, true)).toBe(2);
    const directoryOffset = view.getUint32(end + 16, true);
    expect(view.getUint32(directoryOffset, true)).toBe(0x02014b50);
    expect(directoryOffset + view.getUint32(end + 12, true)).toBe(end);
    // the second entry's data where its central record points
    const second = directoryOffset + 46 + 'pkg/manifest.json'.length;
    expect(view.getUint32(second, true)).toBe(0x02014b50);
    const localOffset = view.getUint32(second + 42, true);
    const dataStart = localOffset + 30 + 'pkg/datasets/sdtm/dm.xpt'.length;
    expect([...bytes.subarray(dataStart, dataStart + 4)]).toEqual([0, 1, 2, 255]);
  });
});
