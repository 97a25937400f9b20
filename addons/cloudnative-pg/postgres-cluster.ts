import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { backupAccess } from "../../platform/backups/access";
import { postgresRecovery, postgresServerNames, restoreSourceOf, restoresFromElsewhere } from "../../platform/backups/restore";
import { platformNamespace } from "../../platform/namespace";
import { generatedSecret, namespacedSecret, replicatedSecret } from "../../platform/secrets";
import { images } from "../../model/versions";
import {
    barmanPluginName,
    clusterSpec,
    connectionSecretName,
    databaseSpec,
    managedRoles,
    objectStoreSpec,
    readWriteHost,
    roleSecretName,
    scheduledBackupSpec,
} from "./specs";
import type { BackupStorage } from "../backup-storage/component";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig } from "../../config/types";

// The platform's PostgreSQL: one CNPG Cluster with data and WAL on separate volumes, tuned from its size,
// spread over nodes, with generated role passwords, Database CRs, a connection Secret in each application
// namespace (the Magnum (Jetstream2) reference platform's ClusterSecret, done by the program) and barman-cloud backups to the object store.
//
// Storage size is not freely mutable (the Magnum (Jetstream2) reference platform): the Cluster keeps one name forever, so a size change is an
// update of spec.storage.size that CNPG applies as an online PVC expansion (resizeInUseVolumes) on a
// StorageClass with allowVolumeExpansion; a smaller size is refused by CNPG's admission webhook
// ("can't shrink existing storage") and by Kubernetes for the PVC. Nothing here can ever replace it.

export interface PostgresClusterArgs {
    cluster: ClusterHandle;
    config: PlatformConfig;
    /** The operator release (postgresql.cnpg.io CRDs) and the ObjectStore CRD: each CR waits only for its own CRD. */
    operator: pulumi.Resource;
    objectStoreCrds: pulumi.Resource;
    backups?: BackupStorage;
    /** The Prometheus operator's CRDs, when monitoring is on: a PodMonitor is created after them. */
    monitoringReady?: pulumi.Resource[];
}

export class PostgresCluster extends pulumi.ComponentResource {
    readonly name: string;
    readonly namespace: string;
    /** namespace → database → connection Secret name. */
    readonly connectionSecrets: Record<string, Record<string, string>>;
    /** database → where and how to connect (the stack output `databases`). */
    readonly databases: Record<string, { namespace: string; database: string; secretName: string; host: string }>;
    readonly backupDestination: string | undefined;
    /** The barman server name WAL and base backups are written under (docs/disaster-recovery.md: generations). */
    readonly serverName: string;
    /** Restore mode: the server name the cluster recovers from. */
    readonly recoveredFrom: string | undefined;
    readonly objectStoreName: string | undefined;
    readonly resource: k8s.apiextensions.CustomResource;

    constructor(name: string, args: PostgresClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:postgres:PostgresCluster", name, {}, opts);
        const { config, cluster } = args;
        const db = config.database;
        this.name = db.name;
        this.namespace = db.namespace;
        const servers = postgresServerNames(config);
        this.serverName = servers.write;
        const ns = platformNamespace(this, name, { name: db.namespace, kubernetesVersion: cluster.kubernetesVersion });
        // Application namespaces that get a connection Secret; created here so the Secret has a home.
        const appNamespaces = [...new Set(db.databases.map((d) => d.namespace))].filter((n) => n !== db.namespace).sort();
        const appNs = appNamespaces.map((n) =>
            platformNamespace(this, `${name}-app-${n}`, { name: n, kubernetesVersion: cluster.kubernetesVersion }),
        );

        // One generated password per role, in a basic-auth Secret CNPG reads (managed.roles[].passwordSecret).
        const passwords = new Map<string, pulumi.Output<string>>();
        const roleSecrets: pulumi.Resource[] = [];
        for (const role of managedRoles(db)) {
            const password = generatedSecret(this, `${name}-${role.name}`, { length: 32 });
            passwords.set(role.name, password);
            roleSecrets.push(
                namespacedSecret(this, `${name}-role-${role.name}`, {
                    secretName: roleSecretName(db.name, role.name),
                    namespace: db.namespace,
                    type: "kubernetes.io/basic-auth",
                    stringData: { username: role.name, password },
                    labels: { "cnpg.io/reload": "true" },
                    dependsOn: [ns],
                }),
            );
        }

        // Backups: an ObjectStore the plugin writes base backups and WAL to.
        const location = args.backups?.location;
        let objectStore: k8s.apiextensions.CustomResource | undefined;
        let saAnnotations: pulumi.Output<Record<string, string>> = pulumi.output<Record<string, string>>({});
        let credentialsSecret: string | undefined;
        if (location && args.backups) {
            const access = backupAccess(this, `${name}-backup`, {
                storage: args.backups,
                cluster,
                namespace: db.namespace,
                // CNPG runs every instance under a service account named after the cluster.
                serviceAccount: db.name,
                // A rehearsal in a scratch stack also reads the source cluster's prefix.
                prefixes: [
                    location.prefixes.postgres,
                    ...(restoresFromElsewhere(config) ? [restoreSourceOf(location, config)!.prefixes.postgres] : []),
                ],
                secretName: `${db.name}-backup-s3`,
                dependsOn: [ns],
            });
            saAnnotations = access.serviceAccountAnnotations;
            credentialsSecret = access.secretName;
            this.objectStoreName = `${db.name}-backups`;
            objectStore = new k8s.apiextensions.CustomResource(
                `${name}-object-store`,
                {
                    apiVersion: "barmancloud.cnpg.io/v1",
                    kind: "ObjectStore",
                    metadata: { name: this.objectStoreName, namespace: db.namespace },
                    spec: objectStoreSpec({
                        location,
                        retentionDays: db.backupRetentionDays ?? config.backups.retentionDays,
                        credentialsSecret: access.secretName,
                    }),
                },
                { parent: this, dependsOn: [args.objectStoreCrds, ns, ...access.resources] },
            );
            this.backupDestination = `${location.urls.postgres}/${this.serverName}`;
        }

        // Restore mode: bootstrap from the store normal mode writes (same ObjectStore), or from a second,
        // read-only ObjectStore on the source cluster's prefix when rehearsing in a scratch stack.
        let recovery: ReturnType<typeof postgresRecovery> | undefined;
        const source = restoreSourceOf(location, config);
        if (source && servers.read && this.objectStoreName && objectStore) {
            let sourceStore = this.objectStoreName;
            if (restoresFromElsewhere(config)) {
                sourceStore = `${db.name}-restore-source`;
                new k8s.apiextensions.CustomResource(
                    `${name}-restore-source`,
                    {
                        apiVersion: "barmancloud.cnpg.io/v1",
                        kind: "ObjectStore",
                        metadata: { name: sourceStore, namespace: db.namespace },
                        // No retention policy: this cluster never prunes the source's backups.
                        spec: objectStoreSpec({ location: source, credentialsSecret }),
                    },
                    { parent: this, dependsOn: [objectStore] },
                );
            }
            recovery = postgresRecovery({
                objectStoreName: sourceStore,
                serverName: servers.read,
                targetTime: config.restore.targetTime,
                pluginName: barmanPluginName,
            });
            this.recoveredFrom = servers.read;
        }

        const image = db.postgresVersion === "16" ? images.postgres16 : images.postgres17;
        // Stateful: never replaced, protected and retained in prod (PVCs outlive a mistaken delete).
        this.resource = new k8s.apiextensions.CustomResource(
            `${name}-cluster`,
            {
                apiVersion: "postgresql.cnpg.io/v1",
                kind: "Cluster",
                metadata: { name: db.name, namespace: db.namespace },
                spec: saAnnotations.apply((annotations) =>
                    clusterSpec({
                        database: db,
                        imageName: `${image.image}:${image.tag}`,
                        storageClass: cluster.capabilities.defaultStorageClass,
                        objectStoreName: this.objectStoreName,
                        serverName: this.serverName,
                        serviceAccountAnnotations: annotations,
                        bootstrap: recovery?.bootstrap,
                        externalClusters: recovery?.externalClusters,
                    }),
                ),
            },
            {
                parent: this,
                // Not on the ObjectStore or the plugin: the operator retries until the plugin answers (no extra wave).
                dependsOn: [args.operator, ns, ...roleSecrets],
                protect: config.protect,
                retainOnDelete: config.protect,
                deleteBeforeReplace: false,
            },
        );

        if (objectStore) {
            new k8s.apiextensions.CustomResource(
                `${name}-scheduled-backup`,
                {
                    apiVersion: "postgresql.cnpg.io/v1",
                    kind: "ScheduledBackup",
                    metadata: { name: `${db.name}-daily`, namespace: db.namespace },
                    spec: scheduledBackupSpec(db.name, config.backups.schedule),
                },
                // By name, not by dependency: the operator waits for the Cluster itself.
                { parent: this, dependsOn: [args.operator, ns] },
            );
        }

        for (const database of db.databases) {
            new k8s.apiextensions.CustomResource(
                `${name}-db-${database.name}`,
                {
                    apiVersion: "postgresql.cnpg.io/v1",
                    kind: "Database",
                    metadata: { name: `${db.name}-${database.name}`, namespace: db.namespace },
                    spec: databaseSpec(db.name, database),
                },
                { parent: this, dependsOn: [args.operator, ns], retainOnDelete: config.protect },
            );
        }

        // Connection Secrets, one per database, in the database's application namespace.
        const host = readWriteHost(db.name, db.namespace);
        const connections: Record<string, Record<string, string>> = {};
        this.databases = {};
        for (const database of db.databases) {
            const password = passwords.get(database.owner)!;
            const secretName = connectionSecretName(db.name, database.name);
            replicatedSecret(this, `${name}-conn-${database.name}`, {
                secretName,
                namespaces: [database.namespace],
                stringData: {
                    host,
                    port: "5432",
                    dbname: database.name,
                    user: database.owner,
                    username: database.owner,
                    password,
                    uri: pulumi.interpolate`postgresql://${database.owner}:${password}@${host}:5432/${database.name}`,
                    "jdbc-uri": pulumi.interpolate`jdbc:postgresql://${host}:5432/${database.name}?user=${database.owner}&password=${password}`,
                },
                dependsOn: [ns, ...appNs],
            });
            connections[database.namespace] = { ...connections[database.namespace], [database.name]: secretName };
            this.databases[database.name] = { namespace: database.namespace, database: database.name, secretName, host };
        }
        this.connectionSecrets = connections;

        if (args.monitoringReady) {
            new k8s.apiextensions.CustomResource(
                `${name}-pod-monitor`,
                {
                    apiVersion: "monitoring.coreos.com/v1",
                    kind: "PodMonitor",
                    metadata: { name: db.name, namespace: db.namespace },
                    spec: { selector: { matchLabels: { "cnpg.io/cluster": db.name } }, podMetricsEndpoints: [{ port: "metrics" }] },
                },
                { parent: this, dependsOn: [ns, ...args.monitoringReady] },
            );
        }
        this.registerOutputs({
            name: this.name,
            namespace: this.namespace,
            connectionSecrets: this.connectionSecrets,
            backupDestination: this.backupDestination,
        });
    }
}
