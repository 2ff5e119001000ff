/** Transfer syntaxes whose pixel data this decoder reads: uncompressed, little endian. */
export const SUPPORTED_TRANSFER_SYNTAXES = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
} as const;

/** A UID from {@link SUPPORTED_TRANSFER_SYNTAXES}. */
export type SupportedTransferSyntax = keyof typeof SUPPORTED_TRANSFER_SYNTAXES;

/**
 * Names of transfer syntaxes that are refused, so the message says "JPEG 2000" rather than only a
 * UID. From DICOM PS3.6 Annex A; the list need not be complete, unknown UIDs are refused too.
 */
const REFUSED_TRANSFER_SYNTAX_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
    '1.2.840.10008.1.2.2': 'Explicit VR Big Endian (retired)',
    '1.2.840.10008.1.2.4.50': 'JPEG Baseline (Process 1)',
    '1.2.840.10008.1.2.4.51': 'JPEG Extended (Process 2 & 4)',
    '1.2.840.10008.1.2.4.57': 'JPEG Lossless, Non-Hierarchical (Process 14)',
    '1.2.840.10008.1.2.4.70': 'JPEG Lossless, Non-Hierarchical, First-Order Prediction',
    '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
    '1.2.840.10008.1.2.4.81': 'JPEG-LS Lossy (Near-Lossless)',
    '1.2.840.10008.1.2.4.90': 'JPEG 2000 (Lossless Only)',
    '1.2.840.10008.1.2.4.91': 'JPEG 2000',
    '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000 (Lossless Only)',
    '1.2.840.10008.1.2.4.202': 'High-Throughput JPEG 2000 with RPCL Options (Lossless Only)',
    '1.2.840.10008.1.2.4.203': 'High-Throughput JPEG 2000',
    '1.2.840.10008.1.2.5': 'RLE Lossless',
    '1.2.840.10008.1.2.4.100': 'MPEG2 Main Profile / Main Level',
    '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 High Profile / Level 4.1',
  }),
);

export function isSupportedTransferSyntax(uid: string): uid is SupportedTransferSyntax {
  return Object.prototype.hasOwnProperty.call(SUPPORTED_TRANSFER_SYNTAXES, uid);
}

/** A readable name for a transfer syntax UID, or `unknown transfer syntax`. */
export function transferSyntaxName(uid: string): string {
  if (isSupportedTransferSyntax(uid)) return SUPPORTED_TRANSFER_SYNTAXES[uid];
  return REFUSED_TRANSFER_SYNTAX_NAMES.get(uid) ?? 'unknown transfer syntax';
}
