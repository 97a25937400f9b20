import * as pulumi from "@pulumi/pulumi";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import { defineComponent } from "../../platform/addon";
import { MetricsServerSettings } from "./settings";
import { metricsServer, metricsServerResources } from "./manifest";

// The metrics-server ComponentResource; its settings and rules are in ./manifest.ts.

export interface MetricsServerArgs {
    cluster: ClusterHandle;
    settings: MetricsServerSettings;
}

export class MetricsServer extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** The APIService v1beta1.metrics.k8s.io is served once this release is ready: HPAs depend on it. */
    readonly release: pulumi.Resource;

    constructor(name: string, args: MetricsServerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:MetricsServer", name, {}, opts);
        const { settings, cluster } = args;
        const ns = platformNamespace(this, name, { name: "metrics-server", kubernetesVersion: cluster.kubernetesVersion });
        const release = helmRelease(this, {
            chart: charts.metricsServer,
            namespace: ns.metadata.name,
            values: {
                replicas: settings.replicas,
                args: settings.kubeletInsecureTls ? ["--kubelet-insecure-tls"] : [],
                podDisruptionBudget: { enabled: settings.replicas > 1, minAvailable: 1 },
                resources: metricsServerResources,
            },
        });
        this.namespace = ns.metadata.name;
        this.release = release;
        this.registerOutputs({ namespace: this.namespace });
    }
}

export const metricsServerComponent = defineComponent(metricsServer, (name, ctx) => new MetricsServer(name, { cluster: ctx.cluster, settings: ctx.settings }, ctx.opts));
