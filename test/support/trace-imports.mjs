// Registered with `node --import`: records every module the process loads (for the lazy-loading test).
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(`
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  process.stderr.write('[import] ' + result.url + '\\n');
  return result;
}`));
