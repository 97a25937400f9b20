import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts, images } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { Monitoring } from "../monitoring";

// The OpenTelemetry Collector as a gateway Deployment (the production-checklist and bare-metal reference platforms): applications send OTLP to one
// in-cluster address; the collector adds Kubernetes attributes, batches, and exports traces to Tempo (the
// default) or to `tracesEndpoint`, so changing the backend never touches an application.

export const openTelemetrySettings = z.strictObject({
    enabled: z.boolean().describe("Run the OpenTelemetry Collector gateway: the one OTLP address applications send traces to."),
    replicas: z.number().int().min(1).max(10).describe("Collector replicas behind the gateway Service."),
    tracesEndpoint: z
        .string()
        .regex(/^[a-z0-9.-]+:\d+$/, { error: 'expected host:port such as "otel.example.org:4317"' })
        .optional()
        .describe("OTLP gRPC endpoint (host:port) of another trace backend; the Tempo addon when unset."),
});
export type OpenTelemetrySettings = z.infer<typeof openTelemetrySettings>;

export interface OpenTelemetryArgs {
    cluster: ClusterHandle;
    settings: OpenTelemetrySettings;
    /** Where traces go: `tracesEndpoint` or Tempo's OTLP endpoint. */
    tracesEndpoint: string;
    monitoring?: Monitoring;
}

const namespace = "opentelemetry";

export class OpenTelemetry extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly release: k8s.helm.v3.Release;
    /** What applications set as OTEL_EXPORTER_OTLP_ENDPOINT. */
    readonly otlpGrpcEndpoint = `opentelemetry-collector.${namespace}.svc.cluster.local:4317`;
    readonly otlpHttpEndpoint = `http://opentelemetry-collector.${namespace}.svc.cluster.local:4318`;

    constructor(name: string, args: OpenTelemetryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:OpenTelemetry", name, {}, opts);
        const { settings, cluster, monitoring } = args;
        const ns = platformNamespace(this, name, { name: namespace, kubernetesVersion: cluster.kubernetesVersion });
        this.release = helmRelease(this, {
            chart: charts.openTelemetry,
            namespace: ns.metadata.name,
            dependsOn: monitoring?.ready,
            values: {
                mode: "deployment",
                replicaCount: settings.replicas,
                image: { repository: images.openTelemetryCollector.image, tag: images.openTelemetryCollector.tag },
                podDisruptionBudget: { enabled: settings.replicas > 1, minAvailable: 1 },
                // The chart sets no security context: these make the pod "restricted" (the image runs as uid 10001).
                podSecurityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } },
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
        });
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace, otlpGrpcEndpoint: this.otlpGrpcEndpoint });
    }
}

export const openTelemetry = defineAddon({
    key: "openTelemetry",
    description: "OpenTelemetry Collector gateway: OTLP in, Kubernetes attributes, traces out to Tempo",
    settings: openTelemetrySettings,
    defaults: {
        dev: { enabled: false, replicas: 1 },
        prod: { enabled: false, replicas: 2 },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    // Tempo is the default backend: needed unless traces go elsewhere.
    requires: (settings) => (settings.tracesEndpoint ? [] : ["tempo"]),
    uses: ["monitoring", "tempo"],
    // OTLP from every application; traces to Tempo, logs to Loki.
    flows: () => [
        {
            namespace,
            ingress: [{ peer: "allNamespaces", ports: [4317, 4318] }, { peer: "monitoring", ports: [8888] }],
            egress: [{ peer: "apiServer" }, { peer: { addon: "tempo" }, ports: [4317, 4318] }],
        },
    ],
    create: (name, ctx): OpenTelemetry =>
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
});
