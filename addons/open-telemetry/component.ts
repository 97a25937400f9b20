import type * as pulumi from "@pulumi/pulumi";
import { HelmAddon } from "../../platform/helm-addon";
import { charts, images } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { Monitoring } from "../monitoring/component";
import { defineComponent } from "../../platform/addon";
import type { OpenTelemetrySettings } from "./settings";
import { namespace, openTelemetry } from "./manifest";

// The open-telemetry ComponentResource; its settings and rules are in ./manifest.ts.

export interface OpenTelemetryArgs {
    cluster: ClusterHandle;
    settings: OpenTelemetrySettings;
    /** Where traces go: `tracesEndpoint` or Tempo's OTLP endpoint. */
    tracesEndpoint: string;
    monitoring?: Monitoring;
}

const otlpGrpcEndpoint = `opentelemetry-collector.${namespace}.svc.cluster.local:4317`;

export class OpenTelemetry extends HelmAddon {
    /** What applications set as OTEL_EXPORTER_OTLP_ENDPOINT. */
    readonly otlpGrpcEndpoint = otlpGrpcEndpoint;
    readonly otlpHttpEndpoint = `http://opentelemetry-collector.${namespace}.svc.cluster.local:4318`;

    constructor(name: string, args: OpenTelemetryArgs, opts?: pulumi.ComponentResourceOptions) {
        const { settings, cluster, monitoring } = args;
        super(
            "groundwork:addons:OpenTelemetry",
            name,
            {
                cluster,
                namespace,
                chart: charts.openTelemetry,
                dependsOn: monitoring?.ready,
                outputs: { otlpGrpcEndpoint },
                values: {
                    mode: "deployment",
                    replicaCount: settings.replicas,
                    image: { repository: images.openTelemetryCollector.image, tag: images.openTelemetryCollector.tag },
                    podDisruptionBudget: { enabled: settings.replicas > 1, minAvailable: 1 },
                    // The chart sets no security context: these make the pod "restricted" (the image runs as uid 10001).
                    podSecurityContext: {
                        runAsNonRoot: true,
                        runAsUser: 10001,
                        runAsGroup: 10001,
                        seccompProfile: { type: "RuntimeDefault" },
                    },
                    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                    // Adds k8s.namespace.name, k8s.pod.name … to every span (and the RBAC to look them up).
                    presets: { kubernetesAttributes: { enabled: true } },
                    config: {
                        // OTLP only: Jaeger and Zipkin receivers are off unless someone needs them.
                        receivers: { jaeger: null, zipkin: null },
                        exporters: { "otlp/traces": { endpoint: args.tracesEndpoint, tls: { insecure: !settings.tracesEndpoint } } },
                        service: {
                            pipelines: {
                                traces: { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["otlp/traces"] },
                            },
                        },
                    },
                    // The ServiceMonitor scrapes the `metrics` Service port, which the chart leaves off by default.
                    ports: {
                        "jaeger-compact": { enabled: false },
                        "jaeger-thrift": { enabled: false },
                        "jaeger-grpc": { enabled: false },
                        zipkin: { enabled: false },
                        metrics: { enabled: !!monitoring },
                    },
                    serviceMonitor: { enabled: !!monitoring },
                },
            },
            opts,
        );
    }
}

export const openTelemetryComponent = defineComponent(
    openTelemetry,
    (name, ctx): OpenTelemetry =>
        new OpenTelemetry(
            name,
            {
                cluster: ctx.cluster,
                settings: ctx.settings,
                tracesEndpoint: ctx.settings.tracesEndpoint ?? ctx.addons.tempo!.otlpGrpcEndpoint,
                monitoring: ctx.addons.monitoring,
            },
            ctx.opts,
        ),
);
