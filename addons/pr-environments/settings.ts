import { z } from "zod";
import { limitsSchema, quotaSchema } from "../tenants/settings";
import { cidr, cronSchedule, dnsLabel, positiveInt, secretRef } from "../../model/primitives";

// The settings of pr-environments under `addons.prEnvironments` in the stack config.

export const prEnvironmentsSettings = z.strictObject({
    enabled: z
        .boolean()
        .describe(
            "Create an environment (namespace and Argo CD Application) for each open, labelled pull request (needs argoCd and kyverno).",
        ),
    github: z
        .strictObject({
            owner: z
                .string()
                .regex(/^[A-Za-z0-9-]{1,39}$/, { error: "expected a GitHub user or organisation" })
                .describe("GitHub user or organisation of the application repository."),
            repo: z
                .string()
                .regex(/^[A-Za-z0-9._-]{1,100}$/, { error: "expected a GitHub repository name" })
                .describe("Name of the application repository."),
            token: secretRef.describe("Secret config key with a GitHub token that can read the repository's pull requests."),
            labels: z.array(z.string().min(1)).default(["preview"]).describe("Only PRs carrying all these labels get an environment."),
            api: z
                .string()
                .regex(/^https:\/\//, { error: "expected an https URL" })
                .optional()
                .describe("GitHub Enterprise API URL; github.com when unset."),
        })
        .optional()
        .describe("The GitHub repository whose pull requests get environments."),
    source: z
        .strictObject({
            repoURL: z
                .string()
                .regex(/^(https:\/\/|git@)/, { error: "expected a Git URL" })
                .optional()
                .describe(
                    "Git URL to deploy from; `https://github.com/<owner>/<repo>.git` when unset (private repositories need an argoCd repository credential).",
                ),
            path: z
                .string()
                .min(1)
                .default("deploy")
                .describe("Directory of the repository holding the Helm chart, Kustomize base or manifests."),
        })
        .default({ path: "deploy" })
        .describe("What to deploy from the PR's head commit: a Helm chart, Kustomize base or plain manifests."),
    requeueAfterSeconds: positiveInt.min(30).max(86400).default(300).describe("Seconds between two polls of GitHub's pull requests."),
    quota: quotaSchema.describe("The ResourceQuota of each PR namespace."),
    limits: limitsSchema.describe("The LimitRange of each PR namespace."),
    ingressNamespaces: z
        .array(dnsLabel)
        .default(["traefik"])
        .describe("Namespaces whose pods may reach the PR's pods (the ingress controller)."),
    egressCidrs: z.array(cidr).default([]).describe("Egress beyond DNS and the namespace itself, e.g. 0.0.0.0/0 for public APIs."),
    reaperSchedule: cronSchedule
        .default("*/15 * * * *")
        .describe("How often the reaper deletes namespaces of closed PRs (five-field cron)."),
});

export type PrEnvironmentsSettings = z.infer<typeof prEnvironmentsSettings>;
