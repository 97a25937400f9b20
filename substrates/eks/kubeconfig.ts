import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";

// The kubeconfig `aws eks update-kubeconfig` would write: no credentials inside, a fresh token from
// `aws eks get-token` on every use, so it works for whoever holds an IAM principal with an access entry.
// It is still a secret output: it names the endpoint and account, and the handle contract says so.

export interface EksKubeconfigArgs {
    clusterName: string;
    region: string;
    endpoint: pulumi.Input<string>;
    /** Base64 CA bundle, as the cluster's certificateAuthority.data gives it. */
    certificateAuthority: pulumi.Input<string>;
}

export function eksKubeconfigYaml(args: { clusterName: string; region: string; endpoint: string; certificateAuthority: string }): string {
    const name = args.clusterName;
    return stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server: args.endpoint, "certificate-authority-data": args.certificateAuthority } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        users: [
            {
                name,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["--region", args.region, "eks", "get-token", "--cluster-name", name, "--output", "json"],
                        interactiveMode: "Never",
                    },
                },
            },
        ],
    });
}

export function eksKubeconfig(args: EksKubeconfigArgs): pulumi.Output<string> {
    return pulumi.secret(
        pulumi
            .all([args.endpoint, args.certificateAuthority])
            .apply(([endpoint, certificateAuthority]) =>
                eksKubeconfigYaml({ clusterName: args.clusterName, region: args.region, endpoint, certificateAuthority }),
            ),
    );
}
