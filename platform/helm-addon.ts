import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import type { ClusterHandle } from "./cluster/handle";
import { helmRelease, type HelmReleaseArgs } from "./helm";
import { platformNamespace, type PodSecurityLevel } from "./namespace";

// The common addon: its own namespace (Pod Security labels pinned to the cluster's minor) and one pinned
// chart released into it, exposing `namespace`, `release` and `ready`. An addon of that shape is a subclass
// that passes its chart and values; one that creates more adds its resources after calling super.

export interface HelmAddonArgs extends Omit<HelmReleaseArgs, "namespace"> {
    cluster: ClusterHandle;
    /** The namespace the addon creates and installs into. */
    namespace: string;
    /** Pod Security level enforced there; "restricted" unless the chart's pods need more. */
    podSecurity?: PodSecurityLevel;
    /** More outputs to register beside `namespace`, e.g. the endpoints clients use. */
    outputs?: Record<string, unknown>;
}

export abstract class HelmAddon extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly release: k8s.helm.v3.Release;
    /** What resources using the addon's API (CRDs, webhooks) wait for. */
    readonly ready: pulumi.Resource[];

    protected constructor(type: string, name: string, args: HelmAddonArgs, opts?: pulumi.ComponentResourceOptions) {
        super(type, name, {}, opts);
        const { cluster, namespace, podSecurity, outputs, ...release } = args;
        const ns = platformNamespace(this, name, {
            name: namespace,
            kubernetesVersion: cluster.kubernetesVersion,
            ...(podSecurity ? { podSecurity } : {}),
        });
        this.namespace = ns.metadata.name;
        this.release = helmRelease(this, { ...release, namespace: ns.metadata.name });
        this.ready = [this.release];
        this.registerOutputs({ namespace: this.namespace, ...outputs });
    }
}
