import { z } from "zod";
import { sandboxedRuntime } from "../../model/runtimes";
import { secretRef } from "../../model/primitives";

export const existingClusterSettings = z
    .strictObject({
        kubeconfig: secretRef
            .optional()
            .describe('Secret config key holding the kubeconfig: `pulumi config set --secret kubeconfig "$(cat k.yaml)"`.'),
        context: z
            .string({ error: "expected a kubeconfig context name" })
            .min(1)
            .optional()
            .describe("A context of that kubeconfig, or of ~/.kube/config when `kubeconfig` is not set (kind-dev, k3d-dev)."),
        loadBalancer: z
            .enum(["metallb", "none"])
            .default("none")
            .describe(
                "How Services of type LoadBalancer get addresses: MetalLB (bare metal), or none (kind/k3d use NodePorts or k3d's klipper).",
            ),
        defaultStorageClass: z
            .string()
            .min(1)
            .optional()
            .describe(
                'The StorageClass the cluster already has (kind: "standard", k3d: "local-path"); leave unset when Rook-Ceph provides it.',
            ),
        selfManagedEtcd: z
            .boolean()
            .default(true)
            .describe("True when etcd runs on the control-plane nodes (kubeadm, bare metal), so the platform backs it up."),
        runtimes: z
            .array(sandboxedRuntime)
            .default([])
            .describe(
                "Sandboxed runtimes the operator has installed on some nodes (runsc, the WasmEdge-enabled crun or shim), those nodes labelled `groundwork.io/runtime-<name>=true`; the sandboxedRuntimes addon accepts only these.",
            ),
    })
    .describe(
        "`substrate: existing`: a cluster someone else built (bare metal with kubeadm, kind, k3d), reached by a kubeconfig held in secret config and/or a context name.",
    );

export type ExistingClusterSettings = z.infer<typeof existingClusterSettings>;
