import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon, requireAddon } from "../../platform/addon";
import { podSecurityLabels } from "../../platform/namespace";
import { namespacedSecret } from "../../platform/secrets";
import { tenantNetworkPolicies } from "../tenants/network-policies";
import { limitsSchema, quotaSchema, type Limits, type Quota } from "../tenants/tenancy-settings";
import { containerLimits, quotaHard } from "../tenants";
import { cidr, cronSchedule, dnsLabel, positiveInt, secretRef } from "../../model/primitives";
import type { ClusterHandle } from "../../platform/cluster/handle";

// Ephemeral environments for pull requests (the EKS reference platform). An Argo CD ApplicationSet with the pullRequest
// generator creates one Application per open, labelled PR of the application repository, deploying the
// PR's head commit into its own namespace `pr-<number>` (PSA restricted, created by Argo CD). Kyverno then
// generates the namespace's guardrails: a ResourceQuota, a LimitRange, default-deny NetworkPolicies (DNS,
// same-namespace and ingress-controller traffic allowed). Teardown: when the PR closes or loses its label
// the generator drops it, the ApplicationSet deletes the Application and its finalizer prunes what it
// deployed; Argo CD leaves namespaces it created, so a Kyverno cleanup policy (the reaper) deletes every
// PR namespace whose Application is gone. An environment's TTL is therefore its PR's lifetime plus at most
// one generator poll (`requeueAfterSeconds`) and one reaper run (`reaperSchedule`).

export const prEnvironmentLabel = "groundwork.io/pr-environment";
const namespacePrefix = "pr-";
const projectName = "pr-environments";

export const prEnvironmentsSettings = z.strictObject({
    enabled: z.boolean().describe("Create an environment (namespace and Argo CD Application) for each open, labelled pull request (needs argoCd and kyverno)."),
    github: z
        .strictObject({
            owner: z.string().regex(/^[A-Za-z0-9-]{1,39}$/, { error: "expected a GitHub user or organisation" }).describe("GitHub user or organisation of the application repository."),
            repo: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, { error: "expected a GitHub repository name" }).describe("Name of the application repository."),
            token: secretRef.describe("Secret config key with a GitHub token that can read the repository's pull requests."),
            labels: z.array(z.string().min(1)).default(["preview"]).describe("Only PRs carrying all these labels get an environment."),
            api: z.string().regex(/^https:\/\//, { error: "expected an https URL" }).optional().describe("GitHub Enterprise API URL; github.com when unset."),
        })
        .optional()
        .describe("The GitHub repository whose pull requests get environments."),
    source: z
        .strictObject({
            repoURL: z
                .string()
                .regex(/^(https:\/\/|git@)/, { error: "expected a Git URL" })
                .optional()
                .describe("Git URL to deploy from; `https://github.com/<owner>/<repo>.git` when unset (private repositories need an argoCd repository credential)."),
            path: z.string().min(1).default("deploy").describe("Directory of the repository holding the Helm chart, Kustomize base or manifests."),
        })
        .default({ path: "deploy" })
        .describe("What to deploy from the PR's head commit: a Helm chart, Kustomize base or plain manifests."),
    requeueAfterSeconds: positiveInt.min(30).max(86400).default(300).describe("Seconds between two polls of GitHub's pull requests."),
    quota: quotaSchema.describe("The ResourceQuota of each PR namespace."),
    limits: limitsSchema.describe("The LimitRange of each PR namespace."),
    ingressNamespaces: z.array(dnsLabel).default(["traefik"]).describe("Namespaces whose pods may reach the PR's pods (the ingress controller)."),
    egressCidrs: z.array(cidr).default([]).describe("Egress beyond DNS and the namespace itself, e.g. 0.0.0.0/0 for public APIs."),
    reaperSchedule: cronSchedule.default("*/15 * * * *").describe("How often the reaper deletes namespaces of closed PRs (five-field cron)."),
});
export type PrEnvironmentsSettings = z.infer<typeof prEnvironmentsSettings>;
type GitHubSettings = NonNullable<PrEnvironmentsSettings["github"]>;
/** Settings once validated for an enabled addon: the repository is known. */
type EnabledSettings = PrEnvironmentsSettings & { github: GitHubSettings };

export interface PrEnvironmentsArgs {
    cluster: ClusterHandle;
    settings: EnabledSettings;
    /** The GitHub token, a Pulumi secret. */
    token: pulumi.Output<string>;
    argoCd: { readonly namespace: pulumi.Output<string>; readonly ready: pulumi.Resource[] };
    kyverno: { readonly ready: pulumi.Resource[] };
}

const tokenSecretName = "pr-environments-github";

export function repoUrlOf(settings: EnabledSettings): string {
    return settings.source.repoURL ?? `https://github.com/${settings.github.owner}/${settings.github.repo}.git`;
}

/** The ApplicationSet's spec: the pullRequest generator and the per-PR Application template. */
export function applicationSetSpec(settings: EnabledSettings, kubernetesVersion: string): Record<string, unknown> {
    const { github } = settings;
    const namespace = `${namespacePrefix}{{.number}}`;
    return {
        goTemplate: true,
        goTemplateOptions: ["missingkey=error"],
        generators: [
            {
                pullRequest: {
                    requeueAfterSeconds: settings.requeueAfterSeconds,
                    github: {
                        owner: github.owner,
                        repo: github.repo,
                        tokenRef: { secretName: tokenSecretName, key: "token" },
                        labels: [...github.labels],
                        ...(github.api ? { api: github.api } : {}),
                    },
                },
            },
        ],
        // A PR that leaves the generator's list (closed, merged, unlabelled) loses its Application.
        syncPolicy: { preserveResourcesOnDeletion: false },
        template: {
            metadata: {
                name: namespace,
                labels: { [prEnvironmentLabel]: "true" },
                annotations: { "groundwork.io/pr-branch": "{{.branch}}", "groundwork.io/pr-head": "{{.head_sha}}" },
                // Deleting the Application prunes everything it deployed.
                finalizers: ["resources-finalizer.argocd.argoproj.io"],
            },
            spec: {
                project: projectName,
                source: { repoURL: repoUrlOf(settings), targetRevision: "{{.head_sha}}", path: settings.source.path },
                destination: { server: "https://kubernetes.default.svc", namespace },
                syncPolicy: {
                    automated: { prune: true, selfHeal: true },
                    syncOptions: ["CreateNamespace=true"],
                    managedNamespaceMetadata: {
                        labels: { ...podSecurityLabels("restricted", kubernetesVersion), [prEnvironmentLabel]: "true", "groundwork.io/pr-number": "{{.number}}" },
                    },
                    retry: { limit: 5, backoff: { duration: "10s", factor: 2, maxDuration: "3m" } },
                },
            },
        },
    };
}

/** The AppProject PR Applications live in: only the app repository, only `pr-*` namespaces, no guardrail overrides. */
export function appProjectSpec(settings: EnabledSettings): Record<string, unknown> {
    return {
        description: `Pull-request environments of ${settings.github.owner}/${settings.github.repo}`,
        sourceRepos: [repoUrlOf(settings)],
        destinations: [{ server: "https://kubernetes.default.svc", namespace: `${namespacePrefix}*` }],
        // CreateNamespace creates the PR's Namespace; nothing else cluster-wide.
        clusterResourceWhitelist: [{ group: "", kind: "Namespace" }],
        // The guardrails belong to the platform (Kyverno generates them); a PR cannot replace them.
        namespaceResourceBlacklist: [
            { group: "", kind: "ResourceQuota" },
            { group: "", kind: "LimitRange" },
            { group: "networking.k8s.io", kind: "NetworkPolicy" },
        ],
    };
}

/** The guardrail objects Kyverno generates into every PR namespace. */
export function guardrails(settings: PrEnvironmentsSettings): { apiVersion: string; kind: string; name: string; data: Record<string, unknown> }[] {
    const netpols = tenantNetworkPolicies(
        { name: "pr", podSecurity: "restricted", adminGroups: [], allowFromIngress: true, allowFromNamespaces: [], allowSameNamespace: true, egressNamespaces: [], egressCidrs: [...settings.egressCidrs] },
        settings.ingressNamespaces,
    );
    return [
        { apiVersion: "v1", kind: "ResourceQuota", name: "pr-quota", data: { spec: { hard: quotaHard(settings.quota as Quota) } } },
        { apiVersion: "v1", kind: "LimitRange", name: "pr-limits", data: { spec: { limits: [containerLimits(settings.limits as Limits)] } } },
        ...netpols.map((p) => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", name: p.name, data: { spec: p.spec as unknown as Record<string, unknown> } })),
    ];
}

/** kyverno.io/v1 ClusterPolicy with one generate rule per guardrail, kept in sync (synchronize) and applied to existing PR namespaces. */
export function guardrailPolicy(settings: PrEnvironmentsSettings): Record<string, unknown> {
    return {
        apiVersion: "kyverno.io/v1",
        kind: "ClusterPolicy",
        metadata: {
            name: "pr-environment-guardrails",
            annotations: { "policies.kyverno.io/title": "PR environment guardrails", "policies.kyverno.io/subject": "Namespace" },
        },
        spec: {
            rules: guardrails(settings).map((g) => ({
                name: `generate-${g.name}`,
                match: { any: [{ resources: { kinds: ["Namespace"], selector: { matchLabels: { [prEnvironmentLabel]: "true" } } } }] },
                generate: {
                    generateExisting: true,
                    synchronize: true,
                    apiVersion: g.apiVersion,
                    kind: g.kind,
                    name: g.name,
                    namespace: "{{request.object.metadata.name}}",
                    data: g.data,
                },
            })),
        },
    };
}

/** kyverno.io/v2 ClusterCleanupPolicy: deletes PR namespaces whose Application (same name) no longer exists. */
export function reaperPolicy(settings: PrEnvironmentsSettings, argoNamespace: pulumi.Input<string>): Record<string, unknown> {
    return {
        apiVersion: "kyverno.io/v2",
        kind: "ClusterCleanupPolicy",
        metadata: { name: "pr-environment-reaper" },
        spec: {
            schedule: settings.reaperSchedule,
            match: { any: [{ resources: { kinds: ["Namespace"], selector: { matchLabels: { [prEnvironmentLabel]: "true" } } } }] },
            context: [
                {
                    name: "applications",
                    apiCall: {
                        urlPath: pulumi.interpolate`/apis/argoproj.io/v1alpha1/namespaces/${argoNamespace}/applications`,
                        jmesPath: "items[].metadata.name",
                    },
                },
            ],
            conditions: { all: [{ key: "{{ target.metadata.name }}", operator: "AnyNotIn", value: "{{ applications }}" }] },
        },
    };
}

export class PrEnvironments extends pulumi.ComponentResource {
    readonly applicationSetName = "pr-environments";
    /** `pr-<number>`: the namespace (and Application) name of pull request <number>. */
    readonly namespacePattern = `${namespacePrefix}<number>`;

    constructor(name: string, args: PrEnvironmentsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:PrEnvironments", name, {}, opts);
        const { settings, cluster, argoCd, kyverno } = args;

        const token = namespacedSecret(this, `${name}-github-token`, {
            secretName: tokenSecretName,
            namespace: argoCd.namespace,
            labels: { "app.kubernetes.io/part-of": "argocd" },
            stringData: { token: args.token },
        });
        const project = new k8s.apiextensions.CustomResource(
            `${name}-project`,
            { apiVersion: "argoproj.io/v1alpha1", kind: "AppProject", metadata: { name: projectName, namespace: argoCd.namespace }, spec: appProjectSpec(settings) },
            { parent: this, dependsOn: argoCd.ready },
        );
        new k8s.apiextensions.CustomResource(
            `${name}-applicationset`,
            {
                apiVersion: "argoproj.io/v1alpha1",
                kind: "ApplicationSet",
                metadata: { name: this.applicationSetName, namespace: argoCd.namespace },
                spec: applicationSetSpec(settings, cluster.kubernetesVersion),
            },
            { parent: this, dependsOn: [...argoCd.ready, project, token] },
        );

        new k8s.apiextensions.CustomResource(`${name}-guardrails`, guardrailPolicy(settings) as k8s.apiextensions.CustomResourceArgs, { parent: this, dependsOn: kyverno.ready });
        // The cleanup controller may delete only what it is granted (aggregated into its ClusterRole).
        const reaperRole = new k8s.rbac.v1.ClusterRole(
            `${name}-reaper`,
            {
                metadata: { name: "groundwork:pr-environment-reaper", labels: { "rbac.kyverno.io/aggregate-to-cleanup-controller": "true" } },
                rules: [
                    { apiGroups: [""], resources: ["namespaces"], verbs: ["get", "list", "watch", "delete"] },
                    { apiGroups: ["argoproj.io"], resources: ["applications"], verbs: ["get", "list", "watch"] },
                ],
            },
            { parent: this },
        );
        new k8s.apiextensions.CustomResource(`${name}-reaper`, reaperPolicy(settings, argoCd.namespace) as k8s.apiextensions.CustomResourceArgs, {
            parent: this,
            dependsOn: [...kyverno.ready, reaperRole],
        });
        this.registerOutputs({ applicationSetName: this.applicationSetName, namespacePattern: this.namespacePattern });
    }
}

function withGitHub(settings: PrEnvironmentsSettings): EnabledSettings {
    if (!settings.github) throw new Error("internal: addons.prEnvironments.github passed validation but is missing");
    return settings as EnabledSettings;
}

const prEnvironmentDefaults = {
    enabled: false,
    quota: { requestsCpu: "2", requestsMemory: "4Gi", limitsCpu: "4", limitsMemory: "8Gi", pods: 20, persistentVolumeClaims: 2, requestsStorage: "10Gi", loadBalancers: 0 },
    limits: { defaultRequest: { cpu: "50m", memory: "64Mi" }, default: { cpu: "500m", memory: "512Mi" } },
};

export const prEnvironments = defineAddon({
    key: "prEnvironments",
    description: "A namespace per open pull request (Argo CD ApplicationSet), with quota, default-deny network policies and teardown on close",
    settings: prEnvironmentsSettings,
    // A PR environment is a preview, sized the same whichever cluster hosts it.
    defaults: {
        dev: prEnvironmentDefaults,
        prod: prEnvironmentDefaults,
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    // Argo CD runs the ApplicationSet; Kyverno generates each namespace's guardrails and reaps closed ones.
    requires: () => ["argoCd", "kyverno"],
    validate: (settings) =>
        settings.github ? [] : ["addons.prEnvironments.github: expected the application repository (owner, repo, token) whose pull requests get environments, got nothing"],
    // PR namespaces are created by Argo CD; Kyverno generates their default-deny policies.
    flows: () => [],
    create: (name, ctx): PrEnvironments =>
        new PrEnvironments(
            name,
            {
                cluster: ctx.cluster,
                settings: withGitHub(ctx.settings),
                token: ctx.secrets(withGitHub(ctx.settings).github.token),
                argoCd: requireAddon(ctx, "argoCd"),
                kyverno: requireAddon(ctx, "kyverno"),
            },
            ctx.opts,
        ),
});
