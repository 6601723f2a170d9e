// One cheap test before any parsing: a file without any of these literals cannot hold a legacy signal.
const literals = /vssps\.visualstudio|vsaex\.visualstudio|aex\.dev\.azure\.com|response_?type|jwt-bearer|vso\.|azure[- ]?devops|visualstudio|vsts|preview_api|configsource|oauth-scm-server|eyJ[A-Za-z0-9_-]{8,}\.eyJ/i;

export function mayHoldLegacySignal(text: string): boolean {
  return literals.test(text);
}
