import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";

// metrics-server: the resource metrics API behind `kubectl top` and the HorizontalPodAutoscaler (the EKS reference platform).

export const metricsServerSettings = z.strictObject({
    enabled: z.boolean().describe("Run metrics-server: the resource metrics API behind `kubectl top` and HorizontalPodAutoscalers."),
    replicas: z.number().int().min(1).max(5).describe("metrics-server replicas (more than one: a PodDisruptionBudget keeps the API up during node drains)."),
    kubeletInsecureTls: z
        .boolean()
        .default(false)
        .describe("Skip verifying kubelets' certificates: kind and k3d kubelets serve self-signed ones; real clusters should leave this off."),
});
export type MetricsServerSettings = z.infer<typeof metricsServerSettings>;

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

const metricsServerResources = { requests: { cpu: "100m", memory: "200Mi" } };

export const metricsServer = defineAddon({
    key: "metricsServer",
    description: "Resource metrics API for kubectl top and HorizontalPodAutoscalers",
    settings: metricsServerSettings,
    defaults: {
        dev: { enabled: true, replicas: 1 },
        prod: { enabled: true, replicas: 2 },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    pods: (settings) => [{ what: "metrics-server", setting: "addons.metricsServer.replicas", replicas: settings.replicas, requests: metricsServerResources.requests, onePerNode: false }],
    // An aggregated API: the API server calls it; it reads every kubelet's resource metrics.
    flows: () => [
        {
            namespace: "metrics-server",
            ingress: [{ peer: "apiServer", ports: [10250] }],
            egress: [{ peer: "apiServer" }, { peer: "nodes", ports: [10250] }],
        },
    ],
    create: (name, ctx) => new MetricsServer(name, { cluster: ctx.cluster, settings: ctx.settings }, ctx.opts),
});
