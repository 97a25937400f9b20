import * as pulumi from "@pulumi/pulumi";
import * as aws from "../../platform/aws-sdk";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { monitoringObject } from "../../platform/monitoring-objects";
import { platformNamespace } from "../../platform/namespace";
import { charts, trivyOperatorCrds } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig } from "../../config/types";

// Image scanning (the production-checklist reference platform: no vulnerable base images): Trivy Operator writes VulnerabilityReports and
// ConfigAuditReports for every running workload, exports them as Prometheus metrics, and — with the
// monitoring addon — a PrometheusRule pages on critical findings in running workloads. On EKS, images can
// be pulled through ECR pull-through caches that ECR's enhanced (Inspector) scanning watches continuously.

const severities = ["UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;

/** Upstreams ECR can cache; the ones marked need credentials in Secrets Manager (`ecr-pullthroughcache/…`). */
const ecrUpstreams = {
    "public.ecr.aws": false,
    "registry.k8s.io": false,
    "quay.io": false,
    "registry-1.docker.io": true,
    "ghcr.io": true,
    "registry.gitlab.com": true,
} as const;
type EcrUpstream = keyof typeof ecrUpstreams;

const ecrCacheRule = z
    .strictObject({
        prefix: z
            .string()
            .regex(/^[a-z0-9][a-z0-9._-]{1,29}$/, { error: "expected an ECR repository prefix of 2-30 lowercase letters, digits, '.', '_' or '-'" })
            .describe("Repository prefix in the account's ECR: images are pulled as `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<image>`."),
        upstreamRegistryUrl: z
            .enum(Object.keys(ecrUpstreams) as [EcrUpstream, ...EcrUpstream[]])
            .describe("The registry ECR caches; Docker Hub, GitHub and GitLab need credentialArn."),
        credentialArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:ecr-pullthroughcache\/.+$/, {
                error: "expected a Secrets Manager secret ARN whose name starts with ecr-pullthroughcache/",
            })
            .optional()
            .describe("ARN of a Secrets Manager secret named `ecr-pullthroughcache/…` holding the upstream's credentials (an ARN, not a secret itself)."),
    })
    .describe("An ECR pull-through cache rule.");

export const trivyOperatorSettings = z.strictObject({
    enabled: z.boolean().describe("Run Trivy Operator: vulnerability and config-audit reports for every running workload, as Prometheus metrics too."),
    severities: z.array(z.enum(severities)).min(1).default([...severities]).describe("Severities the reports (and metrics) include."),
    ignoreUnfixed: z.boolean().default(false).describe("Report only vulnerabilities that have a fix."),
    concurrentScanJobs: z.number().int().min(1).max(50).describe("Scan jobs running at once: bounds the load on nodes and registries."),
    criticalVulnerabilityAlert: z
        .boolean()
        .default(true)
        .describe("The PrometheusRule on critical vulnerabilities in running workloads (needs the monitoring addon)."),
    ecrPullThroughCache: z
        .strictObject({
            rules: z.array(ecrCacheRule).min(1, { error: "expected at least one pull-through cache rule" }).describe("The pull-through cache rules."),
            continuousScanning: z.boolean().default(true).describe("ECR enhanced scanning (Amazon Inspector), continuous, for the cached repositories."),
        })
        .optional()
        .describe("EKS only: ECR pull-through cache rules and enhanced, continuous scanning of the cached images."),
});
export type TrivyOperatorSettings = z.infer<typeof trivyOperatorSettings>;

export interface TrivyOperatorMonitoring {
    /** The prometheus-operator CRDs. */
    readonly ready: pulumi.Resource[];
}

export interface TrivyOperatorArgs {
    cluster: ClusterHandle;
    settings: TrivyOperatorSettings;
    /** From the monitoring addon, when enabled: the ServiceMonitor and the alert rule wait for its CRDs. */
    monitoring?: TrivyOperatorMonitoring;
}

const namespace = "trivy-system";
const release = "trivy-operator";

/** The PrometheusRule's spec: one alert per vulnerable container of a running workload. */
export function criticalVulnerabilityRule(): Record<string, unknown> {
    return {
        groups: [
            {
                name: "trivy-operator",
                rules: [
                    {
                        alert: "CriticalVulnerabilityInRunningWorkload",
                        // Reports exist only for current revisions (vulnerabilityScannerScanOnlyCurrentRevisions),
                        // so a finding here is in something that runs now.
                        expr: 'sum by (namespace, resource_kind, resource_name, container_name, image_repository, image_tag) (trivy_image_vulnerabilities{severity="Critical"}) > 0',
                        for: "15m",
                        labels: { severity: "critical" },
                        annotations: {
                            summary: "Critical vulnerabilities in {{ $labels.namespace }}/{{ $labels.resource_name }}",
                            description:
                                "{{ $value }} critical vulnerabilities in {{ $labels.image_repository }}:{{ $labels.image_tag }} (container {{ $labels.container_name }} of {{ $labels.resource_kind }} {{ $labels.namespace }}/{{ $labels.resource_name }}). `kubectl get vulnerabilityreports -n {{ $labels.namespace }}` lists them; rebuild on a patched base image.",
                        },
                    },
                ],
            },
        ],
    };
}

export class TrivyOperator extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** The report CRDs and the operator: what anything reading reports waits for. */
    readonly ready: pulumi.Resource[];
    /** ECR registry host to prefix images with when the pull-through cache is on, e.g. 1234.dkr.ecr.eu-west-1.amazonaws.com. */
    readonly ecrRegistry?: pulumi.Output<string>;

    constructor(name: string, args: TrivyOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:TrivyOperator", name, {}, opts);
        const { settings, cluster, monitoring } = args;
        // The node-collector jobs of the infra assessment mount host paths (kubelet, etcd and systemd config).
        const ns = platformNamespace(this, name, { name: namespace, podSecurity: "privileged", kubernetesVersion: cluster.kubernetesVersion });
        const crds = new k8s.yaml.v2.ConfigGroup(
            `${name}-crds`,
            { files: trivyOperatorCrds.files.map((f) => trivyOperatorCrds.url(trivyOperatorCrds.version, f)), skipAwait: false },
            // The CRDs hold every report: deleting them deletes the reports.
            { parent: this, retainOnDelete: true },
        );
        const chart = helmRelease(this, {
            chart: charts.trivyOperator,
            namespace: ns.metadata.name,
            skipCrds: true,
            dependsOn: [crds],
            values: {
                trivy: { severity: settings.severities.join(","), ignoreUnfixed: settings.ignoreUnfixed },
                operator: {
                    scanJobsConcurrentLimit: settings.concurrentScanJobs,
                    vulnerabilityScannerEnabled: true,
                    configAuditScannerEnabled: true,
                    vulnerabilityScannerScanOnlyCurrentRevisions: true,
                },
                // The program creates the ServiceMonitor itself, after monitoring's CRDs, so this release
                // does not wait on the monitoring stack (one Helm wave less).
                serviceMonitor: { enabled: false },
                resources: { requests: { cpu: "100m", memory: "256Mi" } },
            },
        });
        this.ready = [crds, chart];

        if (monitoring) {
            monitoringObject(this, `${name}-metrics`, {
                kind: "ServiceMonitor",
                name: release,
                namespace: ns.metadata.name,
                spec: {
                    // The chart's Service selector labels (release name = chart name).
                    selector: { matchLabels: { "app.kubernetes.io/name": release, "app.kubernetes.io/instance": release } },
                    endpoints: [{ port: "metrics", scheme: "http", honorLabels: true }],
                },
                ready: monitoring.ready,
            });
            if (settings.criticalVulnerabilityAlert) {
                monitoringObject(this, `${name}-alerts`, {
                    kind: "PrometheusRule",
                    name: `${release}-critical-vulnerabilities`,
                    namespace: ns.metadata.name,
                    spec: criticalVulnerabilityRule(),
                    ready: monitoring.ready,
                });
            }
        }

        if (settings.ecrPullThroughCache && cluster.aws) {
            const { region, accountId } = cluster.aws;
            const cache = settings.ecrPullThroughCache;
            for (const rule of cache.rules) {
                new aws.ecr.PullThroughCacheRule(
                    `${name}-cache-${rule.prefix}`,
                    { region, ecrRepositoryPrefix: rule.prefix, upstreamRegistryUrl: rule.upstreamRegistryUrl, credentialArn: rule.credentialArn },
                    { parent: this },
                );
            }
            if (cache.continuousScanning) {
                // Registry-wide setting: one per account and region.
                new aws.ecr.RegistryScanningConfiguration(
                    `${name}-ecr-scanning`,
                    {
                        region,
                        scanType: "ENHANCED",
                        rules: [
                            {
                                scanFrequency: "CONTINUOUS_SCAN",
                                repositoryFilters: cache.rules.map((r) => ({ filter: `${r.prefix}/*`, filterType: "WILDCARD" })),
                            },
                        ],
                    },
                    { parent: this },
                );
            }
            this.ecrRegistry = pulumi.interpolate`${accountId}.dkr.ecr.${region}.amazonaws.com`;
        }

        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace, ecrRegistry: this.ecrRegistry });
    }
}

export function trivyOperatorProblems(settings: TrivyOperatorSettings, config: PlatformConfig): string[] {
    const problems: string[] = [];
    const cache = settings.ecrPullThroughCache;
    if (cache && config.substrate !== "eks") {
        problems.push(`addons.trivyOperator.ecrPullThroughCache: expected nothing on substrate "${config.substrate}" (ECR pull-through caches exist only on eks), got a map of settings`);
    }
    cache?.rules.forEach((rule, i) => {
        if (ecrUpstreams[rule.upstreamRegistryUrl] && !rule.credentialArn) {
            problems.push(
                `addons.trivyOperator.ecrPullThroughCache.rules[${i}].credentialArn: expected the ARN of a Secrets Manager secret (ecr-pullthroughcache/…) because ${rule.upstreamRegistryUrl} needs credentials, got nothing`,
            );
        }
    });
    return problems;
}

export const trivyOperator = defineAddon({
    key: "trivyOperator",
    description: "Trivy Operator: vulnerability and config-audit reports for running workloads, metrics and a critical-vulnerability alert",
    settings: trivyOperatorSettings,
    defaults: {
        dev: { enabled: false, concurrentScanJobs: 3 },
        prod: { enabled: true, concurrentScanJobs: 10 },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    uses: ["monitoring"],
    validate: trivyOperatorProblems,
    // Scan jobs run in this namespace and pull vulnerability databases and images from registries.
    flows: () => [
        {
            namespace,
            ingress: [{ peer: "monitoring", ports: [8080] }],
            egress: [{ peer: "apiServer" }, { peer: "internet", ports: [443] }],
        },
    ],
    create: (name, ctx): TrivyOperator => new TrivyOperator(name, { cluster: ctx.cluster, settings: ctx.settings, monitoring: ctx.addons.monitoring }, ctx.opts),
});
