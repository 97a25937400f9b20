import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { defineComponent, requireAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { crdBundle } from "../../platform/crds";
import { charts, crdBundles } from "../../model/versions";
import { PostgresCluster } from "./postgres-cluster";
import type { BackupStorage } from "../backup-storage/component";
import type { CertManager } from "../cert-manager/component";
import type { Monitoring } from "../monitoring/component";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig } from "../../config/types";
import type { CloudnativePgSettings } from "./settings";
import { cloudnativePg, cnpgNamespace, operatorResources } from "./manifest";

// The cloudnative-pg ComponentResource; its settings and rules are in ./manifest.ts.

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
                // wave); the database's PodMonitor (./postgres-cluster.ts) is what the alerts need.
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
                a.name.startsWith(stable)
                    ? { props: a.props, opts: pulumi.mergeOptions(a.opts, { aliases: [{ name: named + a.name.slice(stable.length) }] }) }
                    : undefined;
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
        this.registerOutputs({
            namespace: this.namespace,
            connectionSecrets: this.connectionSecrets,
            backupDestination: this.backupDestination,
        });
    }
}

export const cloudnativePgComponent = defineComponent(
    cloudnativePg,
    (name, ctx): CloudnativePg =>
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
);
