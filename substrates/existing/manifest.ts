import type { PlatformConfig } from "../../config/types";

/** Cross-field rules for `substrate: existing`. */
export function validateExisting(config: PlatformConfig): string[] {
    const existing = config.cluster.existing;
    if (!existing)
        return [
            'cluster.existing: expected the way to reach the cluster (kubeconfig and/or context) for substrate "existing", got nothing',
        ];
    if (!existing.kubeconfig && !existing.context)
        return ["cluster.existing: expected `kubeconfig` (a secret config key) or `context` (a kubeconfig context), got neither"];
    return [];
}
