import { z } from "zod";
import { addonSettings } from "./addon-settings";
import { substrates } from "../model/names";
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
} from "../model/primitives";
import { eksClusterSettings } from "../substrates/eks/settings";
import { existingClusterSettings } from "../substrates/existing/settings";
import { magnumClusterSettings } from "../substrates/magnum/settings";
import { novaClusterSettings } from "../substrates/nova/settings";

// The whole platform in one strict schema: unknown keys are errors (with a did-you-mean), and every
// default that differs between dev and prod lives in ./profiles.ts, not here.

export const nodePoolSchema = z
    .strictObject({
        name: dnsLabel.describe("Pool name, part of the node group's (or servers') names: renaming a pool replaces its nodes."),
        size: z
            .string({ error: "expected an instance type or flavor name" })
            .min(1)
            .describe(
                "Instance type on EKS (m6i.large), Nova flavor on OpenStack (m3.medium). Changing it replaces the pool's nodes on EKS and Magnum (the first pool's: the whole Magnum cluster) and resizes them in place on Nova.",
            ),
        min: nonNegativeInt.describe("Fewest nodes the autoscaler keeps in the pool."),
        max: positiveInt.describe("Most nodes the autoscaler may grow the pool to."),
        desired: nonNegativeInt.describe("Nodes to start with, between min and max; an autoscaler moves it afterwards."),
        diskGiB: z
            .number()
            .int()
            .min(20, { error: "expected at least 20 GiB" })
            .max(16384)
            .default(50)
            .describe("Root disk of each node, in GiB; a change reaches a node only when the node is replaced."),
        labels: labels
            .default({})
            .describe("Kubernetes labels put on every node of the pool (not on Magnum, whose node groups cannot set them)."),
        taints: z
            .array(taint)
            .default([])
            .describe("Taints put on every node of the pool, so only pods that tolerate them run there (not on Magnum)."),
        kubernetesVersion: kubernetesMinor
            .optional()
            .describe(
                "The pool's kubelet minor version; the control plane's when unset. May lag it by at most three minors, never lead it.",
            ),
    })
    .describe("A group of identical worker nodes.");

export const clusterSchema = z
    .strictObject({
        name: dnsLabel.describe("Cluster name, the prefix of the cloud resources' names. Immutable: changing it builds a new cluster."),
        kubernetesVersion: kubernetesMinor.describe(
            'Kubernetes minor version of the control plane, e.g. "1.33" (quoted); the patch comes from the pinned catalog. Upgrade one minor at a time, never downgrade.',
        ),
        nodePools: z
            .array(nodePoolSchema)
            .default([])
            .describe("Worker node pools; on Magnum the first is the cluster's default worker group."),
        flavors: z
            .record(
                z.string().min(1),
                z
                    .strictObject({
                        vcpus: positiveInt.describe("Virtual CPUs of the flavor."),
                        ramMiB: positiveInt.describe("Memory of the flavor, in MiB."),
                    })
                    .describe("One flavor's size."),
            )
            .optional()
            .describe(
                "vCPUs and RAM of the flavors the pools use on OpenStack, or of the machines an existing cluster's pools describe, keyed by the pool's size: the capacity check needs them (it knows EKS instance types).",
            ),
        existing: existingClusterSettings.optional(),
        magnum: magnumClusterSettings.optional(),
        nova: novaClusterSettings.optional(),
        eks: eksClusterSettings.optional(),
    })
    .describe("The Kubernetes cluster: its name, version and node pools, and the settings of the chosen substrate.");

export const networkSchema = z
    .strictObject({
        nodeCidr: cidr.describe(
            "The node network: the VPC on EKS, the tenant subnet on OpenStack. Fixed at creation: changing it rebuilds the network and the cluster.",
        ),
        podCidr: cidr.describe(
            "The range pod IPs come from (the CNI's pool; on EKS pods take VPC addresses). Must not overlap the other ranges; fixed at creation.",
        ),
        serviceCidr: cidr.describe(
            "The range ClusterIP Services get addresses from. Must not overlap the other ranges; fixed at creation (changing it replaces the cluster).",
        ),
        zones: z
            .array(z.string().min(1))
            .default([])
            .describe("Availability zones to spread nodes and subnets over; the region's first ones when empty. Prod wants three."),
    })
    .describe("The cluster's IP ranges and availability zones.");

export const dnsSchema = z
    .strictObject({
        provider: z
            .enum(["route53", "designate", "none"])
            .describe("The DNS service that ExternalDNS and cert-manager's DNS01 solver write records to; none leaves DNS to you."),
        zone: dnsName.optional().describe("The zone the platform writes records into (ExternalDNS, DNS01 challenges), e.g. example.org."),
        cloudsYaml: secretRef
            .optional()
            .describe(
                "Designate: secret config key holding a clouds.yaml whose `openstack` cloud (an application credential allowed to manage the zone's records) ExternalDNS and cert-manager's DNS01 webhook use.",
            ),
    })
    .describe("Public DNS: where the platform publishes ingress host names and solves ACME DNS01 challenges.");

export const tlsSchema = z
    .strictObject({
        acmeEmail: email.optional().describe("Let's Encrypt account email (expiry notices); required for the ACME issuers."),
        issuer: z
            .enum(["letsencrypt-staging", "letsencrypt-production", "selfsigned"])
            .describe("The ClusterIssuer that ingresses use by default; changing it reissues every ingress certificate."),
    })
    .describe("Certificates of the platform's ingresses.");

export const databaseSchema = z
    .strictObject({
        enabled: z.boolean().describe("Run the platform's PostgreSQL cluster (CloudNativePG)."),
        instances: positiveInt.max(9).describe("PostgreSQL instances: one primary and the rest streaming replicas."),
        postgresVersion: z
            .enum(["16", "17"])
            .default("17")
            .describe(
                "PostgreSQL major version (quoted): the operand image. Changing it on a running cluster is a major upgrade that CloudNativePG runs offline; it cannot go back.",
            ),
        size: z.enum(["small", "medium", "large"]).describe("Instance size: drives CPU/memory requests and PostgreSQL tuning."),
        storage: z
            .strictObject({
                size: storageSize.describe('Data volume size per instance, e.g. "20Gi"; it can grow, never shrink.'),
                storageClass: z
                    .string()
                    .min(1)
                    .optional()
                    .describe("StorageClass of the data volumes; the cluster's default when unset. Immutable once created."),
            })
            .describe("The data volume of each instance."),
        walStorage: z
            .strictObject({
                size: storageSize.describe('WAL volume size per instance, e.g. "4Gi" (at least 1Gi); it can grow, never shrink.'),
                storageClass: z
                    .string()
                    .min(1)
                    .optional()
                    .describe("StorageClass of the WAL volumes; the cluster's default when unset. Immutable once created."),
            })
            .describe("The separate write-ahead-log volume of each instance."),
        databases: z
            .array(
                z
                    .strictObject({
                        name: dnsLabel.describe("Database name."),
                        owner: dnsLabel.describe("The role that owns the database; it is created with a generated password."),
                        namespace: dnsLabel.describe("Namespace of the application that uses it: its connection Secret is written there."),
                    })
                    .describe("An application database and its owner."),
            )
            .default([])
            .describe("Application databases, each with an owner role and a connection Secret in the application's namespace."),
        name: dnsLabel
            .default("postgres")
            .describe(
                "The CloudNativePG Cluster's name, also the backup server name: keep it across rebuilds. Changing it creates a new, empty cluster.",
            ),
        namespace: dnsLabel
            .default("postgres")
            .describe("The namespace of the CloudNativePG Cluster. Changing it creates a new, empty cluster."),
        roles: z
            .array(
                z
                    .strictObject({
                        name: dnsLabel.describe("Role (login user) name; its password is generated into a Secret."),
                        createdb: z.boolean().default(false).describe("Allow the role to create databases."),
                        inRoles: z
                            .array(z.string().min(1))
                            .default([])
                            .describe("Roles this one is a member of (e.g. pg_read_all_data for a read-only reporting user)."),
                        connectionLimit: z
                            .number()
                            .int()
                            .min(-1)
                            .default(-1)
                            .describe("Most concurrent connections of the role; -1 is unlimited."),
                    })
                    .describe("A login role."),
            )
            .default([])
            .describe("Extra login roles; every database owner is a role already. Passwords are generated."),
        parameters: z
            .record(z.string(), z.string())
            .default({})
            .describe("PostgreSQL parameters (postgresql.conf) over the ones tuned from `size`; values are strings."),
        antiAffinity: z
            .enum(["required", "preferred"])
            .default("required")
            .describe('"required": never two instances on one node (needs as many nodes as instances); "preferred": spread when possible.'),
        backupRetentionDays: positiveInt
            .max(3650)
            .optional()
            .describe("Days of base backups and WAL kept in the object store; `backups.retentionDays` when unset."),
    })
    .describe("The platform's PostgreSQL cluster (CloudNativePG) and its databases.");

export const backupsSchema = z
    .strictObject({
        enabled: z.boolean().describe("Write backups: PostgreSQL base backups and WAL, Velero, etcd snapshots, Vault snapshots."),
        objectStore: z
            .strictObject({
                provider: z
                    .enum(["s3", "swift", "ceph"])
                    .describe("Object storage flavour: AWS S3, or the S3 API of OpenStack Swift or Ceph RGW."),
                bucket: z
                    .string()
                    .min(3)
                    .describe("Bucket (container) name. Changing it starts an empty store: earlier backups stay in the old one."),
                region: z.string().min(1).optional().describe("Region of the bucket; the substrate's region when unset."),
                endpoint: z
                    .string()
                    .regex(/^https?:\/\//, { error: "expected an http(s) URL" })
                    .optional()
                    .describe("S3-compatible endpoint for Swift/Ceph, e.g. https://object.example.org."),
                credentials: secretRef
                    .optional()
                    .describe("Secret config key holding `accessKeyId:secretAccessKey`, where workload identity is not available."),
            })
            .optional()
            .describe("Where every backup (PostgreSQL, Velero, etcd, Vault snapshots) is written."),
        retentionDays: positiveInt.max(3650).describe("Days backups are kept before they are pruned."),
        schedule: cronSchedule.describe(
            "When backups run (PostgreSQL; Velero, etcd and Vault snapshots unless they set their own), a five-field cron schedule, e.g. `0 3 * * *`.",
        ),
        firstBackupTime: timestamp
            .optional()
            .describe(
                "When the oldest base backup still in the store was taken: a `restore.targetTime` before it is refused at config time. Offline the program cannot list the store; CloudNativePG refuses such a target too.",
            ),
    })
    .describe("Backups of the platform's state to object storage.");

export const restoreSchema = z
    .strictObject({
        enabled: z.boolean().describe("Rebuild stateful parts from the backups the normal mode writes, instead of starting empty."),
        targetTime: timestamp.optional().describe("Point-in-time target for PostgreSQL (RFC 3339); the newest state when unset."),
        generation: nonNegativeInt
            .max(999)
            .default(0)
            .describe(
                "Backup generation of the database (docs/disaster-recovery.md): normal mode archives under barman server `<database.name>` (0) or `<database.name>-r<N>`; restore mode reads generation N and writes N + 1, so a recovered cluster never appends to the archive it came from. Raise it by one after each restore.",
            ),
        fromCluster: dnsLabel
            .optional()
            .describe("Read the backups of another cluster name (a scratch stack rehearsing prod's restore); cluster.name when unset."),
        useStagingCertificates: z
            .boolean()
            .default(false)
            .describe("Ingresses use letsencrypt-staging while restoring (Let's Encrypt rate limits); switch back after."),
    })
    .describe("Disaster recovery: build the platform from existing backups.");

export const platformSchema = z.strictObject({
    environment: z.enum(["dev", "prod"]).describe("The environment profile: it fills most defaults (sizes, replicas, protection)."),
    substrate: z
        .enum(substrates)
        .describe(
            "Where the cluster comes from: EKS, OpenStack Magnum, Nova VMs with kubeadm, or an existing cluster. Changing it builds a new cluster.",
        ),
    stackRole: z
        .enum(["all", "cluster", "platform"])
        .describe("One stack (all), or one half of a split deployment: `cluster` (nodes, network, identity) or `platform` (addons)."),
    clusterStack: z
        .string()
        .regex(/^([\w.-]+\/){1,2}[\w.-]+$/, { error: 'expected a stack name such as "acme/groundwork/prod-cluster"' })
        .optional()
        .describe('For `stackRole: platform`: the cluster stack it builds on, e.g. "acme/groundwork/prod-cluster".'),
    protect: z
        .boolean()
        .describe(
            "Protect stateful resources (clusters, volumes, buckets, databases) against deletion, and keep them when removed from the program.",
        ),
    cluster: clusterSchema,
    network: networkSchema,
    dns: dnsSchema,
    tls: tlsSchema,
    addons: z.strictObject(addonSettings).describe("The platform's addons, each enabled or not with its own settings."),
    database: databaseSchema,
    backups: backupsSchema,
    restore: restoreSchema,
});

export type PlatformConfigShape = z.infer<typeof platformSchema>;
