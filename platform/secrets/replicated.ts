import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

// Replicating one secret into the namespaces that need it (the Magnum (Jetstream2) reference platform used the ClusterSecret operator for the
// CNPG connection string). Here the program writes one Kubernetes Secret per namespace from the same Pulumi
// secret values: no controller, no copy that drifts, and a removed namespace removes its copy.

export interface ReplicatedSecretArgs {
    /** The Secret's name in every namespace. */
    secretName: string;
    /** Target namespaces (names or Namespace outputs); duplicates are ignored. */
    namespaces: readonly string[];
    /** Keys and values; pass secrets as Pulumi secrets (the Secret is marked secret either way). */
    stringData: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Secret type, "Opaque" unless told (kubernetes.io/basic-auth for CNPG role passwords). */
    type?: string;
    labels?: Record<string, string>;
    dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** One Secret per namespace; logical names `${name}-${namespace}`. Returns them by namespace. */
export function replicatedSecret(scope: pulumi.Resource, name: string, args: ReplicatedSecretArgs): Record<string, k8s.core.v1.Secret> {
    const out: Record<string, k8s.core.v1.Secret> = {};
    for (const namespace of [...new Set(args.namespaces)].sort()) {
        out[namespace] = new k8s.core.v1.Secret(
            `${name}-${namespace}`,
            {
                metadata: {
                    name: args.secretName,
                    namespace,
                    labels: { "app.kubernetes.io/managed-by": "groundwork", ...args.labels },
                },
                type: args.type ?? "Opaque",
                stringData: pulumi.secret(args.stringData) as pulumi.Output<Record<string, string>>,
            },
            // The Secret's data is secret as a whole: state and plan show "[secret]".
            { parent: scope, dependsOn: args.dependsOn, additionalSecretOutputs: ["data", "stringData"] },
        );
    }
    return out;
}

/** A single Secret: replicatedSecret into one namespace. */
export function namespacedSecret(
    scope: pulumi.Resource,
    name: string,
    args: Omit<ReplicatedSecretArgs, "namespaces"> & { namespace: pulumi.Input<string> },
): k8s.core.v1.Secret {
    return new k8s.core.v1.Secret(
        name,
        {
            metadata: {
                name: args.secretName,
                namespace: args.namespace,
                labels: { "app.kubernetes.io/managed-by": "groundwork", ...args.labels },
            },
            type: args.type ?? "Opaque",
            stringData: pulumi.secret(args.stringData) as pulumi.Output<Record<string, string>>,
        },
        { parent: scope, dependsOn: args.dependsOn, additionalSecretOutputs: ["data", "stringData"] },
    );
}
