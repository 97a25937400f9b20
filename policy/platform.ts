import { definePolicy, type PlatformPolicy, type PolicyResource } from "./types";
import { at, isMap, secretMarker, show, unknownMarker } from "./values";

// Cross-cutting promises: stateful resources survive a mistaken `pulumi destroy` in prod, and inputs that
// carry credentials are Pulumi secrets (encrypted in state, masked in previews and plans).

/** Cloud resources holding data or identity: `protect` in prod (a delete must be a deliberate two-step). */
export const protectedTypes: readonly string[] = [
    "aws:kms/key:Key",
    "aws:eks/cluster:Cluster",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:rds/cluster:Cluster",
    "aws:rds/instance:Instance",
    "aws:ebs/volume:Volume",
    "aws:efs/fileSystem:FileSystem",
    "openstack:containerinfra/cluster:Cluster",
    "openstack:blockstorage/volume:Volume",
    "openstack:objectstorage/container:Container",
];

/** In-cluster stateful objects: `protect` or `retainOnDelete` (removing them from the program keeps the data). */
export const retainedTypes: readonly string[] = [
    "kubernetes:postgresql.cnpg.io/v1:Cluster",
    "kubernetes:core/v1:PersistentVolumeClaim",
    "kubernetes:ceph.rook.io/v1:CephCluster",
];

/** Helm charts whose release owns stateful data (Vault's raft storage). */
export const statefulCharts: readonly string[] = ["vault"];

/** Inputs that hold a credential; `*` means every key of the map at that path. */
export const secretInputs: Readonly<Record<string, readonly string[]>> = {
    "pulumi:providers:kubernetes": ["kubeconfig"],
    "pulumi:providers:aws": ["secretKey", "token"],
    "pulumi:providers:openstack": ["password", "applicationCredentialSecret", "token"],
    "kubernetes:core/v1:Secret": ["data.*", "stringData.*"],
    "openstack:compute/instance:Instance": ["userData", "adminPass"],
    "aws:ec2/instance:Instance": ["userData"],
    "aws:rds/cluster:Cluster": ["masterPassword"],
    "aws:rds/instance:Instance": ["password"],
};

function isStateful(r: PolicyResource): "protect" | "retain" | undefined {
    if (protectedTypes.includes(r.type)) return "protect";
    if (retainedTypes.includes(r.type)) return "retain";
    if (r.type.startsWith("kubernetes:helm.sh/") && statefulCharts.includes(String(r.inputs.chart))) return "retain";
    return undefined;
}

/** [path, value] of every secret-bearing input that is set. */
function secretValues(r: PolicyResource): [string, unknown][] {
    const out: [string, unknown][] = [];
    for (const path of secretInputs[r.type] ?? []) {
        if (!path.endsWith(".*")) {
            const v = at(r.inputs, path);
            if (v !== undefined) out.push([path, v]);
            continue;
        }
        const base = path.slice(0, -2);
        const map = at(r.inputs, base);
        if (isMap(map)) for (const [k, v] of Object.entries(map)) out.push([`${base}.${k}`, v]);
        else if (map !== undefined) out.push([base, map]); // the whole map is one secret
    }
    return out;
}

export const platformPolicies: readonly PlatformPolicy[] = [
    definePolicy({
        name: "protect-stateful-resources",
        description: "In prod, clusters, KMS keys, buckets, volumes, databases and Vault are protected from deletion",
        prodOnly: true,
        check: (r) => {
            const kind = isStateful(r);
            if (!kind || r.options.protect === true) return [];
            if (kind === "retain" && r.options.retainOnDelete !== false) return []; // retained, or unknown (live preview)
            return [
                `options.protect: expected true in prod${kind === "retain" ? " (or retainOnDelete)" : ""}, got ${show(r.options.protect)}`,
            ];
        },
    }),
    definePolicy({
        name: "secret-inputs-are-secret",
        description: "Kubeconfigs, Secret data, user data and passwords are Pulumi secrets, never plain inputs",
        resourceTypes: Object.keys(secretInputs),
        planOnly: true,
        check: (r) =>
            secretValues(r)
                .filter(([, v]) => v !== secretMarker && v !== unknownMarker)
                .map(([path]) => `${path}: expected a Pulumi secret (pulumi.secret, secret config, or random), got a plain value`),
    }),
];
