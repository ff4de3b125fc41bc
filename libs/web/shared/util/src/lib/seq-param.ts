/** A positive integer from the `seq` query parameter of `/inbox/:id?seq=N`, or null. */
export function parseSeq(value: string | undefined | null): number | null {
  if (!value || !/^\d{1,9}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}
