import { backupComponents, type BackupComponent, type BackupLocationInfo } from "../../config/backup-location";
import type { PlatformConfig } from "../../config/types";

// Restore mode (`restore.enabled`, docs/disaster-recovery.md) as pure functions of the config: where a
// rebuild reads its backups (the very paths normal mode writes, or another cluster's with
// `restore.fromCluster`), which barman server names the database reads and writes, and which issuer
// ingresses use while the platform comes back. Addons call these; the dr-drill checks their effect.

/** The cluster whose backups a restore reads: `restore.fromCluster`, else this cluster. */
export function restoreSourceCluster(config: PlatformConfig): string {
    return config.restore.fromCluster ?? config.cluster.name;
}

/** True when restore mode reads another cluster's prefixes (a scratch stack rehearsing a restore). */
export function restoresFromElsewhere(config: PlatformConfig): boolean {
    return config.restore.enabled && restoreSourceCluster(config) !== config.cluster.name;
}

/**
 * Where restore mode reads from: the same bucket as `backups.objectStore`, prefixes of the source cluster.
 * Undefined in normal mode or without an object store (the config refuses restore mode then).
 */
export function restoreSourceOf(location: BackupLocationInfo | undefined, config: PlatformConfig): BackupLocationInfo | undefined {
    if (!config.restore.enabled || !location) return undefined;
    const cluster = restoreSourceCluster(config);
    const prefixes = Object.fromEntries(backupComponents.map((c) => [c, `${cluster}/${c}`])) as Record<BackupComponent, string>;
    const urls = Object.fromEntries(backupComponents.map((c) => [c, `s3://${location.bucket}/${prefixes[c]}`])) as Record<
        BackupComponent,
        string
    >;
    return { ...location, prefixes, urls };
}

/** The barman server name of one backup generation: `postgres`, then `postgres-r1`, `postgres-r2`, … */
export function serverNameOf(database: string, generation: number): string {
    return generation === 0 ? database : `${database}-r${generation}`;
}

export interface PostgresServerNames {
    /** Where WAL and base backups are written from now on. */
    readonly write: string;
    /** Where restore mode recovers from; undefined in normal mode. */
    readonly read: string | undefined;
}

/**
 * A recovered cluster must not archive into the WAL archive it was recovered from (CloudNativePG refuses a
 * non-empty archive, and two timelines in one folder would corrupt the next restore). Restore mode reads
 * generation N (`restore.generation`) and writes N + 1; after the restore the config sets generation N + 1
 * and normal mode keeps writing there.
 */
export function postgresServerNames(config: PlatformConfig): PostgresServerNames {
    const { generation, enabled } = config.restore;
    const name = config.database.name;
    return enabled
        ? { write: serverNameOf(name, generation + 1), read: serverNameOf(name, generation) }
        : { write: serverNameOf(name, generation), read: undefined };
}

/** `bootstrap.recovery` and `externalClusters` of a CNPG Cluster recovering through the barman-cloud plugin. */
export function postgresRecovery(args: { objectStoreName: string; serverName: string; targetTime?: string; pluginName: string }): {
    bootstrap: Record<string, unknown>;
    externalClusters: Record<string, unknown>[];
} {
    const source = "origin";
    return {
        bootstrap: {
            recovery: {
                source,
                // RFC 3339 is one of the formats CNPG accepts for targetTime; unset = replay to the end of the archive.
                ...(args.targetTime ? { recoveryTarget: { targetTime: args.targetTime } } : {}),
            },
        },
        externalClusters: [
            {
                name: source,
                plugin: { name: args.pluginName, parameters: { barmanObjectName: args.objectStoreName, serverName: args.serverName } },
            },
        ],
    };
}

/**
 * The issuer ingresses use: `tls.issuer`, except in restore mode with `restore.useStagingCertificates`, where
 * a production ACME issuer becomes staging (a rebuild re-issues every certificate at once; staging has no
 * tight rate limits). Switch back by turning restore mode off once the platform is verified.
 */
export function ingressIssuerOf(config: Pick<PlatformConfig, "tls" | "restore">): string {
    const { tls, restore } = config;
    if (restore.enabled && restore.useStagingCertificates && tls.issuer === "letsencrypt-production" && tls.acmeEmail)
        return "letsencrypt-staging";
    return tls.issuer;
}
