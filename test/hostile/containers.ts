// Heads of containers distill-audit does not read: the format is told by these magic bytes
// (bzip2 "BZh" and a block size, xz FD 37 7A 58 5A 00, zip "PK\x03\x04"); the rest is filler, as
// Node has no bzip2 or xz encoder.
const FILLER = Buffer.from('not read past the head '.repeat(8));

export const bzip2Like = (): Buffer => Buffer.concat([Buffer.from('BZh91AY&SY', 'latin1'), FILLER]);
export const xzLike = (): Buffer => Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04]), FILLER]);
export const zipLike = (): Buffer => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), FILLER]);
