import { z } from "zod";
import { dnsLabel } from "../../model/primitives";

// The settings of istio under `addons.istio` in the stack config.

const meshNamespace = z
    .strictObject({
        namespace: dnsLabel.describe("A namespace with meshed workloads (pods labelled sidecar.istio.io/inject=true), e.g. a tenant's."),
        allowFrom: z.array(dnsLabel).default([]).describe("Namespaces whose meshed workloads may call this one's (its own always may)."),
        acceptPlaintext: z
            .boolean()
            .default(false)
            .describe(
                "Served by the ingress controller, which is outside the mesh: accept plaintext (PERMISSIVE) requests with no mesh identity too. The namespace's NetworkPolicies decide who can send those (the ingress).",
            ),
    })
    .describe("Who may call one namespace's meshed workloads.");

export const istioSettings = z.strictObject({
    enabled: z.boolean().describe("Run Istio (base CRDs and istiod); sidecar injection is opt-in per namespace."),
    replicas: z.number().int().min(1).max(5).describe("istiod replicas (more than one: autoscaled from this minimum)."),
    mtls: z
        .enum(["STRICT", "PERMISSIVE"])
        .describe("Mesh-wide mutual TLS between sidecars: STRICT refuses plaintext to any meshed workload."),
    authorization: z
        .array(meshNamespace)
        .default([])
        .describe("Per namespace, who may call its meshed workloads (an AuthorizationPolicy next to its NetworkPolicies)."),
});

export type IstioSettings = z.infer<typeof istioSettings>;
