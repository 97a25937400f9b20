import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon, requireAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { crdBundle } from "../../platform/crds";
import { charts, crdBundles } from "../../model/versions";
import { PostgresCluster } from "./postgres-cluster";
import { databaseProblems } from "./specs";
import type { BackupStorage } from "../backup-storage";
import type { CertManager } from "../cert-manager";
import type { Monitoring } from "../monitoring";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig } from "../../config/types";
import type { NamespaceFlows } from "../../platform/network-policies";

// CloudNativePG (the Magnum (Jetstream2) reference platform): the operator and the barman-cloud plugin, then — when `database.enabled` — the
// platform's PostgreSQL cluster described by the top-level `database` config (see ./postgres/cluster.ts).

export const cloudnativePgSettings = z.strictObject({
    enabled: z.boolean().describe("Run the CloudNativePG operator and the barman-cloud plugin (needed by the `database` section)."),
    replicas: z.number().int().min(1).max(3).describe("Replicas of the operator and the plugin (more than one: leader election and a PodDisruptionBudget)."),
});
export type CloudnativePgSettings = z.infer<typeof cloudnativePgSettings>;

export const cnpgNamespace = "cnpg-system";

export interface CloudnativePgArgs {
    cluster: ClusterHandle;
    settings: CloudnativePgSettings;
    config: PlatformConfig;
    certManager: CertManager;
    backups?: BackupStorage;
    /** When present, PodMonitors scrape the operator and the database (they wait for its CRDs). */
    monitoring?: Monitoring;
}

export class CloudnativePg extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** Operator and plugin releases (with their CRDs). */
    readonly ready: pulumi.Resource[];
    /** The operator release: its chart renders the postgresql.cnpg.io CRDs (Cluster, Database, ScheduledBackup). */
    readonly operator: pulumi.Resource;
    /** The barmancloud.cnpg.io ObjectStore CRD. */
    readonly objectStoreCrds: pulumi.Resource;
    /** The database cluster, when `database.enabled`. */
    readonly postgres: PostgresCluster | undefined;
    /** Per application namespace, per database: the Secret with host, port, dbname, user, password, uri. */
    readonly connectionSecrets: Readonly<Record<string, Readonly<Record<string, string>>>>;
    /** database → namespace, connection Secret and host (the stack output `databases`). */
    readonly databases: Readonly<Record<string, { namespace: string; database: string; secretName: string; host: string }>>;
    /** s3://… where base backups and WAL go; undefined without backups. */
    readonly backupDestination: string | undefined;

    constructor(name: string, args: CloudnativePgArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:CloudnativePg", name, {}, opts);
        const { cluster, settings, config } = args;
        const ns = platformNamespace(this, name, { name: cnpgNamespace, kubernetesVersion: cluster.kubernetesVersion });
        const ha = settings.replicas > 1;
        const operator = helmRelease(this, {
            chart: charts.cloudnativePg,
            namespace: ns.metadata.name,
            values: {
                replicaCount: settings.replicas,
                // The chart renders its CRDs as templates: Helm upgrades them with the operator.
                crds: { create: true },
                // The operator's own PodMonitor would make this release wait for the monitoring CRDs (one more
                // wave); the database's PodMonitor (./postgres/cluster.ts) is what the alerts need.
                monitoring: { podMonitorEnabled: false },
                resources: operatorResources,
            },
        });
        // Chart 0.29.0 renders no PodDisruptionBudget (it has no such value): with replicas, the program keeps one
        // operator pod up through node drains itself. The selector is the chart's selectorLabels (name and
        // instance: both the chart name, which is also the release name).
        if (ha) {
            const operatorName = charts.cloudnativePg.chart;
            new k8s.policy.v1.PodDisruptionBudget(
                `${name}-operator`,
                {
                    metadata: { name: operatorName, namespace: ns.metadata.name },
                    spec: {
                        maxUnavailable: 1,
                        selector: {
                            matchLabels: { "app.kubernetes.io/name": operatorName, "app.kubernetes.io/instance": operatorName },
                        },
                    },
                },
                { parent: this },
            );
        }
        // The plugin issues its TLS certificates with cert-manager and must live next to the operator. Its CRD
        // is applied first, on its own, so ObjectStores wait only for that (CRDs first, no extra wave).
        const pluginCrds = crdBundle(this, `${name}-barman-cloud`, crdBundles.barmanCloudPlugin);
        const plugin = helmRelease(this, {
            chart: charts.barmanCloudPlugin,
            namespace: ns.metadata.name,
            skipCrds: true,
            dependsOn: [pluginCrds, ...args.certManager.ready],
            values: {
                replicaCount: settings.replicas,
                crds: { create: false },
                certificate: { createClientCertificate: true, createServerCertificate: true },
            },
        });
        this.ready = [operator, plugin];
        this.operator = operator;
        this.objectStoreCrds = pluginCrds;

        if (config.database.enabled) {
            // Logical names never carry database.name: renaming the database replaces the CNPG Cluster and
            // its Secrets in place (and protection refuses that in prod), but keeps its namespace's URN. A
            // name-derived URN made a rename delete the old namespace, and everything in it, after the new
            // one was created. Stacks deployed under such names keep their URNs through aliases.
            const stable = `${name}-postgres`;
            const named = `${name}-${config.database.name}`;
            const legacyAliases: pulumi.ResourceTransformation = (a) =>
                a.name.startsWith(stable) ? { props: a.props, opts: pulumi.mergeOptions(a.opts, { aliases: [{ name: named + a.name.slice(stable.length) }] }) } : undefined;
            this.postgres = new PostgresCluster(
                stable,
                { cluster, config, operator, objectStoreCrds: pluginCrds, backups: args.backups, monitoringReady: args.monitoring?.ready },
                { parent: this, ...(named === stable ? {} : { transformations: [legacyAliases] }) },
            );
            this.connectionSecrets = this.postgres.connectionSecrets;
            this.databases = this.postgres.databases;
            this.backupDestination = this.postgres.backupDestination;
        } else {
            this.connectionSecrets = {};
            this.databases = {};
        }
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace, connectionSecrets: this.connectionSecrets, backupDestination: this.backupDestination });
    }
}

export function cloudnativePgProblems(_settings: CloudnativePgSettings, config: PlatformConfig): string[] {
    return config.database.enabled ? databaseProblems(config.database) : [];
}

/** `database.enabled` needs this addon; a rule in config/rules.ts reports it (an addon's validate runs only when it is on). */
export function databaseNeedsOperator(config: PlatformConfig): string[] {
    return config.database.enabled && !config.addons.cloudnativePg.enabled
        ? ["addons.cloudnativePg.enabled: expected true because database.enabled is true (CloudNativePG runs the database), got false"]
        : [];
}

/**
 * The operator (webhooks for the API server; it polls each instance's status port), then the database:
 * reached on 5432 only by the namespaces its `databases` live in, on 8000 by the operator, on the exporter
 * port by Prometheus; base backups and WAL go to the object store. Application namespaces created for a
 * database's connection Secret deny by default too: the ingress controller and Prometheus may reach them.
 */
export function databaseFlows(config: PlatformConfig): NamespaceFlows[] {
    const operator: NamespaceFlows = {
        namespace: cnpgNamespace,
        ingress: [{ peer: "apiServer", ports: [9443] }, { peer: "monitoring", ports: [8080] }],
        egress: [{ peer: "apiServer" }],
    };
    const db = config.database;
    if (!db.enabled) return [operator];
    const clients = [...new Set(db.databases.map((d) => d.namespace))].filter((n) => n !== db.namespace).sort();
    const database: NamespaceFlows = {
        namespace: db.namespace,
        ingress: [{ peer: { namespace: cnpgNamespace }, ports: [8000] }, { peer: "monitoring", ports: [9187] }, ...clients.map((namespace) => ({ peer: { namespace }, ports: [5432] }))],
        egress: [{ peer: "apiServer" }, ...(config.backups.enabled ? [{ peer: "objectStore" as const }] : [])],
    };
    const applications = clients.map((namespace): NamespaceFlows => ({ namespace, ingress: [{ peer: "ingress" }, { peer: "monitoring" }] }));
    return [operator, database, ...applications];
}

const operatorResources = { requests: { cpu: "50m", memory: "128Mi" } };

export const cloudnativePg = defineAddon({
    key: "cloudnativePg",
    description: "CloudNativePG operator + barman-cloud plugin; the platform PostgreSQL cluster from `database` (backups, roles, databases)",
    settings: cloudnativePgSettings,
    // Every chart it installs: the upgrade guard checks each against the cluster version.
    pins: [charts.cloudnativePg, charts.barmanCloudPlugin],
    defaults: {
        dev: { enabled: false, replicas: 1 },
        prod: { enabled: false, replicas: 2 },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    uses: ["monitoring"],
    requires: (_settings, config) => ["certManager", ...(config.database.enabled && config.backups.enabled ? (["backupStorage"] as const) : [])],
    validate: cloudnativePgProblems,
    // The database's own instances are counted from `database` (config/capacity.ts), the operator here.
    pods: (settings) => [{ what: "the CloudNativePG operator", setting: "addons.cloudnativePg.replicas", replicas: settings.replicas, requests: operatorResources.requests, onePerNode: false }],
    flows: (_settings, config) => databaseFlows(config),
    create: (name, ctx): CloudnativePg =>
        new CloudnativePg(
            name,
            {
                cluster: ctx.cluster,
                settings: ctx.settings,
                config: ctx.config,
                certManager: requireAddon(ctx, "certManager"),
                backups: ctx.config.database.enabled && ctx.config.backups.enabled ? requireAddon(ctx, "backupStorage") : undefined,
                monitoring: ctx.addons.monitoring,
            },
            ctx.opts,
        ),
});
