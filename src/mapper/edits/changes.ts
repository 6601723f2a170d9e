// What must change in configuration for one app, independent of any file format (SPEC §4).
import type { Signal } from '../../detect/signal.js';
import { indirection, isPlaceholder } from '../../detect/values.js';
import type { EntraSettings, PlanInputs } from '../../model/plan.js';
import type { Setting } from '../../parsers/types.js';
import { entraKeyFor, tenantKeyFor } from './keys.js';
import { entraGrantType, entraResponseType, entraUrl, joinScopes } from './values.js';

/** One change to one file, before it is written in the file's syntax. */
export type Change =
  | { type: 'set'; file: string; setting: Setting; value: string; reason: string }
  | { type: 'set-list'; file: string; elements: Setting[]; values: string[]; reason: string }
  | { type: 'add'; file: string; beside: Setting; key: string; value: string; reason: string };

/** A legacy setting the tool leaves to a person, with why. */
export interface Unedited {
  file: string;
  line: number;
  reason: string;
}

export interface AppChanges {
  changes: Change[];
  unedited: Unedited[];
}

/** Looks up the settings of a config file (for keys that already exist, such as a tenant id). */
export type SettingsOf = (file: string) => readonly Setting[];

const urlKinds = new Set(['authorize-endpoint', 'token-endpoint', 'oauth-host']);

/** Every config change for one app: endpoints, scopes, client id, tenant id beside it, legacy secret cleared. */
export function appChanges(signals: readonly Signal[], entra: EntraSettings, inputs: PlanInputs, settingsOf: SettingsOf): AppChanges {
  const out: AppChanges = { changes: [], unedited: [] };
  const editable = signals.filter((s) => s.origin === 'config' && !s.reference && !s.setting.inComment && !s.setting.declared);
  const bySetting = new Map<string, Signal[]>();
  for (const s of editable) {
    const k = `${s.file}\0${s.setting.range[0]}`;
    bySetting.set(k, [...(bySetting.get(k) ?? []), s]);
  }
  const lists = new Map<string, Signal[]>();
  for (const group of bySetting.values()) {
    const first = group[0]!;
    if (isListElement(first.setting) && group.some((s) => s.kind === 'scopes')) {
      const k = `${first.file}\0${first.setting.document ?? 0}\0${first.setting.keyPath.slice(0, -1).join('\0')}`;
      lists.set(k, [...(lists.get(k) ?? []), first]);
      continue;
    }
    settingChange(group, entra, inputs, out);
  }
  for (const elements of lists.values()) listChange(elements, entra, inputs, out);
  for (const s of editable.filter((x) => x.kind === 'client-id')) tenantChange(s, inputs, settingsOf, out);
  return out;
}

/**
 * A stand-in written for a person to fill (`{insert client app ID here}`, `<Azure_DevOps_App_ID>`, empty): the
 * setting lives on that line and the plan writes the new value there. A reference (`${VAR}`, `%VAR%`, `$(VAR)`,
 * `#{VAR}#`) is not a stand-in: its value is set where the variable is defined.
 */
function standIn(value: string): boolean {
  return isPlaceholder(value) && !indirection(value) && value.trim() !== '';
}

function isListElement(setting: Setting): boolean {
  return typeof setting.keyPath[setting.keyPath.length - 1] === 'number';
}

function settingChange(group: Signal[], entra: EntraSettings, inputs: PlanInputs, out: AppChanges): void {
  const { setting, file } = group[0]!;
  const has = (kind: Signal['kind']) => group.find((s) => s.kind === kind);
  const url = group.find((s) => urlKinds.has(s.kind));
  let next: string | null = null;
  let reason = '';
  let secret = false;
  if (url) {
    next = entraUrl(setting.value, url.endpoint, entra);
    reason = 'Entra endpoint';
  } else if (has('response-type')) {
    next = entraResponseType(setting.value);
    reason = 'response_type=code (with PKCE in code)';
  } else if (has('jwt-bearer-grant')) {
    next = entraGrantType(setting.value);
    reason = 'grant_type=authorization_code';
  } else if (has('scopes')?.scopes?.length) {
    next = joinScopes(entra.scopes, setting.value);
    reason = 'Entra scopes';
  } else if (has('scopes') && standIn(setting.value)) {
    next = joinScopes(entra.scopes, ' ');
    reason = 'Entra scopes, where the placeholder stood';
  } else if (has('client-id') && standIn(setting.value)) {
    next = entra.clientId;
    reason = 'Entra application (client) id, where the placeholder stood';
  } else if (has('client-id')) {
    if (has('client-id')!.display === undefined) {
      out.unedited.push({ file, line: setting.line, reason: `client id comes from ${indirection(setting.value) ?? 'elsewhere'}: set it to ${entra.clientId} where it is defined` });
      return;
    }
    next = entra.clientId;
    reason = 'Entra application (client) id';
  } else if (group.some((s) => s.kind === 'legacy-secret-value' || (s.kind === 'client-secret' && s.secretPresent))) {
    next = inputs.secretRef ?? '';
    reason = inputs.secretRef ? 'legacy secret replaced by a reference to the new one' : 'legacy secret cleared (never written back)';
    secret = true;
  } else if (group.some((s) => s.kind === 'client-secret') && standIn(setting.value)) {
    if (!inputs.secretRef) {
      out.unedited.push({ file, line: setting.line, reason: 'the legacy client secret is a placeholder here: put the new Entra secret in at deploy time (or pass --secret-ref to write a reference), never commit it' });
      return;
    }
    next = inputs.secretRef;
    reason = 'reference to the new Entra secret, where the placeholder stood';
  } else if (group.some((s) => s.kind === 'client-secret') && indirection(setting.value)) {
    out.unedited.push({ file, line: setting.line, reason: `the legacy client secret comes from ${indirection(setting.value)}: put the new Entra secret there` });
    return;
  }
  if (next === null || next === setting.value) return;
  if (!inputs.keepLegacy) {
    out.changes.push({ type: 'set', file, setting, value: next, reason });
    return;
  }
  if (secret && !inputs.secretRef) {
    out.unedited.push({ file, line: setting.line, reason: 'dual run: the legacy secret stays; give the Entra secret its own setting (--secret-ref)' });
    return;
  }
  if (!setting.key) return;
  out.changes.push({ type: 'add', file, beside: setting, key: entraKeyFor(setting.key), value: next, reason: `${reason} (dual run, legacy kept)` });
}

function listChange(elements: Signal[], entra: EntraSettings, inputs: PlanInputs, out: AppChanges): void {
  const sorted = elements.map((s) => s.setting).sort((a, b) => a.range[0] - b.range[0]);
  const { file } = elements[0]!;
  if (inputs.keepLegacy) {
    out.unedited.push({ file, line: sorted[0]!.line, reason: `dual run: add an Entra scope list beside this one: ${entra.scopes.join(' ')}` });
    return;
  }
  if (sorted.length === entra.scopes.length && sorted.every((s, i) => s.value === entra.scopes[i])) return;
  out.changes.push({ type: 'set-list', file, elements: sorted, values: [...entra.scopes], reason: 'Entra scopes' });
}

function tenantChange(clientId: Signal, inputs: PlanInputs, settingsOf: SettingsOf, out: AppChanges): void {
  const { setting, file } = clientId;
  if (!setting.key || isListElement(setting)) return;
  const idKey = inputs.keepLegacy ? entraKeyFor(setting.key) : setting.key;
  const key = tenantKeyFor(idKey);
  if (!key) {
    out.unedited.push({ file, line: setting.line, reason: `add the tenant id (${inputs.tenant}) beside ${setting.key}` });
    return;
  }
  const parent = parentOf(setting);
  const existing = settingsOf(file).find((s) => s.key?.toLowerCase() === key.toLowerCase()
    && parentOf(s) === parent && (s.document ?? 0) === (setting.document ?? 0));
  if (existing) {
    if (existing.value !== inputs.tenant) out.changes.push({ type: 'set', file, setting: existing, value: inputs.tenant, reason: 'tenant id' });
    return;
  }
  out.changes.push({ type: 'add', file, beside: setting, key, value: inputs.tenant, reason: 'tenant id, beside the client id' });
}

/** Where a setting sits; `KEY=value` items of one environment list (compose) share a parent whatever their index. */
function parentOf(setting: Setting): string {
  const parent = setting.keyPath.slice(0, -1);
  if (typeof parent[parent.length - 1] === 'number' && /^[A-Z][A-Z0-9_]*$/.test(setting.key ?? '')) parent.pop();
  return parent.join('\0');
}
