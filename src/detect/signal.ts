import type { FindingKind } from '../model/finding.js';
import type { Setting } from '../parsers/types.js';

export type Strength = 'strong' | 'medium' | 'weak';

/** What a setting's name says it holds (weak on its own). */
export type Role = 'client-id' | 'client-secret' | 'app-secret' | 'scopes' | 'callback-url';

/** One piece of evidence at one location, before grouping into apps. */
export interface Signal {
  kind: FindingKind;
  strength: Strength;
  message: string;
  file: string;
  origin: 'config' | 'code';
  setting: Setting;
  /** Namespace inside the file (e.g. `vsts` vs `vsts-limited`): splits one file into several apps. */
  ns: string;
  role?: Role;
  /** Printable, non-secret value: a client id, a (redacted) URL, a scope list. Never set for secrets. */
  display?: string;
  scopes?: string[];
  endpoint?: 'authorize' | 'token';
  /** client-secret/app-secret: a real value is present in the file (not empty, not a placeholder). */
  secretPresent?: boolean;
  /** client-id: where the value comes from when it is not a literal. */
  source?: string;
  /** Code only: the file runs in a browser (React/Angular/Vue component, `window.location`, a bower package). */
  browser?: boolean;
  /** Code only: the OAuth provider library the file builds on (passport, omniauth, next-auth, social-auth, aspnet, …). */
  library?: string;
  /** Code only: the package that runs the legacy flow for the app (its endpoints are inside the package). */
  providerPackage?: string;
  /** Code sends a setting named as the App Secret as `client_assertion`: that setting is the client secret. */
  sendsAppSecret?: boolean;
  /** A relative path (`/oauth2/token`, Guzzle's `'token'`) resolved against a base URL set elsewhere: joined through the base, not by entry. */
  relative?: boolean;
  /** This file reads a setting another file defines (by its name): evidence for grouping, nothing to edit here. */
  reference?: boolean;
}

/** A setting key reduced to its namespace: role words (client, id, secret, scope, url…) removed from the end. */
export function namespaceOf(setting: Setting, origin: 'config' | 'code'): string {
  if (origin === 'code') return setting.document ? `doc${setting.document}` : '';
  const named = setting.keyPath.filter((k): k is string => typeof k === 'string');
  const parents = [...(setting.document ? [`doc${setting.document}`] : []), ...named.slice(0, -1)].join('.');
  const tokens = (setting.key ?? '').split(/[._:\-\s/]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);
  while (tokens.length > 0 && roleWords.has(tokens[tokens.length - 1]!.toLowerCase())) tokens.pop();
  const own = tokens.join('-').toLowerCase();
  return [parents.toLowerCase(), own].filter(Boolean).join('.');
}

const roleWords = new Set([
  'client', 'app', 'application', 'id', 'secret', 'secrets', 'scope', 'scopes', 'list', 'callback', 'redirect',
  'url', 'uri', 'uris', 'urls', 'auth', 'authorize', 'authorization', 'token', 'tokens', 'endpoint', 'oauth',
  'oauth2', 'filepath', 'path', 'exchange', 'access', 'user', 'details', 'profile', 'mode', 'tenant', 'issuer',
  'base', 'key', 'name', 'value', 'assertion', 'reply',
]);
