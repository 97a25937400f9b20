import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { IstioSettings } from "./settings";

// The mesh's half of zero trust, next to the NetworkPolicies: a mesh-wide PeerAuthentication (mutual TLS
// between sidecars, STRICT in prod) in Istio's root namespace, and per listed namespace an ALLOW
// AuthorizationPolicy naming the namespaces whose workload identities may call it, which denies every other
// caller. A namespace behind the (unmeshed) ingress controller also accepts requests without an identity;
// its NetworkPolicies admit only the ingress controller and the namespaces listed.

export interface MeshSecurityArgs {
    settings: Pick<IstioSettings, "mtls" | "authorization">;
    /** Istio's root namespace: a PeerAuthentication there applies mesh-wide. */
    rootNamespace: string;
    /** Istio's CRDs, and whatever creates the listed namespaces. */
    dependsOn: pulumi.Resource[];
}

export function meshSecurity(scope: pulumi.Resource, name: string, args: MeshSecurityArgs): void {
    const opts = { parent: scope, dependsOn: args.dependsOn };
    new k8s.apiextensions.CustomResource(
        `${name}-mesh-mtls`,
        {
            apiVersion: "security.istio.io/v1",
            kind: "PeerAuthentication",
            metadata: { name: "default", namespace: args.rootNamespace },
            spec: { mtls: { mode: args.settings.mtls } },
        },
        opts,
    );
    for (const entry of args.settings.authorization) {
        const sources = [...new Set([entry.namespace, ...entry.allowFrom])];
        const rules: Record<string, unknown>[] = [{ from: [{ source: { namespaces: sources } }] }];
        if (entry.acceptPlaintext) {
            // No principal = a plaintext request, which only the ingress controller may send (NetworkPolicy).
            rules.push({ from: [{ source: { notPrincipals: ["*"] } }] });
            new k8s.apiextensions.CustomResource(
                `${name}-${entry.namespace}-plaintext`,
                {
                    apiVersion: "security.istio.io/v1",
                    kind: "PeerAuthentication",
                    metadata: { name: "accept-ingress-plaintext", namespace: entry.namespace },
                    spec: { mtls: { mode: "PERMISSIVE" } },
                },
                opts,
            );
        }
        new k8s.apiextensions.CustomResource(
            `${name}-${entry.namespace}-authorization`,
            {
                apiVersion: "security.istio.io/v1",
                kind: "AuthorizationPolicy",
                metadata: { name: "allow-declared-callers", namespace: entry.namespace },
                spec: { action: "ALLOW", rules },
            },
            opts,
        );
    }
}
