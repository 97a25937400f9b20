import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import { grafanaDatasource } from "../monitoring/grafana-datasource";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { Monitoring } from "../monitoring/component";
import { defineComponent } from "../../platform/addon";
import type { TempoSettings } from "./settings";
import { namespace, tempo } from "./manifest";

// The tempo ComponentResource; its settings and rules are in ./manifest.ts.

export interface TempoArgs {
    cluster: ClusterHandle;
    settings: TempoSettings;
    monitoring?: Monitoring;
}

export class Tempo extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly release: k8s.helm.v3.Release;
    /** OTLP gRPC endpoint (host:port) for collectors. */
    readonly otlpGrpcEndpoint = `tempo.${namespace}.svc.cluster.local:4317`;
    readonly queryUrl = `http://tempo.${namespace}.svc.cluster.local:3200`;

    constructor(name: string, args: TempoArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Tempo", name, {}, opts);
        const { settings, cluster, monitoring } = args;
        const ns = platformNamespace(this, name, { name: namespace, kubernetesVersion: cluster.kubernetesVersion });
        const storageClass = cluster.capabilities.defaultStorageClass;
        this.release = helmRelease(this, {
            chart: charts.tempo,
            namespace: ns.metadata.name,
            dependsOn: monitoring?.ready,
            values: {
                replicas: 1,
                tempo: {
                    retention: `${settings.retentionHours}h`,
                    reportingEnabled: false,
                    storage: { trace: { backend: "local", local: { path: "/var/tempo/traces" }, wal: { path: "/var/tempo/wal" } } },
                    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                    metricsGenerator: monitoring
                        ? { enabled: true, remoteWriteUrl: `${monitoring.prometheusUrl}/api/v1/write` }
                        : { enabled: false },
                    // The generator runs no processor unless the overrides name them.
                    ...(monitoring
                        ? { overrides: { defaults: { metrics_generator: { processors: ["service-graphs", "span-metrics"] } } } }
                        : {}),
                },
                // The chart's pod runs as uid 10001 but sets no seccomp profile and keeps capabilities: these
                // (merged over its defaults) make it "restricted".
                securityContext: { seccompProfile: { type: "RuntimeDefault" } },
                persistence: {
                    enabled: true,
                    size: settings.volumeSize,
                    accessModes: ["ReadWriteOnce"],
                    ...(storageClass ? { storageClassName: storageClass } : {}),
                },
                serviceMonitor: { enabled: !!monitoring },
            },
        });
        if (monitoring)
            grafanaDatasource(this, name, monitoring.grafanaNamespace, { name: "Tempo", type: "tempo", uid: "tempo", url: this.queryUrl });
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace, otlpGrpcEndpoint: this.otlpGrpcEndpoint });
    }
}

export const tempoComponent = defineComponent(
    tempo,
    (name, ctx): Tempo => new Tempo(name, { cluster: ctx.cluster, settings: ctx.settings, monitoring: ctx.addons.monitoring }, ctx.opts),
);
