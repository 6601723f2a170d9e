// The wizard talks to a person only through this interface: @inquirer/prompts in the CLI, a script in tests.
// Every prompt goes to stderr (the terminal); stdout stays for data. A question asked with `back` may answer BACK:
// Esc on the terminal, or the "← back" choice.
import { stderrSafe } from '../report/escape.js';

export interface Choice<T extends string> {
  value: T;
  name: string;
  description?: string;
}

/** The answer to a question asked with `back: true` when the person wants the previous question again. */
export const BACK = '\u0000back' as const;
export type Back = typeof BACK;

export interface Prompter {
  input(message: string, options: { default?: string; validate?: (value: string) => true | string; back?: boolean }): Promise<string | Back>;
  select<T extends string>(message: string, choices: Choice<T>[], initial?: T, back?: boolean): Promise<T | Back>;
  checkbox<T extends string>(message: string, choices: Choice<T>[]): Promise<T[]>;
  confirm(message: string, initial: boolean, back?: boolean): Promise<boolean | Back>;
  /** Free text for the person (diffs, summaries); never data for a pipe. */
  say(text: string): void;
}

const backChoice = { value: BACK, name: '← back', description: 'the previous question (also: Esc)' } as const;

/** Prompts on the terminal (drawn on stderr). Ctrl-C rejects with an error named ExitPromptError. */
export async function terminalPrompter(): Promise<Prompter> {
  const { input, select, checkbox, confirm } = await import('@inquirer/prompts');
  /** Runs one prompt; with `back`, Esc aborts it and the answer is BACK. */
  const ask = async <T>(back: boolean | undefined, run: (context: { output: NodeJS.WritableStream; signal?: AbortSignal }) => Promise<T>): Promise<T | Back> => {
    if (!back) return run({ output: process.stderr });
    const esc = new AbortController();
    const onKey = (_s: unknown, key: { name?: string } | undefined) => {
      if (key?.name === 'escape') esc.abort();
    };
    process.stdin.on('keypress', onKey);
    try {
      return await run({ output: process.stderr, signal: esc.signal });
    } catch (err) {
      if (esc.signal.aborted) return BACK;
      throw err;
    } finally {
      process.stdin.off('keypress', onKey);
    }
  };
  return {
    input: (message, o) => ask(o.back, (context) => input({ message, ...(o.default !== undefined ? { default: o.default } : {}), ...(o.validate ? { validate: o.validate } : {}) }, context)),
    select: <T extends string>(message: string, choices: Choice<T>[], initial?: T, back?: boolean) => ask(back, (context) => select<T | Back>({ message, choices: back ? [...choices, backChoice] : choices, ...(initial ? { default: initial } : {}) }, context)).then((v) => v as T | Back),
    checkbox: (message, choices) => checkbox({ message, choices: choices.map((c) => ({ ...c, checked: true })), required: true }, { output: process.stderr }),
    confirm: async (message, initial, back) => {
      if (!back) return confirm({ message, default: initial }, { output: process.stderr });
      const v = await ask(back, (context) => select<'yes' | 'no' | Back>({ message, choices: [{ value: 'yes', name: 'yes' }, { value: 'no', name: 'no' }, backChoice], default: initial ? 'yes' : 'no' }, context));
      return v === BACK ? BACK : v === 'yes';
    },
    say: (text) => process.stderr.write(`${text}\n`),
  };
}

/**
 * The same prompter with every message, choice and text made safe for a terminal and a CI log: app ids, file names
 * and values come from the repository, so their control characters show as escapes and no CI command gets through.
 */
export function escapingPrompter(p: Prompter): Prompter {
  const choice = <T extends string>(c: Choice<T>): Choice<T> => ({ ...c, name: stderrSafe(c.name), ...(c.description !== undefined ? { description: stderrSafe(c.description) } : {}) });
  return {
    input: (message, o) => p.input(stderrSafe(message), o),
    select: (message, choices, initial, back) => p.select(stderrSafe(message), choices.map(choice), initial, back),
    checkbox: (message, choices) => p.checkbox(stderrSafe(message), choices.map(choice)),
    confirm: (message, initial, back) => p.confirm(stderrSafe(message), initial, back),
    say: (text) => p.say(stderrSafe(text)),
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
