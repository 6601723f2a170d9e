// Shell completion generated from the command definitions themselves, so it cannot drift from --help.
import type { Command, Option } from 'commander';

const shells = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof shells)[number];

export function isShell(value: string): value is Shell {
  return (shells as readonly string[]).includes(value);
}

interface Spec { name: string; description: string; options: { long: string; short?: string; description: string; takesValue: boolean; choices?: readonly string[] }[] }

function specOf(program: Command): Spec[] {
  return program.commands.map((cmd) => ({
    name: cmd.name(),
    description: cmd.description().split(/[.:]/)[0]!,
    options: [...cmd.options.map((o: Option) => ({
      long: o.long!, short: o.short, description: o.description.split(/[(;]/)[0]!.trim(), takesValue: o.required || o.optional, choices: o.argChoices,
    })), { long: '--help', short: '-h', description: 'display help for command', takesValue: false }],
  }));
}

/** A single-quoted word for sh, zsh and fish alike. */
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function completionScript(program: Command, shell: Shell): string {
  const specs = specOf(program);
  const names = specs.map((s) => s.name).join(' ');
  if (shell === 'bash') {
    const cases = specs.map((s) => `    ${s.name}) opts=${quote(s.options.flatMap((o) => [o.long, ...(o.short ? [o.short] : [])]).join(' '))} ;;`).join('\n');
    const choices = specs.flatMap((s) => s.options.filter((o) => o.choices).map((o) => `    ${s.name}:${o.long}) COMPREPLY=($(compgen -W ${quote(o.choices!.join(' '))} -- "$cur")); return ;;`));
    return `# ado2entra completion for bash: eval "$(ado2entra completion bash)" (e.g. in ~/.bashrc)
_ado2entra() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} cmd=\${COMP_WORDS[1]} opts=''
  if [ "$COMP_CWORD" -eq 1 ]; then COMPREPLY=($(compgen -W ${quote(`${names} --help --version`)} -- "$cur")); return; fi
  case "$cmd:$prev" in
${choices.join('\n')}
  esac
  case "$cmd" in
${cases}
  esac
  if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$opts" -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi
}
complete -o filenames -F _ado2entra ado2entra
`;
  }
  if (shell === 'zsh') {
    const cases = specs.map((s) => `    ${s.name}) opts=(${s.options.map((o) => quote(`${o.long}:${o.description}`)).join(' ')}) ;;`).join('\n');
    return `#compdef ado2entra
# ado2entra completion for zsh: ado2entra completion zsh > "\${fpath[1]}/_ado2entra" (then compinit), or source it
_ado2entra() {
  local -a cmds opts
  cmds=(${specs.map((s) => quote(`${s.name}:${s.description}`)).join(' ')})
  if (( CURRENT == 2 )); then _describe 'command' cmds; return; fi
  case $words[2] in
${cases}
  esac
  if [[ $PREFIX == -* ]]; then _describe 'option' opts; else _files; fi
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _ado2entra "$@"; else compdef _ado2entra ado2entra; fi
`;
  }
  const lines = [
    '# ado2entra completion for fish: ado2entra completion fish > ~/.config/fish/completions/ado2entra.fish',
    'complete -c ado2entra -f',
    ...specs.map((s) => `complete -c ado2entra -n __fish_use_subcommand -a ${s.name} -d ${quote(s.description)}`),
    ...specs.flatMap((s) => s.options.map((o) => `complete -c ado2entra -n ${quote(`__fish_seen_subcommand_from ${s.name}`)} -l ${o.long.slice(2)}${o.short ? ` -s ${o.short.slice(1)}` : ''}${o.takesValue ? ' -r' : ''}${o.choices ? ` -a ${quote(o.choices.join(' '))}` : ''} -d ${quote(o.description)}`)),
    ...specs.map((s) => `complete -c ado2entra -n ${quote(`__fish_seen_subcommand_from ${s.name}`)} -F`),
  ];
  return `${lines.join('\n')}\n`;
}
