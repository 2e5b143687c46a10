/** OSDP's two frame checks: CRC-16/AUG-CCITT and the 8-bit two's-complement checksum (OSDP §5.7, Annex B). */

/** CRC-16/AUG-CCITT lookup table for polynomial 0x1021, MSB-first (no reflection). */
const CRC_TABLE: Uint16Array = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let crc = n << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
    table[n] = crc & 0xffff;
  }
  return table;
})();

/** CRC-16/AUG-CCITT (init 0x1D0F, xorout 0) of `bytes[start, end)`; check value of "123456789" is 0xE5CC. */
export const crc16 = (bytes: Uint8Array, start = 0, end = bytes.length): number => {
  let crc = 0x1d0f;
  for (let i = start; i < end; i++)
    crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 8) ^ bytes[i]!) & 0xff]!) & 0xffff;
  return crc;
};

/** The 8-bit checksum: the two's complement of the byte sum of `bytes[start, end)`. */
export const checksum8 = (bytes: Uint8Array, start = 0, end = bytes.length): number => {
  let sum = 0;
  for (let i = start; i < end; i++) sum += bytes[i]!;
  return -sum & 0xff;
};
