// A test that cannot run here says why, once, on stderr: a skip must never look like a pass.
const told = new Set<string>();

/** True when the tests needing it must be skipped; prints `reason` (what is missing and how to get it) once. */
export function missing(absent: boolean, reason: string): boolean {
  if (absent && !told.has(reason)) {
    told.add(reason);
    process.stderr.write(`[ado2entra tests] skipped: ${reason}\n`);
  }
  return absent;
}
