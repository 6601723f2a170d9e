// What the migration report says, computed once from the scan and the plan; markdown.ts and html.ts only lay it out.
import type { Finding } from '../model/finding.js';
import type { Edit, Plan, PlanApp } from '../model/plan.js';
import type { App, ScanResult } from '../model/scan.js';
import { sharedRiskIds } from '../mapper/steps.js';

export interface ReportApp {
  app: App;
  plan: PlanApp;
  findings: Finding[];
  edits: Edit[];
  steps: string[];
  risks: Finding[];
  effortHours: number;
}

export interface ReportModel {
  root: string;
  generated: string;
  version: string;
  placeholders: boolean;
  blockers: Finding[];
  /** Personal Microsoft accounts sign in (--msa-users): Microsoft's guidance, right after the blockers. */
  msa: Finding[];
  apps: ReportApp[];
  /** Steps and risks worded the same for every app: shown once, not per app. */
  shared: { steps: string[]; risks: Finding[] };
  totals: { apps: number; findings: number; edits: number; codeSites: number; effortHours: number };
}

/** Today, or SOURCE_DATE_EPOCH's day when set (reproducible reports). */
export function reportDate(): string {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  return new Date(Number.isFinite(epoch) && process.env.SOURCE_DATE_EPOCH ? epoch * 1000 : Date.now()).toISOString().slice(0, 10);
}

const blockerIds = new Set(['A2E301', 'A2E302', 'A2E304', 'A2E312', 'A2E316']);

/** A rough effort: registration and rollout, plus each code site, config file and consent or MSA problem. */
function effort(plan: PlanApp, edits: number, risks: Finding[], msaUsers: boolean): number {
  let hours = 3 + plan.codeSites.length * 0.5 + edits * 0.25;
  if (plan.entra.registeredPermissions.some((p) => p.highPrivilege)) hours += 1;
  // personal accounts: a dual run to set up, watch and end
  if (msaUsers && risks.some((r) => r.ruleId === 'A2E301')) hours += 8;
  return Math.round(hours * 2) / 2;
}

export function reportModel(scan: ScanResult, plan: Plan, meta: { version: string; generated: string; placeholders: boolean }): ReportModel {
  const apps = plan.apps.map((planApp): ReportApp => {
    const app = scan.apps.find((a) => a.id === planApp.id)!;
    const edits = plan.edits.filter((e) => app.files.includes(e.file));
    const risks = plan.risks.filter((r) => r.appId === app.id && !sharedRiskIds.has(r.ruleId));
    return {
      app, plan: planApp, edits, risks,
      findings: scan.findings.filter((f) => f.appId === app.id),
      steps: plan.manualSteps.filter((s) => s.startsWith(`${app.id}: `)).map((s) => s.slice(app.id.length + 2)),
      effortHours: effort(planApp, edits.length, plan.risks.filter((r) => r.appId === app.id || sharedRiskIds.has(r.ruleId)), plan.inputs.msaUsers === true),
    };
  });
  return {
    root: plan.root,
    ...meta,
    blockers: plan.risks.filter((r) => r.severity === 'error' && blockerIds.has(r.ruleId)),
    msa: plan.inputs.msaUsers === true ? plan.risks.filter((r) => r.ruleId === 'A2E301') : [],
    apps,
    shared: {
      steps: plan.manualSteps.filter((s) => !plan.apps.some((a) => s.startsWith(`${a.id}: `))),
      risks: plan.risks.filter((r) => sharedRiskIds.has(r.ruleId)),
    },
    totals: {
      apps: apps.length,
      findings: apps.reduce((n, a) => n + a.findings.length, 0),
      edits: plan.edits.length,
      codeSites: apps.reduce((n, a) => n + a.plan.codeSites.length, 0),
      effortHours: apps.reduce((n, a) => n + a.effortHours, 0),
    },
  };
}

/** The before/after sequence of one app as Mermaid: the legacy web-server flow, then Entra with PKCE. */
/**
 * Text inside a Mermaid sequence message or note: `;` would end the statement and `#` starts an entity code, so
 * both are written as entity codes (they render as themselves).
 */
const mermaidText = (s: string) => s.replace(/#/g, '#35;').replace(/;/g, '#59;').replace(/[\r\n]+/g, ' ');

export function flowDiagram(app: ReportApp): string {
  const e = app.plan.entra;
  return [
    'sequenceDiagram',
    '  participant A as App',
    '  participant L as app.vssps.visualstudio.com',
    '  participant E as login.microsoftonline.com',
    '  participant D as Azure DevOps REST',
    '  rect rgb(255, 235, 235)',
    '  Note over A,L: Before (legacy, shuts down in 2026)',
    '  A->>L: /oauth2/authorize?response_type=Assertion',
    '  L-->>A: code (via callback)',
    '  A->>L: /oauth2/token grant jwt-bearer, assertion=code, client_assertion=client secret',
    '  L-->>A: access + refresh token (token_type jwt-bearer)',
    '  A->>D: Bearer token',
    '  end',
    '  rect rgb(230, 245, 230)',
    `  Note over A,E: ${mermaidText(`After (Entra ID, tenant ${e.tenant})`)}`,
    '  A->>E: /oauth2/v2.0/authorize?response_type=code&code_challenge (S256)',
    '  E-->>A: code (via callback)',
    `  A->>E: ${mermaidText(`/oauth2/v2.0/token grant authorization_code + code_verifier (scope ${e.scopes.join(' ')})`)}`,
    '  E-->>A: access + refresh token (Bearer, MSAL caches them)',
    '  A->>D: Bearer token (aud 499b84ac-…)',
    '  end',
  ].join('\n');
}
