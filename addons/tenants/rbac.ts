import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

// Cluster-wide access for people: a read-only role (everything `view` shows, plus the cluster-scoped
// objects `view` leaves out, and still no Secrets) and cluster-admin for the platform team. Namespace
// admins are bound per tenant namespace (see the tenants addon).

export const readOnlyRoleName = "groundwork:read-only";
const aggregateLabel = "groundwork.io/aggregate-to-read-only";

const subjects = (groups: readonly string[]) => groups.map((name) => ({ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name }));

export interface ClusterAccessArgs {
    readOnlyGroups: readonly string[];
    platformAdminGroups: readonly string[];
}

export function clusterAccess(scope: pulumi.Resource, name: string, args: ClusterAccessArgs): pulumi.Resource[] {
    const opts = { parent: scope };
    const created: pulumi.Resource[] = [];
    // Aggregated, so the role follows `view` (and every CRD that aggregates into it) without edits here.
    created.push(
        new k8s.rbac.v1.ClusterRole(
            `${name}-read-only`,
            {
                metadata: { name: readOnlyRoleName },
                aggregationRule: {
                    clusterRoleSelectors: [
                        { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" } },
                        { matchLabels: { [aggregateLabel]: "true" } },
                    ],
                },
            },
            opts,
        ),
        new k8s.rbac.v1.ClusterRole(
            `${name}-read-only-cluster-scoped`,
            {
                metadata: { name: `${readOnlyRoleName}-cluster-scoped`, labels: { [aggregateLabel]: "true" } },
                rules: [
                    { apiGroups: [""], resources: ["nodes", "namespaces", "persistentvolumes"], verbs: ["get", "list", "watch"] },
                    {
                        apiGroups: ["storage.k8s.io"],
                        resources: ["storageclasses", "csidrivers", "volumeattachments"],
                        verbs: ["get", "list", "watch"],
                    },
                    { apiGroups: ["networking.k8s.io"], resources: ["ingressclasses"], verbs: ["get", "list", "watch"] },
                    { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"], verbs: ["get", "list", "watch"] },
                    { apiGroups: ["scheduling.k8s.io"], resources: ["priorityclasses"], verbs: ["get", "list", "watch"] },
                    { apiGroups: ["metrics.k8s.io"], resources: ["nodes", "pods"], verbs: ["get", "list"] },
                ],
            },
            opts,
        ),
    );
    if (args.readOnlyGroups.length > 0) {
        created.push(
            new k8s.rbac.v1.ClusterRoleBinding(
                `${name}-read-only`,
                {
                    metadata: { name: readOnlyRoleName },
                    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: readOnlyRoleName },
                    subjects: subjects(args.readOnlyGroups),
                },
                opts,
            ),
        );
    }
    if (args.platformAdminGroups.length > 0) {
        created.push(
            new k8s.rbac.v1.ClusterRoleBinding(
                `${name}-platform-admins`,
                {
                    metadata: { name: "groundwork:platform-admins" },
                    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
                    subjects: subjects(args.platformAdminGroups),
                },
                opts,
            ),
        );
    }
    return created;
}

/** Namespace admins: the built-in `admin` role (everything in the namespace except quotas and the namespace itself). */
export function namespaceAdmins(
    scope: pulumi.Resource,
    name: string,
    namespace: pulumi.Input<string>,
    groups: readonly string[],
): k8s.rbac.v1.RoleBinding | undefined {
    if (groups.length === 0) return undefined;
    return new k8s.rbac.v1.RoleBinding(
        `${name}-admins`,
        {
            metadata: { name: "groundwork:namespace-admins", namespace },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" },
            subjects: subjects(groups),
        },
        { parent: scope },
    );
}
