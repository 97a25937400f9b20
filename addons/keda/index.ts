import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { Monitoring } from "../monitoring";

// KEDA (the Magnum (Jetstream2) reference platform): scales workloads on queue length and other event sources (the video workers). Its CRDs
// come with the chart (templates, so Helm upgrades them); ScaledObjects wait on `ready`.

export const kedaSettings = z.strictObject({
    enabled: z.boolean().describe("Run KEDA: scale workloads on queue length and other event sources (ScaledObjects)."),
    replicas: z.number().int().min(1).max(3).describe("Replicas of the KEDA operator and its metrics API server."),
});
export type KedaSettings = z.infer<typeof kedaSettings>;

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

export const keda = defineAddon({
    key: "keda",
    description: "Event-driven autoscaling (KEDA): scale workloads on queue length and other metrics",
    settings: kedaSettings,
    defaults: { dev: { enabled: false, replicas: 1 }, prod: { enabled: false, replicas: 2 } },
    substrates: ["eks", "magnum", "nova", "existing"],
    uses: ["monitoring"],
    // The external-metrics API and webhooks for the API server; scalers read event sources anywhere.
    flows: () => [
        {
            namespace: "keda",
            ingress: [{ peer: "apiServer", ports: [6443, 9443] }, { peer: "monitoring", ports: [8080] }],
            egress: [{ peer: "apiServer" }, { peer: "allNamespaces" }, { peer: "internet", ports: [443] }],
        },
    ],
    create: (name, ctx): Keda => new Keda(name, { cluster: ctx.cluster, settings: ctx.settings, monitoring: ctx.addons.monitoring }, ctx.opts),
});
