import { z } from "zod";
import { addonSettings } from "../components/addons/settings";
import { substrates } from "../components/cluster/handle";
import {
    cidr,
    cronSchedule,
    dnsLabel,
    dnsName,
    email,
    kubernetesMinor,
    labels,
    nonNegativeInt,
    positiveInt,
    secretRef,
    storageSize,
    taint,
    timestamp,
} from "./primitives";
import { eksClusterSettings } from "./substrates/eks";
import { existingClusterSettings } from "./substrates/existing";
import { magnumClusterSettings } from "./substrates/magnum";
import { novaClusterSettings } from "./substrates/nova";

// The whole platform in one strict schema: unknown keys are errors (with a did-you-mean), and every
// default that differs between dev and prod lives in ./profiles.ts, not here.

export const nodePoolSchema = z.strictObject({
    name: dnsLabel,
    /** Instance type on EKS (m6i.large), flavor on OpenStack (m3.medium). */
    size: z.string({ error: "expected an instance type or flavor name" }).min(1),
    min: nonNegativeInt,
    max: positiveInt,
    desired: nonNegativeInt,
    /** Root disk in GiB. */
    diskGiB: z.number().int().min(20, { error: "expected at least 20 GiB" }).max(16384).default(50),
    labels: labels.default({}),
    taints: z.array(taint).default([]),
    /** Defaults to the control plane's version; may lag it by at most three minors, never lead it. */
    kubernetesVersion: kubernetesMinor.optional(),
});

export const clusterSchema = z.strictObject({
    name: dnsLabel,
    kubernetesVersion: kubernetesMinor,
    nodePools: z.array(nodePoolSchema).default([]),
    /**
     * vCPUs and RAM (MiB) of the flavors the pools use on OpenStack, or of the machines an existing cluster's
     * pools describe, keyed by the pool's `size`: the capacity check needs them (EKS types it knows).
     */
    flavors: z.record(z.string().min(1), z.strictObject({ vcpus: positiveInt, ramMiB: positiveInt })).optional(),
    existing: existingClusterSettings.optional(),
    magnum: magnumClusterSettings.optional(),
    nova: novaClusterSettings.optional(),
    eks: eksClusterSettings.optional(),
});

export const networkSchema = z.strictObject({
    /** The node network: VPC on EKS, tenant network on OpenStack. */
    nodeCidr: cidr,
    podCidr: cidr,
    serviceCidr: cidr,
    /** Availability zones; prod wants three. */
    zones: z.array(z.string().min(1)).default([]),
});

export const dnsSchema = z.strictObject({
    provider: z.enum(["route53", "designate", "none"]),
    /** The zone the platform writes records into (ExternalDNS, DNS01). */
    zone: dnsName.optional(),
    /**
     * Designate: config key holding a clouds.yaml whose `openstack` cloud (an application credential allowed
     * to manage the zone's records) ExternalDNS and cert-manager's DNS01 webhook use.
     */
    cloudsYaml: secretRef.optional(),
});

export const tlsSchema = z.strictObject({
    /** Let's Encrypt account email; required for the ACME issuers. */
    acmeEmail: email.optional(),
    /** The ClusterIssuer that ingresses use by default. */
    issuer: z.enum(["letsencrypt-staging", "letsencrypt-production", "selfsigned"]),
});

export const databaseSchema = z.strictObject({
    enabled: z.boolean(),
    instances: positiveInt.max(9),
    postgresVersion: z.enum(["16", "17"]).default("17"),
    /** Drives CPU/memory requests and PostgreSQL tuning. */
    size: z.enum(["small", "medium", "large"]),
    storage: z.strictObject({ size: storageSize, storageClass: z.string().min(1).optional() }),
    walStorage: z.strictObject({ size: storageSize, storageClass: z.string().min(1).optional() }),
    databases: z
        .array(z.strictObject({ name: dnsLabel, owner: dnsLabel, namespace: dnsLabel }))
        .default([]),
    /** The CloudNativePG Cluster's name and namespace (the backup server name, so keep them across rebuilds). */
    name: dnsLabel.default("postgres"),
    namespace: dnsLabel.default("postgres"),
    /** Extra login roles; every database owner is a role already. Passwords are generated. */
    roles: z
        .array(
            z.strictObject({
                name: dnsLabel,
                createdb: z.boolean().default(false),
                /** Roles this one is a member of (e.g. pg_read_all_data for a read-only reporting user). */
                inRoles: z.array(z.string().min(1)).default([]),
                connectionLimit: z.number().int().min(-1).default(-1),
            }),
        )
        .default([]),
    /** PostgreSQL parameters over the ones tuned from `size`. */
    parameters: z.record(z.string(), z.string()).default({}),
    /** "required": never two instances on one node (needs as many nodes as instances). */
    antiAffinity: z.enum(["required", "preferred"]).default("required"),
    /** Days of base backups + WAL kept; `backups.retentionDays` when unset. */
    backupRetentionDays: positiveInt.max(3650).optional(),
});

export const backupsSchema = z.strictObject({
    enabled: z.boolean(),
    /** Where every backup (PostgreSQL, Velero, etcd, Vault snapshots) is written. */
    objectStore: z
        .strictObject({
            provider: z.enum(["s3", "swift", "ceph"]),
            bucket: z.string().min(3),
            region: z.string().min(1).optional(),
            /** S3-compatible endpoint for Swift/Ceph (https://object.example.org). */
            endpoint: z.string().regex(/^https?:\/\//, { error: "expected an http(s) URL" }).optional(),
            /** Secret config key holding `accessKeyId:secretAccessKey` where workload identity is not available. */
            credentials: secretRef.optional(),
        })
        .optional(),
    retentionDays: positiveInt.max(3650),
    schedule: cronSchedule,
    /**
     * When the oldest base backup still in the store was taken (optional): a `restore.targetTime` before it is
     * refused at config time. Offline the program cannot list the store; CloudNativePG refuses such a target too.
     */
    firstBackupTime: timestamp.optional(),
});

export const restoreSchema = z.strictObject({
    /** Rebuild stateful parts from the backups the normal mode writes, instead of starting empty. */
    enabled: z.boolean(),
    /** Point-in-time target for PostgreSQL; the newest state when unset. */
    targetTime: timestamp.optional(),
    /**
     * Backup generation of the database (docs/disaster-recovery.md): normal mode archives under barman server
     * `<database.name>` (0) or `<database.name>-r<N>`; restore mode reads generation N and writes N + 1, so a
     * recovered cluster never appends to the archive it came from. Raise it by one after each restore.
     */
    generation: nonNegativeInt.max(999).default(0),
    /** Read the backups of another cluster name (a scratch stack rehearsing prod's restore); defaults to cluster.name. */
    fromCluster: dnsLabel.optional(),
    /** Ingresses use letsencrypt-staging while restoring (Let's Encrypt rate limits); switch back after. */
    useStagingCertificates: z.boolean().default(false),
});

export const platformSchema = z.strictObject({
    environment: z.enum(["dev", "prod"]),
    substrate: z.enum(substrates),
    /** One stack (default), or one half of a split deployment: `cluster` (nodes, network, identity) or `platform` (addons). */
    stackRole: z.enum(["all", "cluster", "platform"]),
    /** For `stackRole: platform`: the cluster stack it builds on, e.g. "acme/groundwork/prod-cluster". */
    clusterStack: z.string().regex(/^([\w.-]+\/){1,2}[\w.-]+$/, { error: 'expected a stack name such as "acme/groundwork/prod-cluster"' }).optional(),
    /** Protect stateful resources against deletion (prod default). */
    protect: z.boolean(),
    cluster: clusterSchema,
    network: networkSchema,
    dns: dnsSchema,
    tls: tlsSchema,
    addons: z.strictObject(addonSettings),
    database: databaseSchema,
    backups: backupsSchema,
    restore: restoreSchema,
});

export type PlatformConfigShape = z.infer<typeof platformSchema>;
