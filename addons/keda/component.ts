import type * as pulumi from "@pulumi/pulumi";
import { HelmAddon } from "../../platform/helm-addon";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { Monitoring } from "../monitoring/component";
import { defineComponent } from "../../platform/addon";
import type { KedaSettings } from "./settings";
import { keda } from "./manifest";

// The keda ComponentResource; its settings and rules are in ./manifest.ts.

export interface KedaArgs {
    cluster: ClusterHandle;
    settings: KedaSettings;
    monitoring?: Monitoring;
}

export class Keda extends HelmAddon {
    constructor(name: string, args: KedaArgs, opts?: pulumi.ComponentResourceOptions) {
        const { settings, cluster, monitoring } = args;
        // "restricted" (the default): the chart's pods run as non-root with RuntimeDefault seccomp and drop ALL capabilities.
        super(
            "groundwork:addons:Keda",
            name,
            {
                cluster,
                namespace: "keda",
                chart: charts.keda,
                dependsOn: monitoring?.ready,
                values: {
                    crds: { install: true },
                    operator: { replicaCount: settings.replicas },
                    metricsServer: { replicaCount: settings.replicas },
                    webhooks: { replicaCount: settings.replicas },
                    podDisruptionBudget:
                        settings.replicas > 1
                            ? { operator: { minAvailable: 1 }, metricServer: { minAvailable: 1 }, webhooks: { minAvailable: 1 } }
                            : {},
                    prometheus: monitoring
                        ? {
                              operator: { enabled: true, serviceMonitor: { enabled: true } },
                              metricServer: { enabled: true, serviceMonitor: { enabled: true } },
                          }
                        : {},
                },
            },
            opts,
        );
    }
}

export const kedaComponent = defineComponent(
    keda,
    (name, ctx): Keda => new Keda(name, { cluster: ctx.cluster, settings: ctx.settings, monitoring: ctx.addons.monitoring }, ctx.opts),
);
