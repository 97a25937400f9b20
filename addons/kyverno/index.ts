import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import { dnsLabel } from "../../model/primitives";
import { policySet, type FailureAction } from "./policies";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig } from "../../config/types";

// Admission policies (the production-checklist reference platform: non-root containers, no vulnerable or unpinned images): Kyverno, and a
// pinned policy set the program creates (addons/kyverno/policies.ts) — Enforce in prod, Audit in
// dev — after the chart's CRDs. Namespaces that need an exception declare it (see policies.ts).

/** registry.example.org, ghcr.io/acme, localhost:5000/team: a host with optional port and path, no wildcard. */
const registryPrefix = z
    .string({ error: "expected a registry prefix such as ghcr.io/acme" })
    .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9._-]+)*\/?$/, { error: "expected a registry prefix such as ghcr.io/acme (no scheme, no wildcard)" });

export const kyvernoSettings = z.strictObject({
    enabled: z.boolean().describe("Run Kyverno and the platform's pinned policy set (non-root containers, pinned and scanned images)."),
    admissionReplicas: z.number().int().min(1).max(7).describe("Admission controller replicas: 3 for HA (the webhook is in every pod's path)."),
    controllerReplicas: z.number().int().min(1).max(5).describe("Replicas of the background, cleanup and reports controllers."),
    failureAction: z.enum(["Enforce", "Audit"]).describe("Enforce blocks a violating pod; Audit admits it and records a PolicyReport entry."),
    excludedNamespaces: z
        .array(dnsLabel)
        .default([])
        .describe("Extra namespaces the policies never apply to (an application's own exception, reviewed here)."),
    restrictRegistries: z.boolean().default(false).describe("Only allow images from `allowedRegistries`."),
    allowedRegistries: z.array(registryPrefix).default([]).describe("Registry prefixes images may come from, e.g. ghcr.io/acme (no scheme, no wildcard)."),
});
export type KyvernoSettings = z.infer<typeof kyvernoSettings>;

export interface KyvernoArgs {
    cluster: ClusterHandle;
    settings: KyvernoSettings;
    environment: PlatformConfig["environment"];
}

const namespace = "kyverno";
/** The cluster's own namespaces: Kyverno's default webhook config already skips kube-system. */
const systemNamespaces = ["kube-system", "kube-public", "kube-node-lease"];

export class Kyverno extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** The release (its CRDs are chart templates, upgraded with it): what a Kyverno policy waits for. */
    readonly ready: pulumi.Resource[];
    readonly failureAction: FailureAction;
    /** The ClusterPolicies of the pinned set, by name. */
    readonly policyNames: string[];

    constructor(name: string, args: KyvernoArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Kyverno", name, {}, opts);
        const { settings, cluster } = args;
        const ns = platformNamespace(this, name, { name: namespace, kubernetesVersion: cluster.kubernetesVersion });
        const controller = (replicas: number) => ({
            replicas,
            podDisruptionBudget: { enabled: replicas > 1, minAvailable: 1 },
        });
        const release = helmRelease(this, {
            chart: charts.kyverno,
            namespace: ns.metadata.name,
            values: {
                crds: { install: true },
                admissionController: {
                    ...controller(settings.admissionReplicas),
                    container: { resources: admissionResources },
                },
                backgroundController: controller(settings.controllerReplicas),
                cleanupController: controller(settings.controllerReplicas),
                reportsController: controller(settings.controllerReplicas),
                config: { excludeKyvernoNamespace: true },
            },
        });
        this.ready = [release];

        const policies = policySet({
            failureAction: settings.failureAction,
            excludedNamespaces: [...systemNamespaces, namespace, ...settings.excludedNamespaces],
            allowedRegistries: settings.restrictRegistries ? settings.allowedRegistries : undefined,
            // In dev a broken Kyverno must not stop the cluster; in prod no pod goes unchecked.
            webhookFailurePolicy: args.environment === "prod" ? "Fail" : "Ignore",
        });
        for (const p of policies) {
            new k8s.apiextensions.CustomResource(`${name}-${p.metadata.name}`, p, { parent: this, dependsOn: this.ready });
        }
        this.failureAction = settings.failureAction;
        this.policyNames = policies.map((p) => p.metadata.name);
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace, failureAction: this.failureAction, policyNames: this.policyNames });
    }
}

export function kyvernoProblems(settings: KyvernoSettings): string[] {
    return settings.restrictRegistries && settings.allowedRegistries.length === 0
        ? ["addons.kyverno.allowedRegistries: expected at least one registry prefix (addons.kyverno.restrictRegistries is true), got an empty list"]
        : [];
}

const admissionResources = { requests: { cpu: "100m", memory: "256Mi" } };

export const kyverno = defineAddon({
    key: "kyverno",
    description: "Kyverno admission policies: non-root, no privileged, no :latest, resource requests, allowed registries (Enforce in prod, Audit in dev)",
    settings: kyvernoSettings,
    defaults: {
        dev: { enabled: true, admissionReplicas: 1, controllerReplicas: 1, failureAction: "Audit" },
        prod: { enabled: true, admissionReplicas: 3, controllerReplicas: 2, failureAction: "Enforce" },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    validate: kyvernoProblems,
    pods: (settings) => [{ what: "the Kyverno admission controller", setting: "addons.kyverno.admissionReplicas", replicas: settings.admissionReplicas, requests: admissionResources.requests, onePerNode: false }],
    // Admission webhooks for the API server; registries for image verification.
    flows: () => [
        {
            namespace,
            ingress: [{ peer: "apiServer", ports: [9443] }, { peer: "monitoring", ports: [8000] }],
            egress: [{ peer: "apiServer" }, { peer: "internet", ports: [443] }],
        },
    ],
    create: (name, ctx): Kyverno => new Kyverno(name, { cluster: ctx.cluster, settings: ctx.settings, environment: ctx.config.environment }, ctx.opts),
});
