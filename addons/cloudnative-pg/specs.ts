import type { BackupLocationInfo } from "../../config/backup-location";
import type { PlatformConfig } from "../../config/types";
import { postgresTuning, toMebibytes, type PostgresTuning } from "./tuning";

// The CloudNativePG custom resources as plain specs: pure functions of the config, so tests check them
// against the CRD schemas (kubernetes-models) and restore mode can swap the bootstrap alone.

export const barmanPluginName = "barman-cloud.cloudnative-pg.io";
type Database = PlatformConfig["database"];

export interface ManagedRole {
    readonly name: string;
    readonly createdb: boolean;
    readonly inRoles: readonly string[];
    readonly connectionLimit: number;
}

/** Every role the cluster manages: each database owner (login) plus the configured extra roles, once each. */
export function managedRoles(database: Database): ManagedRole[] {
    const roles = new Map<string, ManagedRole>();
    for (const role of database.roles) roles.set(role.name, role);
    for (const db of database.databases)
        if (!roles.has(db.owner)) roles.set(db.owner, { name: db.owner, createdb: false, inRoles: [], connectionLimit: -1 });
    return [...roles.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Secret (type kubernetes.io/basic-auth) in the cluster's namespace holding a role's password. */
export const roleSecretName = (cluster: string, role: string) => `${cluster}-role-${role}`;
/** Secret in the application's namespace with everything needed to connect to one database. */
export const connectionSecretName = (cluster: string, database: string) => `${cluster}-${database}-connection`;
/** The read-write Service of a CNPG cluster. */
export const readWriteHost = (cluster: string, namespace: string) => `${cluster}-rw.${namespace}.svc.cluster.local`;

/** "0 3 * * *" (Kubernetes cron) → "0 0 3 * * *" (CNPG's robfig/cron with seconds). */
export function cnpgSchedule(cron: string): string {
    return `0 ${cron.trim().split(/\s+/).join(" ")}`;
}

export interface ClusterSpecArgs {
    database: Database;
    imageName: string;
    storageClass: string | undefined;
    /** ObjectStore name when backups are on. */
    objectStoreName?: string;
    /** Barman server name: the folder under the destination path; kept across rebuilds. */
    serverName: string;
    /** IRSA role annotations for the cluster's service account. */
    serviceAccountAnnotations?: Record<string, string>;
    /** bootstrap: initdb by default; restore mode passes `recovery` (+ externalClusters). */
    bootstrap?: Record<string, unknown>;
    externalClusters?: Record<string, unknown>[];
}

export function tuningOf(database: Database): PostgresTuning {
    return postgresTuning(database.size, toMebibytes(database.walStorage.size));
}

export function clusterSpec(args: ClusterSpecArgs): Record<string, unknown> {
    const { database } = args;
    const tuning = tuningOf(database);
    const volume = (v: { size: string; storageClass?: string }) => ({
        size: v.size,
        // Grows the PVCs in place when the size goes up (the StorageClass must allow volume expansion).
        resizeInUseVolumes: true,
        ...((v.storageClass ?? args.storageClass) ? { storageClass: v.storageClass ?? args.storageClass } : {}),
    });
    const firstDb = database.databases[0];
    return {
        instances: database.instances,
        imageName: args.imageName,
        primaryUpdateStrategy: "unsupervised",
        primaryUpdateMethod: "switchover",
        storage: volume(database.storage),
        walStorage: volume(database.walStorage),
        resources: tuning.resources,
        postgresql: { parameters: { ...tuning.parameters, ...database.parameters } },
        // A single instance cannot satisfy a PDB without blocking every node drain.
        enablePDB: database.instances > 1,
        affinity: { enablePodAntiAffinity: true, topologyKey: "kubernetes.io/hostname", podAntiAffinityType: database.antiAffinity },
        enableSuperuserAccess: false,
        managed: {
            roles: managedRoles(database).map((role) => ({
                name: role.name,
                ensure: "present",
                login: true,
                createdb: role.createdb,
                inRoles: [...role.inRoles],
                connectionLimit: role.connectionLimit,
                passwordSecret: { name: roleSecretName(database.name, role.name) },
            })),
        },
        bootstrap: args.bootstrap ?? {
            initdb: {
                database: firstDb?.name ?? "app",
                owner: firstDb?.owner ?? "app",
                ...(firstDb ? { secret: { name: roleSecretName(database.name, firstDb.owner) } } : {}),
                dataChecksums: true,
            },
        },
        ...(args.externalClusters ? { externalClusters: args.externalClusters } : {}),
        ...(args.objectStoreName
            ? {
                  plugins: [
                      {
                          name: barmanPluginName,
                          enabled: true,
                          isWALArchiver: true,
                          parameters: { barmanObjectName: args.objectStoreName, serverName: args.serverName },
                      },
                  ],
              }
            : {}),
        ...(args.serviceAccountAnnotations && Object.keys(args.serviceAccountAnnotations).length > 0
            ? { serviceAccountTemplate: { metadata: { annotations: args.serviceAccountAnnotations } } }
            : {}),
    };
}

export interface ObjectStoreSpecArgs {
    location: BackupLocationInfo;
    /** Unset for a read-only source store (restore rehearsal): nothing is pruned there. */
    retentionDays?: number;
    /** Secret with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; undefined means the IAM role of the pod. */
    credentialsSecret?: string;
}

/** barmancloud.cnpg.io/v1 ObjectStore: where base backups and WAL go, and how long they are kept. */
export function objectStoreSpec(args: ObjectStoreSpecArgs): Record<string, unknown> {
    const { location } = args;
    const s3Credentials = args.credentialsSecret
        ? {
              accessKeyId: { name: args.credentialsSecret, key: "AWS_ACCESS_KEY_ID" },
              secretAccessKey: { name: args.credentialsSecret, key: "AWS_SECRET_ACCESS_KEY" },
          }
        : { inheritFromIAMRole: true };
    return {
        ...(args.retentionDays ? { retentionPolicy: `${args.retentionDays}d` } : {}),
        configuration: {
            destinationPath: location.urls.postgres,
            ...(location.endpoint ? { endpointURL: location.endpoint } : {}),
            s3Credentials,
            wal: { compression: "gzip", maxParallel: 2 },
            data: { compression: "gzip", jobs: 2 },
        },
        // barman-cloud (boto3) otherwise asks instance metadata for the region, which pods cannot reach with
        // a one-hop IMDS limit, and signs for the wrong region outside us-east-1.
        instanceSidecarConfiguration: { env: [{ name: "AWS_DEFAULT_REGION", value: location.region }] },
    };
}

/** Daily base backup through the plugin; WAL is archived continuously in between. */
export function scheduledBackupSpec(cluster: string, cron: string): Record<string, unknown> {
    return {
        cluster: { name: cluster },
        schedule: cnpgSchedule(cron),
        method: "plugin",
        pluginConfiguration: { name: barmanPluginName },
        backupOwnerReference: "self",
        // A first base backup right away: WAL archiving alone cannot restore anything.
        immediate: true,
    };
}

/** Database CR: CREATE DATABASE from YAML (the Magnum (Jetstream2) reference platform), kept when the CR is deleted. */
export function databaseSpec(cluster: string, db: { name: string; owner: string }): Record<string, unknown> {
    return { cluster: { name: cluster }, name: db.name, owner: db.owner, ensure: "present", databaseReclaimPolicy: "retain" };
}

/** Problems in `database` that the schema cannot see. */
export function databaseProblems(database: Database): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    database.databases.forEach((db, i) => {
        if (seen.has(db.name))
            problems.push(`database.databases[${i}].name: expected a name no other database has, got "${db.name}" twice`);
        seen.add(db.name);
    });
    const roleNames = new Set<string>();
    database.roles.forEach((role, i) => {
        if (roleNames.has(role.name))
            problems.push(`database.roles[${i}].name: expected a name no other role has, got "${role.name}" twice`);
        roleNames.add(role.name);
    });
    const reserved = ["postgres", "streaming_replica"];
    for (const role of managedRoles(database)) {
        if (reserved.includes(role.name))
            problems.push(`database.roles: expected no role named "${role.name}" (CloudNativePG reserves it), got "${role.name}"`);
    }
    // Only an expansion: the wal volume must be able to hold two max_wal_size rounds plus archiving lag.
    if (toMebibytes(database.walStorage.size) < 1024) {
        problems.push(
            `database.walStorage.size: expected at least 1Gi (WAL segments are 16MB and max_wal_size needs room), got "${database.walStorage.size}"`,
        );
    }
    return problems;
}
