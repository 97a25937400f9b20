import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { defineComponent, requireAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { CertManager } from "../cert-manager/component";
import type { Monitoring } from "../monitoring/component";
import type { RedpandaSettings } from "./settings";
import { redpanda } from "./manifest";

// The redpanda ComponentResource; its settings and rules are in ./manifest.ts.

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
        const ns = platformNamespace(this, name, {
            name: "redpanda",
            podSecurity: "baseline",
            kubernetesVersion: cluster.kubernetesVersion,
        });
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

export const redpandaComponent = defineComponent(
    redpanda,
    (name, ctx): Redpanda =>
        new Redpanda(
            name,
            {
                cluster: ctx.cluster,
                settings: ctx.settings,
                certManager: requireAddon(ctx, "certManager"),
                protect: ctx.config.protect,
                monitoring: ctx.addons.monitoring,
            },
            ctx.opts,
        ),
);
