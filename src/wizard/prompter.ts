// The wizard talks to a person only through this interface: @inquirer/prompts in the CLI, a script in tests.

export interface Choice<T extends string> {
  value: T;
  name: string;
  description?: string;
}

export interface Prompter {
  input(message: string, options: { default?: string; validate?: (value: string) => true | string }): Promise<string>;
  select<T extends string>(message: string, choices: Choice<T>[], initial?: T): Promise<T>;
  checkbox<T extends string>(message: string, choices: Choice<T>[]): Promise<T[]>;
  confirm(message: string, initial: boolean): Promise<boolean>;
  /** Free text for the person (diffs, summaries); never data for a pipe. */
  say(text: string): void;
}

/** Prompts on the terminal. Ctrl-C rejects with an error named ExitPromptError. */
export async function terminalPrompter(): Promise<Prompter> {
  const { input, select, checkbox, confirm } = await import('@inquirer/prompts');
  return {
    input: (message, o) => input({ message, ...(o.default !== undefined ? { default: o.default } : {}), ...(o.validate ? { validate: o.validate } : {}) }),
    select: (message, choices, initial) => select({ message, choices, ...(initial ? { default: initial } : {}) }),
    checkbox: (message, choices) => checkbox({ message, choices: choices.map((c) => ({ ...c, checked: true })), required: true }),
    confirm: (message, initial) => confirm({ message, default: initial }),
    say: (text) => process.stderr.write(`${text}\n`),
  };
}

/** Ctrl-C or a closed terminal while a prompt was open. */
export function isPromptAbort(err: unknown): boolean {
  const name = (err as Error | undefined)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError';
}

/** Without a terminal (after --yes): every question takes its default; a question without one is a usage error. */
export function defaultsPrompter(say: (text: string) => void): Prompter {
  return {
    input: async (message, o) => {
      if (o.default === undefined) throw new Error(`no answer for: ${message}`);
      return o.default;
    },
    select: async (_m, choices, initial) => initial ?? choices[0]!.value,
    checkbox: async (_m, choices) => choices.map((c) => c.value),
    confirm: async (_m, initial) => initial,
    say,
  };
}
