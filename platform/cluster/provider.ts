import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { parse } from "yaml";

// The Kubernetes provider every substrate hands to the platform.

export interface ClusterProviderArgs {
    clusterName: string;
    /** A secret kubeconfig; undefined to use ~/.kube/config (or $KUBECONFIG). */
    kubeconfig?: pulumi.Input<string>;
    context?: string;
    /**
     * The control plane and node resources. The provider waits for them, so every Kubernetes object waits
     * for nodes to schedule on, and on teardown every object is deleted before the nodes go.
     */
    nodes?: pulumi.Input<pulumi.Resource>[];
}

export function clusterProvider(scope: pulumi.Resource, name: string, args: ClusterProviderArgs): k8s.Provider {
    return new k8s.Provider(
        `${name}-k8s`,
        {
            kubeconfig: args.kubeconfig,
            context: args.context,
            // Replace the provider (and so every Kubernetes object) only when the cluster itself changes, not
            // when a token or certificate in the kubeconfig rotates.
            clusterIdentifier: args.clusterName,
        },
        { parent: scope, dependsOn: args.nodes },
    );
}

/** The API server URL of a kubeconfig's current (or named) context; "" when it cannot be read. */
export function kubeconfigServer(kubeconfig: string, context?: string): string {
    try {
        const doc = parse(kubeconfig) as any;
        const ctxName = context ?? doc?.["current-context"];
        const ctx = (doc?.contexts ?? []).find((c: any) => c.name === ctxName) ?? doc?.contexts?.[0];
        const cluster = (doc?.clusters ?? []).find((c: any) => c.name === ctx?.context?.cluster) ?? doc?.clusters?.[0];
        return cluster?.cluster?.server ?? "";
    } catch {
        return "";
    }
}
