import { z } from "zod";
import { sandboxedRuntime } from "../../model/runtimes";

// The settings of sandboxed-runtimes under `addons.sandboxedRuntimes` in the stack config.

export const sandboxedRuntimesSettings = z.strictObject({
    enabled: z.boolean().describe("Create a RuntimeClass per sandboxed runtime, so pods can opt in with `runtimeClassName`."),
    runtimes: z
        .array(sandboxedRuntime)
        .min(1, { error: "expected at least one runtime (gvisor, wasmedge)" })
        .describe("The runtimes to offer: gvisor (runsc) and/or wasmedge; the substrate's nodes must have them."),
});

export type SandboxedRuntimesSettings = z.infer<typeof sandboxedRuntimesSettings>;
