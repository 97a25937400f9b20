import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { Monitoring } from "../monitoring/component";
import { defineComponent } from "../../platform/addon";
import { KedaSettings } from "./settings";
import { keda } from "./manifest";

// The keda ComponentResource; its settings and rules are in ./manifest.ts.

export interface KedaArgs {
    cluster: ClusterHandle;
    settings: KedaSettings;
    monitoring?: Monitoring;
}

export class Keda extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly release: k8s.helm.v3.Release;
    /** What a ScaledObject or TriggerAuthentication must wait for. */
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: KedaArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Keda", name, {}, opts);
        const { settings, cluster, monitoring } = args;
        // "restricted" (the default): the chart's pods run as non-root with RuntimeDefault seccomp and drop ALL capabilities.
        const ns = platformNamespace(this, name, { name: "keda", kubernetesVersion: cluster.kubernetesVersion });
        this.release = helmRelease(this, {
            chart: charts.keda,
            namespace: ns.metadata.name,
            dependsOn: monitoring?.ready,
            values: {
                crds: { install: true },
                operator: { replicaCount: settings.replicas },
                metricsServer: { replicaCount: settings.replicas },
                webhooks: { replicaCount: settings.replicas },
                podDisruptionBudget: settings.replicas > 1 ? { operator: { minAvailable: 1 }, metricServer: { minAvailable: 1 }, webhooks: { minAvailable: 1 } } : {},
                prometheus: monitoring
                    ? { operator: { enabled: true, serviceMonitor: { enabled: true } }, metricServer: { enabled: true, serviceMonitor: { enabled: true } } }
                    : {},
            },
        });
        this.ready = [this.release];
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace });
    }
}

export const kedaComponent = defineComponent(keda, (name, ctx): Keda => new Keda(name, { cluster: ctx.cluster, settings: ctx.settings, monitoring: ctx.addons.monitoring }, ctx.opts));
