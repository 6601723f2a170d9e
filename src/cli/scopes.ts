import { describeScopes } from '../mapper/scopes-query.js';
import { renderScopesText } from '../report/scopes-text.js';
import { colorsFor, emit, exitCodes, formatOf, type CommonOptions } from './common.js';

export interface ScopesOptions extends CommonOptions {
  minimize?: boolean;
}

export async function runScopes(scopes: string[], opts: ScopesOptions): Promise<number> {
  const format = formatOf(opts, ['text', 'json'], 'text');
  const result = describeScopes(scopes, Boolean(opts.minimize));
  await emit(format === 'json' ? JSON.stringify(result, null, 2) : renderScopesText(result, colorsFor(opts)), opts);
  return result.unknown.length > 0 ? exitCodes.findings : exitCodes.ok;
}
