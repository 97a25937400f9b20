import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

// Every namespace the platform creates carries Pod Security Admission labels. "restricted" is the default;
// an addon that needs more (a CNI, a storage daemon, a log collector reading host paths) declares its
// exception here, in code a reviewer sees, instead of relaxing the whole cluster.

export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

export interface PlatformNamespaceArgs {
    /** The namespace's name. */
    name: string;
    /** Enforced level; warnings and audit logs always use "restricted", so exceptions stay visible. */
    podSecurity?: PodSecurityLevel;
    /** The cluster's Kubernetes minor, which pins the PSA policy version so upgrades do not tighten it silently. */
    kubernetesVersion: string;
    labels?: Record<string, string>;
}

export function podSecurityLabels(level: PodSecurityLevel, kubernetesVersion: string): Record<string, string> {
    const version = `v${kubernetesVersion}`;
    return {
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/enforce-version": version,
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/audit-version": version,
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/warn-version": version,
    };
}

/** The namespaces each component created, so the platform's NetworkPolicies wait for exactly their namespace. */
const createdBy = new WeakMap<pulumi.Resource, CreatedNamespace[]>();

export interface CreatedNamespace {
    readonly name: string;
    readonly resource: k8s.core.v1.Namespace;
}

/** The namespaces `component`, or a component it holds in a property, created through platformNamespace. */
export function namespacesCreatedBy(component: pulumi.Resource): CreatedNamespace[] {
    const held = Object.values(component).filter((v): v is pulumi.ComponentResource => v instanceof pulumi.ComponentResource);
    return [component, ...held].flatMap((c) => createdBy.get(c) ?? []);
}

/** Creates a platform namespace as a child of `scope`; its logical name is `${scopeName}-ns`. */
export function platformNamespace(
    scope: pulumi.Resource,
    scopeName: string,
    args: PlatformNamespaceArgs,
    opts?: pulumi.CustomResourceOptions,
): k8s.core.v1.Namespace {
    const ns = createNamespace(scope, scopeName, args, opts);
    createdBy.set(scope, [...(createdBy.get(scope) ?? []), { name: args.name, resource: ns }]);
    return ns;
}

function createNamespace(
    scope: pulumi.Resource,
    scopeName: string,
    args: PlatformNamespaceArgs,
    opts?: pulumi.CustomResourceOptions,
): k8s.core.v1.Namespace {
    return new k8s.core.v1.Namespace(
        `${scopeName}-ns`,
        {
            metadata: {
                name: args.name,
                labels: {
                    "app.kubernetes.io/managed-by": "groundwork",
                    ...podSecurityLabels(args.podSecurity ?? "restricted", args.kubernetesVersion),
                    ...args.labels,
                },
            },
        },
        { parent: scope, ...opts },
    );
}
