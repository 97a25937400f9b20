import type * as pulumi from "@pulumi/pulumi";
import { HelmAddon } from "../../platform/helm-addon";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import { defineComponent } from "../../platform/addon";
import type { MetricsServerSettings } from "./settings";
import { metricsServer, metricsServerResources } from "./manifest";

// The metrics-server ComponentResource; its settings and rules are in ./manifest.ts.

export interface MetricsServerArgs {
    cluster: ClusterHandle;
    settings: MetricsServerSettings;
}

export class MetricsServer extends HelmAddon {
    constructor(name: string, args: MetricsServerArgs, opts?: pulumi.ComponentResourceOptions) {
        const { settings, cluster } = args;
        super(
            "groundwork:addons:MetricsServer",
            name,
            {
                cluster,
                namespace: "metrics-server",
                chart: charts.metricsServer,
                values: {
                    replicas: settings.replicas,
                    args: settings.kubeletInsecureTls ? ["--kubelet-insecure-tls"] : [],
                    podDisruptionBudget: { enabled: settings.replicas > 1, minAvailable: 1 },
                    resources: metricsServerResources,
                },
            },
            opts,
        );
    }
}

export const metricsServerComponent = defineComponent(
    metricsServer,
    (name, ctx) => new MetricsServer(name, { cluster: ctx.cluster, settings: ctx.settings }, ctx.opts),
);
