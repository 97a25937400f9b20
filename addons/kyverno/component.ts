import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import { policySet, type FailureAction } from "./policies";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig } from "../../config/types";
import { defineComponent } from "../../platform/addon";
import type { KyvernoSettings } from "./settings";
import { admissionResources, kyverno, namespace } from "./manifest";

// The kyverno ComponentResource; its settings and rules are in ./manifest.ts.

export interface KyvernoArgs {
    cluster: ClusterHandle;
    settings: KyvernoSettings;
    environment: PlatformConfig["environment"];
}

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

export const kyvernoComponent = defineComponent(
    kyverno,
    (name, ctx): Kyverno =>
        new Kyverno(name, { cluster: ctx.cluster, settings: ctx.settings, environment: ctx.config.environment }, ctx.opts),
);
