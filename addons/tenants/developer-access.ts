import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { stringify } from "yaml";

// A scoped kubeconfig for one developer (the Magnum (Jetstream2) reference platform: DevPod workspaces talk to the cluster with it): a
// ServiceAccount that may edit one namespace and nothing else, a long-lived token for it, and a kubeconfig
// built from the cluster endpoint and that token. The kubeconfig is a Pulumi secret end to end; revoke it
// by removing the developer (the token Secret goes with the ServiceAccount).

export interface DeveloperAccessArgs {
    developer: string;
    /** The tenant namespace's name, from its Namespace resource (so everything here waits for it). */
    namespace: pulumi.Input<string>;
    namespaceName: string;
    clusterName: string;
    endpoint: pulumi.Input<string>;
}

export function developerAccess(scope: pulumi.Resource, name: string, args: DeveloperAccessArgs): pulumi.Output<string> {
    const opts = { parent: scope };
    const accountName = `dev-${args.developer}`;
    const account = new k8s.core.v1.ServiceAccount(
        `${name}-sa`,
        {
            metadata: { name: accountName, namespace: args.namespace, labels: { "groundwork.io/developer": args.developer } },
            // The token is for a person's tools, never mounted into pods.
            automountServiceAccountToken: false,
        },
        opts,
    );
    new k8s.rbac.v1.RoleBinding(
        `${name}-edit`,
        {
            metadata: { name: `${accountName}-edit`, namespace: args.namespace },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
            subjects: [{ kind: "ServiceAccount", name: accountName, namespace: args.namespaceName }],
        },
        opts,
    );
    // The token controller fills `token` and `ca.crt`; the provider waits for that before it reads them back.
    const token = new k8s.core.v1.Secret(
        `${name}-token`,
        {
            metadata: {
                name: `${accountName}-token`,
                namespace: args.namespace,
                annotations: { "kubernetes.io/service-account.name": accountName },
            },
            type: "kubernetes.io/service-account-token",
        },
        { ...opts, dependsOn: [account], additionalSecretOutputs: ["data"] },
    );
    const kubeconfig = pulumi.all([args.endpoint, token.data]).apply(([server, data]) =>
        developerKubeconfig({
            clusterName: args.clusterName,
            server,
            caData: data?.["ca.crt"] ?? "",
            token: data?.token ? Buffer.from(data.token, "base64").toString("utf8") : "",
            user: accountName,
            namespace: args.namespaceName,
        }),
    );
    return pulumi.secret(kubeconfig);
}

export interface KubeconfigParts {
    clusterName: string;
    server: string;
    /** Base64 PEM, as the token Secret holds it. */
    caData: string;
    token: string;
    user: string;
    namespace: string;
}

export function developerKubeconfig(p: KubeconfigParts): string {
    const context = `${p.user}@${p.clusterName}`;
    return stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: p.clusterName, cluster: { server: p.server, "certificate-authority-data": p.caData } }],
        users: [{ name: p.user, user: { token: p.token } }],
        contexts: [{ name: context, context: { cluster: p.clusterName, user: p.user, namespace: p.namespace } }],
        "current-context": context,
    });
}
