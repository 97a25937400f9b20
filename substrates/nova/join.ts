import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";

// Join material of one node, made for that node when it is created: a bootstrap token of its own, registered
// in the cluster as a `bootstrap.kubernetes.io/token` Secret in kube-system (what `kubeadm token create`
// writes) that expires a few hours after the server was created. A worker added months after the install,
// or a rebuilt node, gets a fresh token; nothing shared from the install is ever reused.
//
// The Secret is written once the server exists: its expiration counts from the server's creation time (a
// clock that is stable in the state, so plans stay deterministic and nothing changes as time passes), and the
// node's join loop retries until the token is there. A rebuild (cluster.nova.rebuilds) replaces the token.

/** How long a node's token is valid after its server was created: its join loop gives up after 30 minutes. */
export const bootstrapTokenHours = 2;

/** The groups kubeadm's RBAC (set up by `kubeadm init`) grants joining nodes: read cluster-info, create CSRs. */
export const bootstrapGroups = "system:bootstrappers:kubeadm:default-node-token";

/**
 * The expiration of a token for a server created at `created`: RFC 3339, as the bootstrap token Secret wants it.
 * Nova's creation time comes from the provider as Go's time.String ("2026-01-01 00:00:00 +0000 UTC") or RFC 3339.
 */
export function bootstrapTokenExpiration(created: string, hours = bootstrapTokenHours): string {
    const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(created);
    if (!match) throw new Error(`unexpected server creation time "${created}"`);
    const start = Date.parse(`${match[1]}T${match[2]}Z`);
    return new Date(start + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The public half of a node's bootstrap token: [a-z0-9]{6}, one per node and rebuild. */
export function bootstrapTokenId(node: string, rebuild: number): string {
    return createHash("sha256").update(`${node}/${rebuild}`).digest("hex").slice(0, 6);
}

/** The Secret kubeadm reads a bootstrap token from (k8s.io/cluster-bootstrap/token/api). */
export function bootstrapTokenSecretData(tokenId: string, tokenSecret: string, expiration: string, node: string): Record<string, string> {
    return {
        "token-id": tokenId,
        "token-secret": tokenSecret,
        expiration,
        "usage-bootstrap-authentication": "true",
        "usage-bootstrap-signing": "true",
        "auth-extra-groups": bootstrapGroups,
        description: `groundwork: joins ${node}`,
    };
}

export interface NodeJoinArgs {
    /** The server name, e.g. ocf-workers-3 (the Kubernetes node name). */
    node: string;
    /** How many times the node was rebuilt (cluster.nova.rebuilds): a new number, a new token. */
    rebuild: number;
}

/** A node's bootstrap token: minted by the program, registered in the cluster by `register` once the server exists. */
export class NodeJoin {
    /** Secret: [a-z0-9]{6}.[a-z0-9]{16}. */
    readonly token: pulumi.Output<string>;
    private readonly tokenId: pulumi.Output<string>;
    private readonly tokenSecret: pulumi.Output<string>;

    constructor(
        private readonly scope: pulumi.Resource,
        private readonly name: string,
        private readonly args: NodeJoinArgs,
    ) {
        // The ID half is public (it names the Secret, kubeadm prints it): derived from the node and its rebuild
        // count, so each node and each rebuild has its own and the Secret's name is known at preview. The
        // secret half is random.
        this.tokenId = pulumi.output(bootstrapTokenId(args.node, args.rebuild));
        this.tokenSecret = new random.RandomString(
            `${name}-token-secret`,
            { length: 16, lower: true, numeric: true, upper: false, special: false, keepers: { rebuild: String(args.rebuild) } },
            { parent: scope, additionalSecretOutputs: ["result"] },
        ).result;
        this.token = pulumi.secret(pulumi.interpolate`${this.tokenId}.${this.tokenSecret}`);
    }

    /** The token's Secret in kube-system, written right after `server` is created. */
    register(
        server: { created: pulumi.Output<string> } & pulumi.Resource,
        provider: k8s.Provider,
        retry: pulumi.ErrorHook,
    ): k8s.core.v1.Secret {
        const { node } = this.args;
        return new k8s.core.v1.Secret(
            `${this.name}-bootstrap-token`,
            {
                metadata: {
                    name: pulumi.interpolate`bootstrap-token-${this.tokenId}`,
                    namespace: "kube-system",
                    labels: { "groundwork.io/joins-node": node },
                },
                type: "bootstrap.kubernetes.io/token",
                stringData: pulumi.secret(
                    pulumi
                        .all([this.tokenId, this.tokenSecret, server.created])
                        .apply(([id, secret, created]) => bootstrapTokenSecretData(id, secret, bootstrapTokenExpiration(created), node)),
                ),
            },
            { parent: this.scope, provider, dependsOn: [server], hooks: { onError: [retry] } },
        );
    }
}

/** Matches the errors of an API server that is still coming up (the init node is running `kubeadm init`). */
const notUpYet =
    /connection refused|no route to host|i\/o timeout|unreachable|EOF|TLS handshake timeout|ServiceUnavailable|the server is currently unable/i;

/**
 * Retries writing join material while the API server is not up yet: on a fresh install the first servers
 * exist minutes before `kubeadm init` has finished. Gives up after about half an hour, as the nodes do.
 */
export function retryWhileApiStarts(name: string): pulumi.ErrorHook {
    return new pulumi.ErrorHook(`${name}-retry-while-api-starts`, async ({ errors }) => {
        if (errors.length >= 90 || !notUpYet.test(errors[0] ?? "")) return false;
        await new Promise((resolve) => setTimeout(resolve, 20_000));
        return true;
    });
}
