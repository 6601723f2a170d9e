#!/usr/bin/env node
// The ado2entra command. Only commander is imported up front: each command loads its own modules,
// so `--help` and `--version` stay near Node's start-up time.
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Command, CommanderError, Option } from 'commander';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

const exitCodesHelp = `
Exit codes:
  0  success (scan: inventory printed, whatever it found)
  1  findings at or above --fail-on (validate), a failed flow (verify), a refused apply or
     rollback (also: nothing to roll back), an unknown or retired scope (scopes)
  2  usage or input error: bad flag, missing path, unreadable or malformed input
  3  internal error (a bug): please report it; --verbose prints the stack trace
  plan --detailed-exitcode: 0 nothing to migrate, 2 changes pending, 1 error
  130 migrate cancelled with Ctrl-C before anything was written`;

function common(cmd: Command): Command {
  return cmd
    .option('--json', 'machine-readable output (same as --format json)')
    .option('--format <format>', 'output format')
    .option('-o, --out <file>', 'write the output to FILE (atomically); - for stdout')
    .option('-q, --quiet', 'no progress or diagnostics on stderr')
    .option('-v, --verbose', 'more detail, and stack traces for internal errors')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour (also: NO_COLOR=1, or when stdout is not a terminal)')
    .option('--cwd <dir>', 'resolve paths from DIR instead of the current directory');
}

function scanOptions(cmd: Command): Command {
  return cmd.option('--max-file-size <size>', 'skip (and report) files larger than this: bytes, or 512k, 4m', '2m');
}

/** The inputs every command that plans takes (plan, report, migrate; verify and validate --verify plan too). */
function inputOptions(cmd: Command): Command {
  return cmd
    .option('--tenant <tenant>', 'Entra tenant: a tenant id (GUID), a verified domain, or "organizations"')
    .option('--client-id <guid>', 'the new Entra application (client) id')
    .addOption(new Option('--scope-style <style>', 'default: request 499b84ac-…/.default; explicit: request each scope').choices(['default', 'explicit']))
    .addOption(new Option('--credential <type>', 'how the app proves its identity to Entra').choices(['secret', 'certificate', 'federated']))
    .option('--no-refresh', 'do not request offline_access (no refresh tokens; legacy apps always had them)')
    .option('--app <id...>', 'only these app ids (from scan)')
    .option('--answers <file>', 'read the inputs above from a JSON or YAML file (camelCase keys)');
}

/** The inputs that shape only the edits and the guidance: plan, report and migrate. */
function planOptions(cmd: Command): Command {
  return inputOptions(cmd)
    .option('--secret-ref <ref>', 'how config refers to the new secret, e.g. env:ENTRA_CLIENT_SECRET')
    .option('--keep-legacy', 'dual run: add Entra settings beside the legacy ones')
    .option('--msa-users', 'personal Microsoft accounts sign in to this app (see MIGRATION.md: keep them on the legacy app)')
    .option('--no-msa-users', 'only work or school accounts sign in');
}

export function buildProgram(): Command {
  const program = new Command('ado2entra')
    .description('Move apps off legacy Azure DevOps OAuth 2.0 (app.vssps.visualstudio.com) onto Microsoft Entra ID OAuth.')
    .version(version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `
Pipeline: scan → plan → apply → verify → validate.

Examples:
  $ ado2entra scan ./my-app                                  # what is legacy, grouped into apps
  $ ado2entra plan ./my-app --tenant contoso.onmicrosoft.com --client-id <guid> --out plan.json
  $ ado2entra apply plan.json --root ./my-app                # with a backup set; undo: ado2entra rollback
  $ ado2entra verify ./my-app --tenant <tid> --client-id <guid>
  $ ado2entra validate . --format sarif --out ado2entra.sarif  # the CI gate
  $ ado2entra migrate ./my-app                               # all of it, interactively
  $ ado2entra completion bash >> ~/.bashrc                   # also zsh, fish
${exitCodesHelp}

Each command has its own --help. Docs: README.md, MIGRATION.md, docs/rules.md.`);

  scanOptions(common(program.command('scan')))
    .argument('[path...]', 'folders or files to scan (default: .); many repositories share one pool of reader threads')
    .description('Inventory every legacy OAuth setting and code site, grouped into apps, and the apps already on Entra. Writes nothing.')
    .addHelpText('after', `
With several PATHs, --json prints { schemaVersion, scans: [one result per PATH] } (rollup reads it).

Examples:
  $ ado2entra scan ./my-app
  $ ado2entra scan ./my-app --json > inventory.json
  $ ado2entra scan repos/* --json --out org.json && ado2entra rollup org.json
  $ ado2entra scan . --max-file-size 8m --quiet
  $ ado2entra scan . --json --verbose > inventory.json      # stderr: where the time went, step by step
${exitCodesHelp}`)
    .action(async (paths: string[], opts) => finish(await (await import('./scan.js')).runScan(paths, opts)));

  planOptions(scanOptions(common(program.command('plan'))))
    .argument('[path]', 'folder or file to plan for', '.')
    .option('--detailed-exitcode', 'exit 0 when there is nothing to migrate, 2 when changes are pending, 1 on error')
    .description('Compute the Entra settings, the config edits (unified diffs), the app registration, the code to change, the manual steps and the risks for every legacy app.')
    .addHelpText('after', `
Examples:
  $ ado2entra plan ./my-app --tenant contoso.onmicrosoft.com --client-id 11111111-2222-3333-4444-555555555555
  $ ado2entra plan ./my-app --tenant <tid> --client-id <id> --scope-style explicit --json
  $ ado2entra plan ./my-app --answers answers.yaml --out plan.json
${exitCodesHelp}`)
    .action(async (path: string, opts) => finish(await (await import('./plan.js')).runPlan(path, opts)));

  planOptions(scanOptions(common(program.command('report'))))
    .argument('[path]', 'folder or file to report on', '.')
    .option('--plan <file>', 'report on a saved plan (from plan --out) instead of planning again')
    .description('The migration report for people: blockers first, then per app the inventory, scope mapping, registration, config diffs, code sites, flow diagram, checklist, risks and effort.')
    .addHelpText('after', `
Formats: markdown (default; GitHub renders its Mermaid diagrams), html (one self-contained file), json.
Without --tenant/--client-id the report uses <TENANT_ID>/<CLIENT_ID> placeholders and says so. No secret is ever printed.

Examples:
  $ ado2entra report ./my-app --out migration.md
  $ ado2entra report ./my-app --format html --out report.html --tenant <tid> --client-id <id>
  $ ado2entra report --plan plan.json --out migration.md
${exitCodesHelp}`)
    .action(async (path: string, opts) => finish(await (await import('./report.js')).runReport(path, opts)));

  planOptions(scanOptions(common(program.command('migrate'))))
    .argument('[path]', 'folder to migrate', '.')
    .option('-y, --yes', 'no questions: every planned edit is applied (answers come from flags or --answers)')
    .option('--allow-dirty', 'apply even when tracked files in the git work tree have uncommitted changes')
    .description('The interactive wizard: detect → choose apps → tenant, client id, credential, scope style, MSA → review each diff → apply with backups → verify → write ado2entra-migration.md.')
    .addHelpText('after', `
It never asks for a secret: config gets a reference (--secret-ref). Nothing is written before the confirmation;
Ctrl-C before it leaves every file as it was (exit 130). Without a terminal it exits 2 at once, naming the flags
and --answers keys that answer each question; with them and --yes it runs unattended.

Examples:
  $ ado2entra migrate ./my-app
  $ ado2entra migrate ./my-app --answers answers.yaml --yes
${exitCodesHelp}`)
    .action(async (path: string, opts) => finish(await (await import('./migrate.js')).runMigrate(path, opts)));

  common(program.command('apply'))
    .argument('<plan>', 'a plan file from `ado2entra plan PATH --out plan.json`')
    .option('--root <dir>', 'the folder to apply the plan to (default: the current folder); it must be the folder the plan was made for')
    .option('--allow-dirty', 'apply even when tracked files in the git work tree have uncommitted changes, or git cannot tell')
    .description('Apply a saved plan: checks every file first, keeps a backup set, replaces files atomically.')
    .addHelpText('after', `
Writes only under --root (the current folder by default): a plan made for another folder is refused
(exit 2). Refuses (exit 1, nothing written) when a file changed since the plan, a path leaves the root,
goes through a symlink or into a git directory, the plan was edited by hand, a file is read-only, or
the git tree is dirty (or git cannot check it). Applying the same plan again changes nothing.

Examples:
  $ ado2entra plan ./my-app --tenant <tid> --client-id <id> --out plan.json
  $ ado2entra apply plan.json --root ./my-app
  $ cd my-app && ado2entra apply ../plan.json --json
${exitCodesHelp}`)
    .action(async (plan: string, opts) => finish(await (await import('./apply.js')).runApply(plan, opts)));

  common(program.command('rollback'))
    .argument('[backup-id]', 'the backup set to restore (default: the latest one not rolled back)')
    .option('--list', 'list the backup sets')
    .option('--root <dir>', 'the folder the plan was applied to (where .ado2entra/ is)', '.')
    .option('--force', 'also restore files edited since the apply (their edits are lost)')
    .description('Restore the files of a backup set byte for byte, including after an interrupted apply.')
    .addHelpText('after', `
Examples:
  $ ado2entra rollback --list
  $ ado2entra rollback                       # the latest apply
  $ ado2entra rollback 20261123T204131042Z-000001 --root ./my-app
${exitCodesHelp}`)
    .action(async (id: string | undefined, opts) => finish(await (await import('./rollback.js')).runRollback(id, opts)));

  inputOptions(scanOptions(common(program.command('verify'))))
    .argument('[path]', 'folder or file whose legacy apps to verify', '.')
    .addOption(new Option('--flow <flow>', 'which flows to run (default: the flows the code uses)').choices(['auth-code', 'client-credentials', 'all']))
    .option('--org <name>', 'Azure DevOps organization name used in the mock REST calls', 'fabrikam')
    .option('--registration <file>', 'the app registration as it exists in Entra: JSON of `az ad app show --id <appId>` or an app manifest (default: the one the plan asks for)')
    .addOption(new Option('--consent <policy>', "the tenant's consent policy: users may consent, an admin granted the app's permissions, or neither").choices(['user', 'admin-granted', 'none']).default('user'))
    .option('--sp-in-org <bool>', 'whether the service principal was added to the Azure DevOps organization (app-only access; default true)')
    .option('--live', 'opt in: client credentials against the real Entra authority and one real REST call (needs --tenant, --client-id, --org and ENTRA_CLIENT_SECRET)')
    .description('Prove the migration: run the legacy flow and the planned Entra flows (real msal-node and @azure/identity) against built-in mocks of Entra, legacy OAuth and the Azure DevOps REST API. No network.')
    .addHelpText('after', `
Every request stays in-process (msw); secrets, codes and tokens are generated per run and never printed.
The mock Entra judges the files against the registration (--registration, else the plan's), never against itself.
Exit 0 when the Entra flows give at least the legacy access, or when there is no Azure DevOps OAuth at all
("nothing to verify"); 1 when a flow fails or an app was found that could not be verified. Rules: docs/verify.md.

Examples:
  $ ado2entra verify ./my-app --tenant <tid> --client-id <id>
  $ ado2entra verify ./my-app --json
  $ ado2entra verify ./my-app --flow client-credentials --credential certificate
  $ az ad app show --id <id> > reg.json && ado2entra verify ./my-app --tenant <tid> --registration reg.json --consent admin-granted
  $ ENTRA_CLIENT_SECRET=… ado2entra verify --live --tenant <tid> --client-id <id> --org myorg
${exitCodesHelp}`)
    .action(async (path: string, opts) => finish(await (await import('./verify.js')).runVerify(path, opts)));

  inputOptions(scanOptions(common(program.command('validate'))))
    .argument('[path]', 'folder or file to check', '.')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices(['error', 'warning', 'note']).default('error'))
    .option('--ignore <rule...>', 'rule ids to skip (A2E010 A2E016)')
    .option('--baseline <file>', 'hide the findings recorded in this baseline (block only new ones)')
    .option('--write-baseline <file>', 'record every current finding in a baseline file and exit 0')
    .option('--verify', 'also run the mock legacy/Entra flows (`ado2entra verify`) for every legacy app')
    .description('The CI gate: no legacy OAuth left, and the Entra config sound. Formats: text, json, sarif, junit, github, azure-pipelines.')
    .addHelpText('after', `
Without --format, GITHUB_ACTIONS=true selects github (annotations + $GITHUB_STEP_SUMMARY) and TF_BUILD=True
selects azure-pipelines (##vso logging commands). Rules: docs/rules.md. Suppress with --ignore, inline
\`ado2entra-ignore A2E010\` comments, a .ado2entraignore file at the root, or a baseline.

Examples:
  $ ado2entra validate .
  $ ado2entra validate . --format sarif --out ado2entra.sarif
  $ ado2entra validate . --format junit --out ado2entra.xml
  $ ado2entra validate . --write-baseline .ado2entra-baseline.json
  $ ado2entra validate . --baseline .ado2entra-baseline.json --fail-on warning
${exitCodesHelp}`)
    .action(async (path: string, opts) => finish(await (await import('./validate.js')).runValidate(path, opts)));

  common(program.command('rollup'))
    .argument('<input...>', 'scan/validate --json results, or folders of them (CI artifacts), one or many per repository')
    .option('--history <dir>', 'dated snapshots for the burn-down: earlier rollup --json files, or folders of results named YYYY-MM-DD')
    .description('Merge many repositories\' scan and validate results into one inventory: apps by status, blockers, the delegated permissions needed org-wide, and a burn-down. Formats: markdown, html, json, csv.')
    .addHelpText('after', `
A scan and a validate result of the same repository and commit are one entry; of several commits, the latest wins.
Inputs that are not ado2entra results, or of a newer schemaVersion, are listed as skipped (stderr and the output).
HTML is one self-contained page with an SVG burn-down (no script, no external request). docs/ci/ has CI pipelines.

Examples:
  $ ado2entra rollup artifacts/ --format html --out inventory.html
  $ ado2entra rollup artifacts/ --history snapshots/ --json --out snapshots/$(date +%F).json
  $ ado2entra scan repos/* --json --out org.json && ado2entra rollup org.json --format csv
${exitCodesHelp}`)
    .action(async (inputs: string[], opts) => finish(await (await import('./rollup.js')).runRollup(inputs, opts)));

  common(program.command('scopes'))
    .argument('[scopes...]', 'scopes in any spelling: vso.code, "vso.code vso.work", vso.code%20vso.work, 499b84ac-…/vso.code')
    .option('--minimize', 'also print the smallest set granting the same access')
    .description('Look up Azure DevOps scopes: Entra form, permission id, high privilege, what includes what.')
    .addHelpText('after', `
Examples:
  $ ado2entra scopes                                    # the whole catalog
  $ ado2entra scopes vso.code_full vso.profile vso.release --minimize
  $ ado2entra scopes "vso.work%20vso.code_write" --json
${exitCodesHelp}`)
    .action(async (scopes: string[], opts) => finish(await (await import('./scopes.js')).runScopes(scopes, opts)));

  program.command('completion')
    .argument('<shell>', 'bash, zsh or fish')
    .description('Print a shell completion script for commands, flags and their choices.')
    .addHelpText('after', `
Examples:
  $ eval "$(ado2entra completion bash)"                        # in ~/.bashrc
  $ ado2entra completion zsh > "\${fpath[1]}/_ado2entra"        # then restart zsh
  $ ado2entra completion fish > ~/.config/fish/completions/ado2entra.fish
${exitCodesHelp}`)
    .action(async (shell: string) => {
      const { completionScript, isShell } = await import('./completion.js');
      const { UsageError } = await import('./common.js');
      if (!isShell(shell)) throw new UsageError(`completion takes bash, zsh or fish; got "${shell}"`);
      process.stdout.write(completionScript(program, shell));
      finish(0);
    });

  return program;
}

let exitCode = 0;
function finish(code: number): void {
  exitCode = code;
}

/** Runs the command line on `argv` (process.argv form) and returns the exit code; tests call it in-process. */
export async function main(argv: string[]): Promise<number> {
  exitCode = 0;
  const program = buildProgram();
  program.exitOverride();
  for (const cmd of program.commands) cmd.exitOverride();
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  const detailed = argv.includes('--detailed-exitcode');
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : (detailed ? 1 : 2);
    }
    const { UsageError } = await import('./common.js');
    const { stderrSafe } = await import('../report/escape.js');
    if (err instanceof UsageError) {
      process.stderr.write(`ado2entra: error: ${stderrSafe(err.message)}\n`);
      return detailed ? 1 : 2;
    }
    const e = err as Error;
    process.stderr.write(`ado2entra: internal error: ${e.name}: ${stderrSafe(String(e.message))}\nThis is a bug in ado2entra. Please report it with the command you ran${verbose ? '' : ' and the output of the same command with --verbose'}.\n`);
    if (verbose && e.stack) process.stderr.write(`${e.stack}\n`);
    return detailed ? 1 : 3;
  }
  return exitCode;
}

/**
 * A scan allocates a steady stream of objects that outlive a young-generation collection, and V8 answers by doubling
 * the young generation up to 32 MB: a third of the peak memory at 80,000 files (#16: 111 MB, 93 MB with this, no
 * time lost). The size cannot be capped after start-up, but growth can be turned off. Only the CLI does this, never
 * the library in someone else's process; a V8 without the flag (newer than Node 24's) would print an error, so skip it.
 */
function keepYoungGenerationSmall(): void {
  if (Number(process.versions.v8.split('.')[0]) <= 13) setFlagsFromString('--semi-space-growth-factor=1');
}

/** True when Node runs this file (the bin, maybe through npm's symlink), false when a test imports it. */
function isEntryPoint(): boolean {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  keepYoungGenerationSmall();
  // `ado2entra … | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  process.exitCode = await main(process.argv);
}
