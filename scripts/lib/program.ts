import type { groundwork } from "../../program";

/**
 * The platform program, loaded on first use: loading it (every addon, the cloud SDKs) is most of a command's
 * start-up, so a command checks its arguments first and a plan read from a file never pays for it.
 * (`require`, not `import()`: a dynamic import would leave the CommonJS fast path for Node's ESM loader.)
 */
export function loadProgram(): typeof groundwork {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("../../program") as typeof import("../../program")).groundwork;
}
