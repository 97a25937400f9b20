import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { helmRelease } from "../../platform/helm";
import { tlsIngress, uiExposure, type TlsIngress } from "../../platform/ingress-tls";
import { platformNamespace } from "../../platform/namespace";
import { namespacedSecret } from "../../platform/secrets";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { ClusterIssuerNames } from "../../platform/cluster-issuers";
import type { SecretReader } from "../../config/types";
import { defineComponent } from "../../platform/addon";
import type { ArgoCdSettings } from "./settings";
import { argoCd, namespace } from "./manifest";

// The argo-cd ComponentResource; its settings and rules are in ./manifest.ts.

export interface ArgoCdArgs {
    cluster: ClusterHandle;
    settings: ArgoCdSettings;
    secrets: SecretReader;
    issuers?: ClusterIssuerNames;
    ingressClass?: string;
    /** ExternalDNS and the ingress controller: destroyed after this release's Ingress (platform/teardown.ts). */
    ingressControllers?: pulumi.Resource[];
    /** Restore mode: Velero's Restore of the state namespaces, which the root Application waits for. */
    restore?: pulumi.Resource;
}

/** A Secret name from a repository URL: https://github.com/org/infra.git → repo-github-com-org-infra. */
export function repositorySecretName(url: string): string {
    const slug = url
        .replace(/^https:\/\//, "")
        .replace(/\.git$/, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "");
    return `repo-${slug}`.slice(0, 63).replace(/-$/, "");
}

export class ArgoCd extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly release: k8s.helm.v3.Release;
    /** What an Application or AppProject must wait for: the chart installs the CRDs. */
    readonly ready: pulumi.Resource[];
    readonly url: string;

    constructor(name: string, args: ArgoCdArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:ArgoCd", name, {}, opts);
        const { settings, cluster } = args;
        // "restricted" (the default): every Argo CD, Redis and redis-ha container the chart renders runs non-root with
        // RuntimeDefault seccomp and drops ALL capabilities.
        const ns = platformNamespace(this, name, { name: namespace, kubernetesVersion: cluster.kubernetesVersion });

        // Admin password: Argo CD stores a bcrypt hash in argocd-secret; the clear text goes where
        // `argocd admin initial-password` looks for it. With configs.secret.createSecret false the chart renders
        // no argocd-secret, so this one also carries the session-token signing key (server.secretkey) that
        // argocd-server would otherwise generate and write into the Secret itself.
        const admin = new random.RandomPassword(`${name}-admin`, { length: 32, special: false }, { parent: this });
        const signingKey = new random.RandomPassword(`${name}-server-secretkey`, { length: 44, special: false }, { parent: this });
        const serverSecret = namespacedSecret(this, `${name}-server-secret`, {
            secretName: "argocd-secret",
            namespace: ns.metadata.name,
            labels: { "app.kubernetes.io/name": "argocd-secret", "app.kubernetes.io/part-of": "argocd" },
            stringData: { "admin.password": admin.bcryptHash, "server.secretkey": signingKey.result },
        });
        namespacedSecret(this, `${name}-initial-admin`, {
            secretName: "argocd-initial-admin-secret",
            namespace: ns.metadata.name,
            labels: { "app.kubernetes.io/part-of": "argocd" },
            stringData: { password: admin.result },
        });
        settings.repositories.forEach((repo) =>
            namespacedSecret(this, `${name}-${repositorySecretName(repo.url)}`, {
                secretName: repositorySecretName(repo.url),
                namespace: ns.metadata.name,
                // Argo CD picks up repositories from Secrets with this label.
                labels: { "argocd.argoproj.io/secret-type": "repository" },
                stringData: { type: "git", url: repo.url, username: repo.username, password: args.secrets(repo.token) },
            }),
        );

        const ingress =
            settings.ingress && args.issuers
                ? tlsIngress(settings.ingress, args.issuers.default, "argocd-server-tls", args.ingressClass)
                : undefined;
        this.url = ingress?.url ?? `http://argocd-server.${namespace}.svc.cluster.local`;
        const replicas = settings.ha ? 2 : 1;
        this.release = helmRelease(this, {
            chart: charts.argoCd,
            namespace: ns.metadata.name,
            // argocd-secret must exist before argocd-server starts: finding none, the server creates its own
            // (with a generated admin password) and this Secret's create then fails. It is no Helm release, so
            // waiting on it adds no wave. Repository Secrets are watched, so they need no ordering.
            dependsOn: [serverSecret, ...(ingress ? (args.ingressControllers ?? []) : [])],
            values: {
                global: { domain: settings.ingress?.host ?? "argocd.local" },
                crds: { install: true, keep: true },
                // argocd-secret is ours (above): the chart must not create or overwrite it.
                configs: { secret: { createSecret: false }, params: { "server.insecure": !!ingress } },
                "redis-ha": { enabled: settings.ha },
                controller: { replicas: 1 },
                server: { replicas, ingress: serverIngress(ingress) },
                repoServer: { replicas },
                applicationSet: { replicas },
            },
        });
        this.ready = [this.release];

        // Automated sync (prune, self-heal) re-creates every application after a rebuild; in restore mode only
        // once Velero has put the state namespaces' volumes back (it skips objects that already exist).
        if (settings.rootApp) {
            new k8s.apiextensions.CustomResource(`${name}-root-app`, rootApplication(namespace, settings.rootApp), {
                parent: this,
                dependsOn: [...this.ready, ...(args.restore ? [args.restore] : [])],
            });
        }
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace, url: this.url });
    }
}

function serverIngress(ingress: TlsIngress | undefined) {
    if (!ingress) return { enabled: false };
    // TLS ends at the ingress (server.insecure above); `tls: true` uses the secret argocd-server-tls.
    return { enabled: true, ingressClassName: ingress.className, hostname: ingress.host, annotations: ingress.annotations, tls: true };
}

/** The app-of-apps Application (argoproj.io/v1alpha1). */
export function rootApplication(ns: string, app: NonNullable<ArgoCdSettings["rootApp"]>) {
    return {
        apiVersion: "argoproj.io/v1alpha1" as const,
        kind: "Application" as const,
        metadata: { name: "root", namespace: ns },
        spec: {
            project: "default",
            source: { repoURL: app.repoURL, path: app.path, targetRevision: app.targetRevision },
            destination: { server: "https://kubernetes.default.svc", namespace: ns },
            syncPolicy: {
                automated: { prune: true, selfHeal: true },
                syncOptions: ["CreateNamespace=true", "ServerSideApply=true"],
                retry: { limit: 5, backoff: { duration: "10s", factor: 2, maxDuration: "5m" } },
            },
        },
    };
}

export const argoCdComponent = defineComponent(
    argoCd,
    (name, ctx): ArgoCd =>
        new ArgoCd(
            name,
            {
                cluster: ctx.cluster,
                settings: ctx.settings,
                secrets: ctx.secrets,
                ...uiExposure(ctx),
                restore: ctx.addons.velero?.restore,
            },
            ctx.opts,
        ),
);
