// apply signs its backup sets with a per-user key (src/plan/key.ts): tests keep it in a temp folder, never in ~.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.ADO2ENTRA_STATE_DIR ??= mkdtempSync(join(tmpdir(), 'ado2entra-state-'));
