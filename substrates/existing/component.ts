import * as pulumi from "@pulumi/pulumi";
import { capabilitiesOf } from "../../config/capabilities";
import type { ClusterHandle, NodePoolHandle } from "../../platform/cluster/handle";
import { clusterProvider, kubeconfigServer } from "../../platform/cluster/provider";
import type { PlatformConfig, SecretReader } from "../../config/types";

// A cluster the program does not build: bare metal set up with kubeadm (the bare-metal reference platform), or a local kind/k3d
// cluster for reproducing problems (the EKS reference platform). The program only needs a way in: a kubeconfig from secret
// config, a context name, or both.

export interface ExistingClusterArgs {
    config: PlatformConfig;
    secrets: SecretReader;
}

export class ExistingCluster extends pulumi.ComponentResource {
    readonly handle: ClusterHandle;

    constructor(name: string, args: ExistingClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:cluster:ExistingCluster", name, {}, opts);
        const { cluster } = args.config;
        const existing = cluster.existing!; // required for this substrate by the config rules
        // Without a kubeconfig in config the provider reads ~/.kube/config (or $KUBECONFIG) with the context.
        const kubeconfig = existing.kubeconfig ? args.secrets(existing.kubeconfig) : pulumi.secret("");
        const provider = clusterProvider(this, name, {
            clusterName: cluster.name,
            kubeconfig: existing.kubeconfig ? kubeconfig : undefined,
            context: existing.context,
        });
        const nodePools: NodePoolHandle[] = cluster.nodePools.map((pool) => ({
            name: pool.name,
            labels: pool.labels,
            taints: pool.taints,
            resources: [],
        }));
        this.handle = {
            name: cluster.name,
            substrate: "existing",
            kubernetesVersion: cluster.kubernetesVersion,
            kubeconfig,
            endpoint: existing.kubeconfig ? kubeconfig.apply((k) => kubeconfigServer(k, existing.context)) : pulumi.output(""),
            provider,
            capabilities: capabilitiesOf(args.config),
            nodePools,
            ready: [provider],
        };
        this.registerOutputs({ name: this.handle.name });
    }
}
