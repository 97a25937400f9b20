// A tiny flag parser for the scripts: `--name value` pairs and bare positionals; unknown flags are errors.

export function parseArgs(argv: string[], known: readonly string[]): { flags: Record<string, string>; positional: string[] } {
    const flags: Record<string, string> = {};
    const positional: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!arg.startsWith("--")) {
            positional.push(arg);
            continue;
        }
        const [name, inline] = arg.slice(2).split("=", 2);
        if (!known.includes(name))
            throw new UsageError(`unknown option --${name} (expected one of ${known.map((k) => `--${k}`).join(", ")})`);
        const value = inline ?? argv[++i];
        if (value === undefined) throw new UsageError(`--${name} expects a value`);
        flags[name] = value;
    }
    return { flags, positional };
}

export class UsageError extends Error {}
