import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { stringify } from "yaml";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { generatedSecret, namespacedSecret } from "../../platform/secrets";
import { helmRelease } from "../../platform/helm";
import { ingressAddons, ingressSettings, tlsIngress, uiExposure, type TlsIngress } from "../../platform/ingress-tls";
import { monitoringObject } from "../../platform/monitoring-objects";
import { platformNamespace } from "../../platform/namespace";
import { ingressTeardownAddons } from "../../platform/teardown";
import { charts } from "../../model/versions";
import { positiveInt, storageSize } from "../../model/primitives";
import {
    alertmanagerConfig,
    hasReceivers,
    receiverProblems,
    receiverSecretKeys,
    receiverSettings,
} from "./alertmanager-config";
import { platformPrometheusRule, type AlertThresholds, type WatchedComponents } from "./alert-rules";
import { backupLocationOf } from "../../platform/backups/location";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { ClusterIssuerNames } from "../cert-manager";
import type { PlatformConfig, SecretReader } from "../../config/types";

// Metrics and alerting: the prometheus-operator CRDs as their own release (CRDs first: every other addon's
// ServiceMonitors and PrometheusRules wait on `ready`, not on the whole stack), then kube-prometheus-stack
// without CRDs, with persistent Prometheus, Alertmanager fed from secret config, and Grafana with a
// generated admin password. The platform's own failure modes are alerted on by default.

export const monitoringSettings = z.strictObject({
    enabled: z.boolean().describe("Run kube-prometheus-stack: Prometheus, Alertmanager, Grafana and the platform's alert rules."),
    prometheus: z
        .strictObject({
            replicas: z.number().int().min(1).max(5).describe("Prometheus replicas, each scraping everything into its own volume."),
            retention: z
                .string()
                .regex(/^\d+(h|d|w|y)$/, { error: 'expected a duration such as "15d"' })
                .describe('How long samples are kept, e.g. "15d" (h, d, w or y).'),
            retentionSize: z
                .string()
                .regex(/^\d+(MB|GB|TB)$/, { error: 'expected a size such as "45GB"' })
                .describe('Upper bound on the TSDB size, e.g. "45GB"; keep it below the volume size.'),
            storage: storageSize.describe('Volume of each Prometheus replica, e.g. "50Gi".'),
            storageClass: z.string().min(1).optional().describe("StorageClass of the Prometheus volumes; the substrate's storage class when unset."),
        })
        .describe("Prometheus: metrics collection and storage."),
    alertmanager: z
        .strictObject({
            replicas: z.number().int().min(1).max(5).describe("Alertmanager replicas; they gossip so an alert is sent once."),
            storage: storageSize.describe("Volume of each Alertmanager replica (silences and notification state)."),
            receivers: receiverSettings.default({}),
        })
        .describe("Alertmanager: where alerts are sent."),
    grafana: z
        .strictObject({
            ingress: ingressSettings.optional().describe("Exposes Grafana over HTTPS; needs cert-manager."),
            storage: storageSize.optional().describe("A volume for Grafana, so dashboards and users survive restarts; none when unset."),
        })
        .describe("Grafana: dashboards, with a generated admin password."),
    alerts: z
        .strictObject({
            certificateExpiryDays: positiveInt.max(60).describe("Alert when a certificate expires in fewer days than this."),
            backupMaxAgeHours: positiveInt.max(24 * 14).describe("Alert when the newest successful backup is older than this many hours."),
            volumeFreePercent: positiveInt.max(50).describe("Alert when a volume has less free space than this percentage."),
            replicationLagSeconds: positiveInt.describe("Alert when a PostgreSQL replica is further behind than this many seconds."),
        })
        .describe("Thresholds of the platform's own alert rules."),
});
export type MonitoringSettings = z.infer<typeof monitoringSettings>;

export interface MonitoringArgs {
    cluster: ClusterHandle;
    settings: MonitoringSettings;
    secrets: SecretReader;
    /** From cert-manager, when Grafana has an ingress. */
    issuers?: ClusterIssuerNames;
    /** The platform's default IngressClass, when an ingress addon is enabled. */
    ingressClass?: string;
    /** ExternalDNS and the ingress controller: destroyed after Grafana's Ingress (platform/teardown.ts). */
    ingressControllers?: pulumi.Resource[];
    /** Dev is disposable: volumes of the Prometheus and Alertmanager StatefulSets go with them. */
    deleteVolumes?: boolean;
    /** What the platform runs, so that no alert watches a component that is not there. */
    watched: WatchedComponents;
    /** cert-manager's namespace, when it is enabled: its controller's metrics feed the certificate alerts. */
    certManagerNamespace?: pulumi.Input<string>;
}

const namespace = "monitoring";
const release = "kube-prometheus-stack";
const grafanaAdminSecret = "grafana-admin";
const alertmanagerSecret = "alertmanager-platform";

export class Monitoring extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** The prometheus-operator CRDs: what a ServiceMonitor, PodMonitor or PrometheusRule must wait for. */
    readonly ready: pulumi.Resource[];
    readonly release: k8s.helm.v3.Release;
    /** Where Grafana data source ConfigMaps go (see monitoring/grafana-datasource.ts). */
    readonly grafanaNamespace: string = namespace;
    /** External URL when Grafana has an ingress, else the in-cluster one. */
    readonly grafanaUrl: string;
    readonly prometheusUrl: string = `http://${release}-prometheus.${namespace}.svc.cluster.local:9090`;
    readonly alertmanagerUrl: string = `http://${release}-alertmanager.${namespace}.svc.cluster.local:9093`;

    constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Monitoring", name, {}, opts);
        const { settings, cluster } = args;
        // node-exporter (a DaemonSet in this namespace) needs hostNetwork, hostPID and hostPath mounts.
        const ns = platformNamespace(this, name, { name: namespace, podSecurity: "privileged", kubernetesVersion: cluster.kubernetesVersion });
        const crds = helmRelease(this, { chart: charts.monitoringCrds, namespace: ns.metadata.name, values: {} });
        this.ready = [crds];

        const grafanaAdmin = namespacedSecret(this, `${name}-grafana-admin`, {
            secretName: grafanaAdminSecret,
            namespace: ns.metadata.name,
            stringData: { "admin-user": "admin", "admin-password": generatedSecret(this, `${name}-grafana-admin`) },
        });
        const amSecret = namespacedSecret(this, `${name}-alertmanager-config`, {
            secretName: alertmanagerSecret,
            namespace: ns.metadata.name,
            stringData: { "alertmanager.yaml": renderAlertmanagerConfig(settings, args.secrets) },
        });

        const ingress = settings.grafana.ingress && args.issuers ? tlsIngress(settings.grafana.ingress, args.issuers.default, "grafana-tls", args.ingressClass) : undefined;
        this.grafanaUrl = ingress?.url ?? `http://${release}-grafana.${namespace}.svc.cluster.local`;
        const storageClass = settings.prometheus.storageClass ?? cluster.capabilities.defaultStorageClass;

        this.release = helmRelease(this, {
            chart: charts.monitoring,
            namespace: ns.metadata.name,
            skipCrds: true,
            dependsOn: [crds, grafanaAdmin, amSecret, ...(ingress ? (args.ingressControllers ?? []) : [])],
            values: {
                crds: { enabled: false },
                prometheus: {
                    podDisruptionBudget: { enabled: settings.prometheus.replicas > 1, minAvailable: 1 },
                    prometheusSpec: {
                        replicas: settings.prometheus.replicas,
                        retention: settings.prometheus.retention,
                        retentionSize: settings.prometheus.retentionSize,
                        walCompression: true,
                        // Tempo's metrics generator writes span metrics here.
                        enableRemoteWriteReceiver: true,
                        storageSpec: volumeClaim(settings.prometheus.storage, storageClass),
                        persistentVolumeClaimRetentionPolicy: claimRetention(args.deleteVolumes),
                        // Select every monitor and rule in the cluster, not only this release's: other addons
                        // ship their own ServiceMonitors, PodMonitors and PrometheusRules.
                        serviceMonitorSelectorNilUsesHelmValues: false,
                        podMonitorSelectorNilUsesHelmValues: false,
                        ruleSelectorNilUsesHelmValues: false,
                        probeSelectorNilUsesHelmValues: false,
                        scrapeConfigSelectorNilUsesHelmValues: false,
                    },
                },
                alertmanager: {
                    podDisruptionBudget: { enabled: settings.alertmanager.replicas > 1, minAvailable: 1 },
                    alertmanagerSpec: {
                        replicas: settings.alertmanager.replicas,
                        // The config is the Secret rendered above from secret config, never chart values.
                        useExistingSecret: true,
                        configSecret: alertmanagerSecret,
                        storage: volumeClaim(settings.alertmanager.storage, storageClass),
                        persistentVolumeClaimRetentionPolicy: claimRetention(args.deleteVolumes),
                    },
                },
                grafana: {
                    admin: { existingSecret: grafanaAdminSecret, userKey: "admin-user", passwordKey: "admin-password" },
                    ingress: grafanaIngress(ingress),
                    persistence: settings.grafana.storage
                        ? { enabled: true, type: "pvc", size: settings.grafana.storage, storageClassName: storageClass, accessModes: ["ReadWriteOnce"] }
                        : { enabled: false },
                    ...(ingress ? { "grafana.ini": { server: { root_url: ingress.url } } } : {}),
                },
            },
        });

        // Custom resources need only the CRDs, not the operator's release: they stay in the CRD wave.
        const thresholds: AlertThresholds = settings.alerts;
        const rule = platformPrometheusRule("groundwork-platform", namespace, thresholds, args.watched);
        new k8s.apiextensions.CustomResource(`${name}-platform-rules`, { ...rule, metadata: { ...rule.metadata, namespace: ns.metadata.name } }, { parent: this, dependsOn: this.ready });

        if (args.certManagerNamespace) {
            // cert-manager's chart only creates the metrics Service; without a monitor the certificate alerts
            // read nothing. Created here (cert-manager cannot wait for monitoring, which uses it) as a CR
            // after the CRDs, selecting the chart's Service (release name = chart name).
            monitoringObject(this, `${name}-cert-manager`, {
                kind: "ServiceMonitor",
                name: "cert-manager",
                namespace: args.certManagerNamespace,
                spec: {
                    selector: { matchLabels: certManagerMetricsLabels },
                    endpoints: [{ port: "tcp-prometheus-servicemonitor", path: "/metrics", scheme: "http" }],
                },
                ready: this.ready,
            });
        }

        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace, grafanaUrl: this.grafanaUrl, prometheusUrl: this.prometheusUrl });
    }
}

/** StatefulSet PVC retention: deleted with the StatefulSet in dev, kept in prod. */
function claimRetention(deleteVolumes: boolean | undefined) {
    return { whenDeleted: deleteVolumes ? "Delete" : "Retain", whenScaled: "Retain" };
}

function volumeClaim(size: string, storageClass: string | undefined) {
    return {
        volumeClaimTemplate: {
            spec: { ...(storageClass ? { storageClassName: storageClass } : {}), accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } } },
        },
    };
}

function grafanaIngress(ingress: TlsIngress | undefined) {
    if (!ingress) return { enabled: false };
    return {
        enabled: true,
        ingressClassName: ingress.className,
        annotations: ingress.annotations,
        hosts: [ingress.host],
        path: "/",
        tls: [{ secretName: ingress.secretName, hosts: [ingress.host] }],
    };
}

/** alertmanager.yaml from the receivers' secret config values; the result is a Pulumi secret. */
function renderAlertmanagerConfig(settings: MonitoringSettings, secrets: SecretReader): pulumi.Output<string> {
    const receivers = settings.alertmanager.receivers;
    const values: Record<string, pulumi.Output<string>> = {};
    for (const [role, key] of Object.entries(receiverSecretKeys(receivers))) values[role] = secrets(key);
    return pulumi.secret(pulumi.all(values).apply((resolved) => stringify(alertmanagerConfig(receivers, resolved))));
}

/** What the platform runs, as the alerts see it (the same conditions the watched addons create objects under). */
function watchedComponents(config: PlatformConfig, cluster: ClusterHandle): WatchedComponents {
    const { addons } = config;
    const backups = backupLocationOf(config) !== undefined;
    return {
        certManager: addons.certManager.enabled,
        database: config.database.enabled,
        databaseBackups: config.database.enabled && backups,
        velero: addons.velero.enabled,
        vault: addons.vault.enabled,
        vaultSnapshots: addons.vault.enabled && addons.vault.snapshots && backups,
        etcdSnapshots: addons.etcdBackup.enabled && cluster.capabilities.selfManagedEtcd && backups,
    };
}

/** Labels of the cert-manager chart's controller metrics Service (templates/service.yaml). */
const certManagerMetricsLabels = {
    "app.kubernetes.io/name": "cert-manager",
    "app.kubernetes.io/instance": "cert-manager",
    "app.kubernetes.io/component": "controller",
};

const alertDefaults = { certificateExpiryDays: 14, backupMaxAgeHours: 26, volumeFreePercent: 10, replicationLagSeconds: 30 };

export const monitoring = defineAddon({
    key: "monitoring",
    description: "Prometheus, Alertmanager (receivers from secret config) and Grafana; alerts for the platform's own failure modes",
    settings: monitoringSettings,
    // Every chart it installs: the upgrade guard checks each against the cluster version.
    pins: [charts.monitoringCrds, charts.monitoring],
    defaults: {
        dev: {
            enabled: false,
            prometheus: { replicas: 1, retention: "3d", retentionSize: "8GB", storage: "10Gi" },
            alertmanager: { replicas: 1, storage: "1Gi", receivers: {} },
            grafana: {},
            alerts: alertDefaults,
        },
        prod: {
            enabled: false,
            prometheus: { replicas: 2, retention: "15d", retentionSize: "45GB", storage: "50Gi" },
            alertmanager: { replicas: 2, storage: "2Gi", receivers: {} },
            grafana: { storage: "10Gi" },
            alerts: alertDefaults,
        },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    requires: (settings) => (settings.grafana.ingress ? ["certManager"] : []),
    uses: ["certManager", ...ingressAddons, ...ingressTeardownAddons],
    validate: (settings, config) => [
        ...(config.environment === "prod" && !hasReceivers(settings.alertmanager.receivers)
            ? ["addons.monitoring.alertmanager.receivers: expected at least one receiver in prod (slack, discord, email or pagerDuty), got nothing"]
            : []),
        ...receiverProblems(settings.alertmanager.receivers),
    ],
    // Prometheus scrapes every namespace (each one admits it on its metrics ports) and the nodes; Grafana
    // behind the ingress; the operator's webhook; Alertmanager's receivers outside.
    flows: () => [
        {
            namespace,
            ingress: [{ peer: "ingress", ports: [3000] }, { peer: "apiServer", ports: [10250] }],
            egress: [{ peer: "apiServer" }, { peer: "allNamespaces" }, { peer: "nodes", ports: [9100, 10250, 10249, 2379, 2381, 10257, 10259] }, { peer: "internet", ports: [443] }],
        },
    ],
    create: (name, ctx): Monitoring =>
        new Monitoring(
            name,
            {
                cluster: ctx.cluster,
                settings: ctx.settings,
                secrets: ctx.secrets,
                ...uiExposure(ctx),
                deleteVolumes: !ctx.config.protect,
                certManagerNamespace: ctx.addons.certManager?.namespace,
                watched: watchedComponents(ctx.config, ctx.cluster),
            },
            ctx.opts,
        ),
});
