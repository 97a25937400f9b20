import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { defineComponent, requireAddon } from "../../platform/addon";
import { podSecurityLabels } from "../../platform/namespace";
import { namespacedSecret } from "../../platform/secrets";
import { tenantNetworkPolicies } from "../tenants/network-policies";
import type { Limits, Quota } from "../tenants/settings";
import { containerLimits, quotaHard } from "../tenants/component";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PrEnvironmentsSettings } from "./settings";
import { prEnvironments } from "./manifest";

// The pr-environments ComponentResource; its settings and rules are in ./manifest.ts.

export const prEnvironmentLabel = "groundwork.io/pr-environment";

const namespacePrefix = "pr-";

const projectName = "pr-environments";

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
                        labels: {
                            ...podSecurityLabels("restricted", kubernetesVersion),
                            [prEnvironmentLabel]: "true",
                            "groundwork.io/pr-number": "{{.number}}",
                        },
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
export function guardrails(
    settings: PrEnvironmentsSettings,
): { apiVersion: string; kind: string; name: string; data: Record<string, unknown> }[] {
    const netpols = tenantNetworkPolicies(
        {
            name: "pr",
            podSecurity: "restricted",
            adminGroups: [],
            allowFromIngress: true,
            allowFromNamespaces: [],
            allowSameNamespace: true,
            egressNamespaces: [],
            egressCidrs: [...settings.egressCidrs],
        },
        settings.ingressNamespaces,
    );
    return [
        { apiVersion: "v1", kind: "ResourceQuota", name: "pr-quota", data: { spec: { hard: quotaHard(settings.quota as Quota) } } },
        {
            apiVersion: "v1",
            kind: "LimitRange",
            name: "pr-limits",
            data: { spec: { limits: [containerLimits(settings.limits as Limits)] } },
        },
        ...netpols.map((p) => ({
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            name: p.name,
            data: { spec: p.spec as unknown as Record<string, unknown> },
        })),
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
            {
                apiVersion: "argoproj.io/v1alpha1",
                kind: "AppProject",
                metadata: { name: projectName, namespace: argoCd.namespace },
                spec: appProjectSpec(settings),
            },
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

        new k8s.apiextensions.CustomResource(`${name}-guardrails`, guardrailPolicy(settings) as k8s.apiextensions.CustomResourceArgs, {
            parent: this,
            dependsOn: kyverno.ready,
        });
        // The cleanup controller may delete only what it is granted (aggregated into its ClusterRole).
        const reaperRole = new k8s.rbac.v1.ClusterRole(
            `${name}-reaper`,
            {
                metadata: {
                    name: "groundwork:pr-environment-reaper",
                    labels: { "rbac.kyverno.io/aggregate-to-cleanup-controller": "true" },
                },
                rules: [
                    { apiGroups: [""], resources: ["namespaces"], verbs: ["get", "list", "watch", "delete"] },
                    { apiGroups: ["argoproj.io"], resources: ["applications"], verbs: ["get", "list", "watch"] },
                ],
            },
            { parent: this },
        );
        new k8s.apiextensions.CustomResource(
            `${name}-reaper`,
            reaperPolicy(settings, argoCd.namespace) as k8s.apiextensions.CustomResourceArgs,
            {
                parent: this,
                dependsOn: [...kyverno.ready, reaperRole],
            },
        );
        this.registerOutputs({ applicationSetName: this.applicationSetName, namespacePattern: this.namespacePattern });
    }
}

function withGitHub(settings: PrEnvironmentsSettings): EnabledSettings {
    if (!settings.github) throw new Error("internal: addons.prEnvironments.github passed validation but is missing");
    return settings as EnabledSettings;
}

export const prEnvironmentsComponent = defineComponent(
    prEnvironments,
    (name, ctx): PrEnvironments =>
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
);
