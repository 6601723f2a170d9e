import type { Flow, FlowStep } from '../../model/verify.js';
import { restCalls, urlOf, type RestCall } from '../endpoints.js';
import { causeHeader, causeText, codeHeader } from '../handlers/record.js';
import type { MockWorld } from '../world.js';

/** A flow stopped: `code` is the service's error code (AADSTS…, TF…, an OAuth error), used to pick the fix. */
export class FlowError extends Error {
  constructor(message: string, readonly code: string | null) {
    super(message);
  }
}

export interface CallResult {
  call: RestCall;
  ok: boolean;
  status: number;
  code: string | null;
  /** Why the mock refused (missing-scope:vso.code, wrong-audience:…), when its body does not say. */
  cause?: string | null;
}

/** Runs `body` as one named flow, recording every request it makes. Never throws. */
export async function runFlow<T>(world: MockWorld, name: string, app: string, body: () => Promise<T>): Promise<{ flow: Flow; value: T | null; code: string | null }> {
  const steps: FlowStep[] = [];
  world.steps = steps;
  try {
    const value = await body();
    return { flow: { name, app, ok: true, steps, error: null }, value, code: null };
  } catch (err) {
    return { flow: { name, app, ok: false, steps, error: messageOf(err) }, value: null, code: codeIn(err) };
  }
}

/** The service's error code: a FlowError's, else the AADSTS code in an MSAL/identity message, else MSAL's errorCode. */
function codeIn(err: unknown): string | null {
  if (err instanceof FlowError) return err.code;
  return /AADSTS\d+/.exec(String((err as Error).message ?? ''))?.[0] ?? (err as { errorCode?: string }).errorCode ?? null;
}

/** One line, without the trace ids Entra appends, and never a token (flows only surface service messages). */
function messageOf(err: unknown): string {
  const text = String((err as Error).message ?? err).split(/\r?\n| Trace ID:/)[0]!;
  return text.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '***').slice(0, 400);
}

/** The REST calls whose scope the legacy app was granted, with a token; each recorded by the mock. */
export async function callApis(world: MockWorld, token: string, calls: readonly RestCall[]): Promise<CallResult[]> {
  const results: CallResult[] = [];
  for (const call of calls) {
    const response = await fetch(urlOf(call, world.org), {
      method: call.method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(call.method === 'POST' ? { 'content-type': 'application/json' } : {}) },
      ...(call.method === 'POST' ? { body: '{}' } : {}),
    });
    await response.arrayBuffer();
    results.push({ call, ok: response.ok, status: response.status, code: response.headers.get(codeHeader), cause: response.headers.get(causeHeader) });
  }
  return results;
}

/** Fails the flow when a call was refused, naming the first refusal. */
export function requireAll(results: readonly CallResult[]): void {
  const failed = results.find((r) => !r.ok);
  if (!failed) return;
  const why = causeText(failed.cause ?? null);
  throw new FlowError(`${failed.call.method} ${failed.call.name}: HTTP ${failed.status}${failed.code ? ` (${failed.code})` : ''}${why ? `: ${why}` : ''}`, failed.cause ? `${failed.code}/${failed.cause}` : failed.code);
}

export function callsFor(scopes: readonly string[], closureOf: (s: string[]) => Set<string>): RestCall[] {
  const granted = closureOf([...scopes]);
  return restCalls.filter((c) => granted.has(c.requiredScope));
}

/** Follows one authorize redirect by hand (the browser's part): the code, or the error Entra/legacy sent back. */
export async function authorizeCode(url: string): Promise<{ code: string; state: string | null }> {
  const response = await fetch(url, { redirect: 'manual' });
  if (response.status !== 302) {
    const body = await response.text();
    const code = /"error_codes":\[(\d+)\]/.exec(body)?.[1];
    const error = /"error":"([^"]+)"/.exec(body)?.[1];
    const description = /AADSTS\d+: [^"]*?(?= Trace ID|")/.exec(body)?.[0] ?? /"error_description":"([^"]*)"/.exec(body)?.[1] ?? body;
    throw new FlowError(`authorize: HTTP ${response.status} ${error ? `${error}: ` : ''}${description.slice(0, 400)}`, code ? `AADSTS${code}` : error ?? 'authorize');
  }
  const location = new URL(response.headers.get('location')!);
  const error = location.searchParams.get('error');
  if (error) {
    const description = location.searchParams.get('error_description') ?? '';
    throw new FlowError(`authorize: ${error}: ${description}`, /AADSTS\d+/.exec(description)?.[0] ?? error);
  }
  return { code: location.searchParams.get('code')!, state: location.searchParams.get('state') };
}
