// Every question the wizard may ask, with the flag and the answers-file key that answer it without a terminal.

export interface Question {
  key: string;
  flag: string;
  ask: string;
}

export const questions: readonly Question[] = [
  { key: 'apps', flag: '--app <id...>', ask: 'which apps to migrate (default: all)' },
  { key: 'tenant', flag: '--tenant <tenant>', ask: 'the Entra tenant (id, verified domain, or organizations)' },
  { key: 'clientId', flag: '--client-id <guid>', ask: 'the new Entra application (client) id' },
  { key: 'credential', flag: '--credential secret|certificate|federated', ask: 'how the app proves its identity' },
  { key: 'secretRef', flag: '--secret-ref <ref>', ask: 'how config refers to the new secret (never the secret itself)' },
  { key: 'scopeStyle', flag: '--scope-style default|explicit', ask: 'request .default or each scope' },
  { key: 'msaUsers', flag: '--msa-users / --no-msa-users', ask: 'whether personal Microsoft accounts sign in' },
  { key: 'keepLegacy', flag: '--keep-legacy', ask: 'dual run: keep the legacy settings beside the Entra ones' },
  { key: '(confirm)', flag: '--yes', ask: 'apply every planned edit without asking per file' },
];

/** The exit-2 message without a terminal: each question and what answers it. */
export function noTerminalHelp(): string {
  const width = Math.max(...questions.map((q) => q.flag.length));
  return [
    'migrate is interactive and there is no terminal (stdin is not a TTY). Answer every question with flags or an',
    '--answers file (JSON or YAML, keys in camelCase) and pass --yes:',
    ...questions.map((q) => `  ${q.flag.padEnd(width)}  answers key ${q.key.padEnd(11)} ${q.ask}`),
    'Example: ado2entra migrate ./my-app --answers answers.yaml --yes',
  ].join('\n');
}
