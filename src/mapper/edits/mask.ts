// Secret values hidden from every diff we show or store: the diff of a file must never carry its secrets.
import { indirection, isPlaceholder, legacySecretJwt } from '../../detect/values.js';
import type { Setting } from '../../parsers/types.js';
import { quoteOf } from './render.js';
import type { TextChange } from './text.js';

const secretKey = /secret|passw(or)?d|pwd|token|credential|private[-_.]?key|api[-_.]?key|connection[-_.]?string|assertion|sig(nature)?$/i;
const notSecretKey = /(url|uri|endpoint|path|file|type|name|expir\w*|ttl|lifetime)$/i;
const jwtShape = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\./;

/** Whether a setting's value must never be shown: secret-named keys, base64 Secret data, anything JWT-shaped. */
export function isSecretSetting(setting: Setting): boolean {
  if (jwtShape.test(setting.value) || legacySecretJwt(setting.value)) return true;
  if (isPlaceholder(setting.value) || indirection(setting.value)) return false;
  if (setting.encoding === 'base64') return true;
  const key = setting.key ?? '';
  return secretKey.test(key) && !notSecretKey.test(key);
}

/** Masks for every secret value in a file, keeping the quotes so the masked line reads like the original. */
export function secretMasks(text: string, settings: readonly Setting[]): TextChange[] {
  return settings.filter((s) => !s.container && isSecretSetting(s)).map((s) => {
    const raw = text.slice(s.range[0], s.range[1]);
    const q = quoteOf(raw);
    return { start: s.range[0], end: s.range[1], text: `${q}***${q}` };
  });
}
