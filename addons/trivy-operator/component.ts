import * as pulumi from "@pulumi/pulumi";
import * as aws from "../../platform/aws-sdk";
import * as k8s from "@pulumi/kubernetes";
import { helmRelease } from "../../platform/helm";
import { monitoringObject } from "../../platform/monitoring-objects";
import { platformNamespace } from "../../platform/namespace";
import { charts, trivyOperatorCrds } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import { defineComponent } from "../../platform/addon";
import type { TrivyOperatorSettings } from "./settings";
import { namespace, trivyOperator } from "./manifest";

// The trivy-operator ComponentResource; its settings and rules are in ./manifest.ts.

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
        const ns = platformNamespace(this, name, {
            name: namespace,
            podSecurity: "privileged",
            kubernetesVersion: cluster.kubernetesVersion,
        });
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
                    {
                        region,
                        ecrRepositoryPrefix: rule.prefix,
                        upstreamRegistryUrl: rule.upstreamRegistryUrl,
                        credentialArn: rule.credentialArn,
                    },
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

export const trivyOperatorComponent = defineComponent(
    trivyOperator,
    (name, ctx): TrivyOperator =>
        new TrivyOperator(name, { cluster: ctx.cluster, settings: ctx.settings, monitoring: ctx.addons.monitoring }, ctx.opts),
);
