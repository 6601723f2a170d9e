// Fault injection for the crash-safety tests: ADO2ENTRA_FAULT=kill-after-write:N kills the process with
// SIGKILL right after the N-th file is replaced (sigint-after-write:N: Ctrl-C; kill-before-rename:N: with its temp file on disk); fail-write:N makes the N-th write fail as a full disk would;
// crash:plan throws an unexpected error once the plan is computed (secrets in memory) to test the internal-error path.
// Unset (always, outside tests) it does nothing.

export function faultBeforeWrite(n: number): void {
  const fault = /^fail-write:(\d+)$/.exec(process.env.ADO2ENTRA_FAULT ?? '');
  if (fault && Number(fault[1]) === n) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
}

export function faultAfterWrite(n: number): void {
  const fault = /^(kill|sigint)-after-write:(\d+)$/.exec(process.env.ADO2ENTRA_FAULT ?? '');
  if (fault && Number(fault[2]) === n) process.kill(process.pid, fault[1] === 'kill' ? 'SIGKILL' : 'SIGINT');
}

/** ADO2ENTRA_FAULT=crash:WHERE throws an unexpected error there, to prove an internal error leaks nothing. */
export function faultCrash(where: string): void {
  if (process.env.ADO2ENTRA_FAULT === `crash:${where}`) throw new TypeError(`injected fault at ${where}`);
}

/** In-process tests set this to act between a file's last check and its rename (a folder swapped for a symlink). */
export const testHooks: { beforeRename?: (path: string) => void } = {};

/** kill-before-rename:N kills the process once the N-th temp file is on disk, before it replaces the file. */
export function faultBeforeRename(n: number, path: string): void {
  testHooks.beforeRename?.(path);
  const fault = /^kill-before-rename:(\d+)$/.exec(process.env.ADO2ENTRA_FAULT ?? '');
  if (fault && Number(fault[1]) === n) process.kill(process.pid, 'SIGKILL');
}

/** sigint-after-apply: Ctrl-C once the wizard's files are written, while it verifies and writes the report. */
export function faultAfterApply(): void {
  if (process.env.ADO2ENTRA_FAULT === 'sigint-after-apply') process.kill(process.pid, 'SIGINT');
}
