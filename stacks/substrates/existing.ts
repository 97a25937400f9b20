import { z } from "zod";
import { sandboxedRuntime } from "../../components/cluster/runtimes";
import { secretRef } from "../primitives";
import type { PlatformConfig } from "../types";

/**
 * `cluster.existing`: a cluster someone else built (bare metal with kubeadm, kind, k3d), reached by a
 * kubeconfig held in secret config and/or a context name of the local kubeconfig.
 */
export const existingClusterSettings = z.strictObject({
    /** Config key holding the kubeconfig as a secret: `pulumi config set --secret kubeconfig "$(cat k.yaml)"`. */
    kubeconfig: secretRef.optional(),
    /** A context of that kubeconfig, or of ~/.kube/config when `kubeconfig` is not set (kind-dev, k3d-dev). */
    context: z.string({ error: "expected a kubeconfig context name" }).min(1).optional(),
    /** How Services of type LoadBalancer get addresses: MetalLB (bare metal), none (kind/k3d use NodePorts or k3d's klipper). */
    loadBalancer: z.enum(["metallb", "none"]).default("none"),
    /** The StorageClass the cluster already has (kind: "standard", k3d: "local-path"); leave unset when Rook-Ceph provides it. */
    defaultStorageClass: z.string().min(1).optional(),
    /** True when etcd runs on the control-plane nodes (kubeadm, bare metal), so the platform backs it up. */
    selfManagedEtcd: z.boolean().default(true),
    /**
     * Sandboxed runtimes the operator has installed on some nodes (runsc, the WasmEdge-enabled crun or shim),
     * those nodes labelled `groundwork.io/runtime-<name>=true`; the sandboxedRuntimes addon accepts only these.
     */
    runtimes: z.array(sandboxedRuntime).default([]),
});

export type ExistingClusterSettings = z.infer<typeof existingClusterSettings>;

/** Cross-field rules for `substrate: existing`. */
export function validateExisting(config: PlatformConfig): string[] {
    const existing = config.cluster.existing;
    if (!existing) return ['cluster.existing: expected the way to reach the cluster (kubeconfig and/or context) for substrate "existing", got nothing'];
    if (!existing.kubeconfig && !existing.context) return ["cluster.existing: expected `kubeconfig` (a secret config key) or `context` (a kubeconfig context), got neither"];
    return [];
}
