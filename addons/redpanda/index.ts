import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon, requireAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import { positiveInt, storageSize } from "../../model/primitives";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { CertManager } from "../cert-manager";
import type { Monitoring } from "../monitoring";
import type { PlatformConfig } from "../../config/types";

// Redpanda (the Magnum (Jetstream2) reference platform; optional): a Kafka-compatible queue. One broker in dev, three in prod (a Raft
// majority survives one node), each on its own volume; TLS between brokers and clients from cert-manager.
// Not exposed outside the cluster.

export const redpandaSettings = z.strictObject({
    enabled: z.boolean().describe("Run Redpanda, a Kafka-compatible queue with TLS from cert-manager, inside the cluster only."),
    replicas: z.number().int().min(1).max(9).describe("Brokers, each on its own volume; three or more let a Raft majority survive a lost node."),
    storage: storageSize.describe("Data volume of each broker. Fixed once created."),
    storageClass: z.string().min(1).optional().describe("StorageClass of the broker volumes; the substrate's storage class when unset. Fixed once created."),
    cpuCores: positiveInt.max(64).describe("CPU cores per broker (Redpanda runs one thread per core)."),
    memory: z
        .string()
        .regex(/^\d+(\.\d+)?(Mi|Gi)$/, { error: 'expected a memory size such as "2.5Gi"' })
        .describe('Container memory limit of each broker, e.g. "2.5Gi".'),
});
export type RedpandaSettings = z.infer<typeof redpandaSettings>;

export interface RedpandaArgs {
    cluster: ClusterHandle;
    settings: RedpandaSettings;
    certManager: CertManager;
    protect: boolean;
    monitoring?: Monitoring;
}

export class Redpanda extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly release: k8s.helm.v3.Release;
    readonly bootstrapServers: string;

    constructor(name: string, args: RedpandaArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Redpanda", name, {}, opts);
        const { settings, cluster, certManager, monitoring } = args;
        // "baseline", not "restricted": the broker pods' containers (configurator, bootstrap-yaml-envsubst, redpanda,
        // sidecar) set no seccomp profile and keep their capabilities, and the chart has no value for that short of
        // per-container podTemplate patches.
        const ns = platformNamespace(this, name, { name: "redpanda", podSecurity: "baseline", kubernetesVersion: cluster.kubernetesVersion });
        const storageClass = settings.storageClass ?? cluster.capabilities.defaultStorageClass ?? "";
        this.release = helmRelease(
            this,
            {
                chart: charts.redpanda,
                namespace: ns.metadata.name,
                // The chart's TLS certificates are cert-manager Certificates; its ServiceMonitor needs the CRDs.
                dependsOn: [...certManager.ready, ...(monitoring?.ready ?? [])],
                values: {
                    statefulset: { replicas: settings.replicas },
                    storage: { persistentVolume: { enabled: true, size: settings.storage, storageClass } },
                    resources: { cpu: { cores: settings.cpuCores }, memory: { container: { max: settings.memory } } },
                    tls: { enabled: true },
                    external: { enabled: false },
                    console: { enabled: true },
                    // The AIO tuning init container runs privileged; the namespace stays "baseline" without it.
                    tuning: { tune_aio_events: false },
                    monitoring: { enabled: !!monitoring },
                },
            },
            // The brokers' data lives in the release's volumes: keep it from a careless delete in prod.
            { protect: args.protect },
        );
        this.bootstrapServers = `redpanda.redpanda.svc.cluster.local:9093`;
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace, bootstrapServers: this.bootstrapServers });
    }
}

export const redpanda = defineAddon({
    key: "redpanda",
    description: "Kafka-compatible queue (Redpanda): one broker in dev, three in prod, TLS from cert-manager",
    settings: redpandaSettings,
    defaults: {
        dev: { enabled: false, replicas: 1, storage: "10Gi", cpuCores: 1, memory: "2.5Gi" },
        prod: { enabled: false, replicas: 3, storage: "50Gi", cpuCores: 2, memory: "8Gi" },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    requires: () => ["certManager"],
    uses: ["monitoring"],
    // The chart requests the cores and the container memory (limits = requests); its default
    // podAntiAffinity is "hard" on kubernetes.io/hostname: one broker per node.
    pods: (settings) => [
        { what: "the Redpanda brokers", setting: "addons.redpanda.cpuCores and addons.redpanda.memory", replicas: settings.replicas, requests: { cpu: settings.cpuCores, memory: settings.memory }, onePerNode: true },
    ],
    validate: (settings, config: PlatformConfig) =>
        config.environment === "prod" && settings.replicas < 3
            ? [`addons.redpanda.replicas: expected at least 3 in prod (a majority must survive losing a broker), got ${settings.replicas}`]
            : [],
    // Kafka, Schema Registry and the HTTP proxy for applications anywhere in the cluster.
    flows: () => [
        {
            namespace: "redpanda",
            ingress: [{ peer: "allNamespaces", ports: [9092, 8081, 8082] }, { peer: "monitoring", ports: [9644] }],
            egress: [{ peer: "apiServer" }],
        },
    ],
    create: (name, ctx): Redpanda =>
        new Redpanda(
            name,
            { cluster: ctx.cluster, settings: ctx.settings, certManager: requireAddon(ctx, "certManager"), protect: ctx.config.protect, monitoring: ctx.addons.monitoring },
            ctx.opts,
        ),
});
