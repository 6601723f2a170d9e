import type { JoinRule } from './types.js';

const signing = /jwt\.sign|jws\.sign|\.sign\s*\(|createSign|RS256|PS256|ES256|private_?key|PRIVATE KEY|SigningCredentials|JwtSecurityTokenHandler|signWith|Jwts\.builder|encode\s*\(.*algorithm/i;
const hostInText = /app\.vssps\.visualstudio\.com/i;

/**
 * RFC 7523 in its everyday uses (a Google service account's jwt-bearer grant, private_key_jwt client
 * authentication) signs the assertion in code. The legacy flow sends the callback's code and a stored secret
 * instead; without the vssps host in the file, a signed assertion is not legacy.
 */
export default {
  name: 'signed-assertion',
  title: 'A jwt-bearer grant or client assertion signed in code (RFC 7523, private_key_jwt) is not the legacy flow unless the vssps host is in the file.',
  keep(signal, ctx) {
    if (signal.kind !== 'jwt-bearer-grant' && !(signal.kind === 'other' && /client_assertion_type/.test(signal.message))) return true;
    if (hostInText.test(ctx.text)) return true;
    return !signing.test(ctx.text);
  },
} satisfies JoinRule;
