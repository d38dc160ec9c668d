// How an ID number is shown when it must not be read in full (--mask-id, the terminal, findings).
// Here, below every folder, because the findings (issues/) that io/ and schema/ raise mask the
// IDs they quote: with this in schema/ the folders io → issues → schema → io formed a loop.

/** A value shaped like an ID number (18 characters, or an old 15-digit one): mask it when shown. */
export function looksLikeId(value: string): boolean {
  return /^(\d{15}|\d{17}[\dXx])$/.test(value);
}

/** 321302********1234: region code and the last four, never the birth date. */
export function maskId(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}
