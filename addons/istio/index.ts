import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig } from "../../config/types";
import { dnsLabel } from "../../model/primitives";
import { meshSecurity } from "./security";

// Istio (the company-cluster and Magnum (Jetstream2) reference platforms; optional): the `base` chart (CRDs, as templates so upgrades apply them) first,
// then istiod. Sidecar injection is opt-in per namespace (label istio-injection=enabled).

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
    mtls: z.enum(["STRICT", "PERMISSIVE"]).describe("Mesh-wide mutual TLS between sidecars: STRICT refuses plaintext to any meshed workload."),
    authorization: z
        .array(meshNamespace)
        .default([])
        .describe("Per namespace, who may call its meshed workloads (an AuthorizationPolicy next to its NetworkPolicies)."),
});
export type IstioSettings = z.infer<typeof istioSettings>;

export interface IstioArgs {
    cluster: ClusterHandle;
    settings: IstioSettings;
    /** The tenants' component: the namespaces authorization policies go into exist once it does. */
    tenants?: pulumi.Resource;
}

export class Istio extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** Istio's CRDs (the base release): what a VirtualService, Gateway or PeerAuthentication waits for. */
    readonly ready: pulumi.Resource[];
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: IstioArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Istio", name, {}, opts);
        const { settings, cluster } = args;
        // "restricted" (the default): istiod runs non-root, drops ALL capabilities, and gets RuntimeDefault seccomp below.
        const ns = platformNamespace(this, name, { name: "istio-system", kubernetesVersion: cluster.kubernetesVersion });
        const base = helmRelease(this, {
            chart: charts.istioBase,
            releaseName: "istio-base",
            namespace: ns.metadata.name,
            values: { defaultRevision: "default", base: { enableCRDTemplates: true } },
        });
        this.ready = [base];
        this.release = helmRelease(this, {
            chart: charts.istio,
            namespace: ns.metadata.name,
            dependsOn: this.ready,
            values: {
                autoscaleEnabled: settings.replicas > 1,
                autoscaleMin: settings.replicas,
                replicaCount: settings.replicas,
                meshConfig: { enablePrometheusMerge: true },
                // The chart leaves istiod's seccomp profile unset ({}), which "restricted" refuses.
                seccompProfile: { type: "RuntimeDefault" },
            },
        });
        meshSecurity(this, name, { settings, rootNamespace: "istio-system", dependsOn: [...this.ready, ...(args.tenants ? [args.tenants] : [])] });
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace });
    }
}

/** Authorization policies go into tenant namespaces, which exist before the mesh's policies are applied. */
export function istioProblems(settings: IstioSettings, config: PlatformConfig): string[] {
    const tenants = config.addons.tenants.enabled ? config.addons.tenants.namespaces.map((t) => t.name) : [];
    return settings.authorization.flatMap((entry, i) =>
        tenants.includes(entry.namespace)
            ? []
            : [`addons.istio.authorization[${i}].namespace: expected one of the tenant namespaces (${tenants.join(", ") || "none"}), got "${entry.namespace}"`],
    );
}

export const istio = defineAddon({
    key: "istio",
    description: "Service mesh (Istio base + istiod), sidecar injection opt-in per namespace",
    settings: istioSettings,
    // Every chart it installs: the upgrade guard checks each against the cluster version.
    pins: [charts.istioBase, charts.istio],
    defaults: { dev: { enabled: false, replicas: 1, mtls: "PERMISSIVE" }, prod: { enabled: false, replicas: 2, mtls: "STRICT" } },
    uses: ["tenants"],
    validate: istioProblems,
    substrates: ["eks", "magnum", "nova", "existing"],
    // istiod: sidecar injection webhook for the API server; xDS and certificates for every meshed pod.
    flows: () => [
        {
            namespace: "istio-system",
            ingress: [{ peer: "apiServer", ports: [15017] }, { peer: "allNamespaces", ports: [15010, 15012] }, { peer: "monitoring", ports: [15014] }],
            egress: [{ peer: "apiServer" }],
        },
    ],
    create: (name, ctx): Istio => new Istio(name, { cluster: ctx.cluster, settings: ctx.settings, tenants: ctx.addons.tenants }, ctx.opts),
});
