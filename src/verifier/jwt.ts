import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { randomUUID } from 'node:crypto';

/** Signs and checks the mock services' tokens with a key made for this run only. */
export interface Signer {
  sign(claims: JWTPayload, lifetimeSeconds: number): Promise<string>;
  verify(token: string): Promise<JWTPayload | null>;
}

export async function createSigner(): Promise<Signer> {
  // ES256: a P-256 key is made in well under a millisecond; an RSA-2048 key per app cost 63-434 ms of every verify
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = (await exportJWK(publicKey)).x!.slice(0, 16);
  return {
    sign: (claims, lifetime) => new SignJWT({ ...claims, jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid })
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${lifetime}s`)
      .sign(privateKey),
    verify: async (token) => {
      try {
        return (await jwtVerify(token, publicKey, { clockTolerance: 5 })).payload;
      } catch {
        return null;
      }
    },
  };
}

const b64u = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An id_token as MSAL reads it: MSAL decodes id tokens and never checks their signature. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  return `${b64u({ alg: 'none', typ: 'JWT' })}.${b64u(claims)}.`;
}

export function base64urlJson(value: unknown): string {
  return b64u(value);
}
