import { z } from "zod";
import { ingressSettings } from "../../model/ingress-settings";
import { secretRef } from "../../model/primitives";

// The settings of argo-cd under `addons.argoCd` in the stack config.

const httpsUrl = z.string().regex(/^https:\/\/\S+$/, { error: "expected an https:// repository URL" });

export const argoCdSettings = z.strictObject({
    enabled: z.boolean().describe("Run Argo CD with a generated admin password."),
    ha: z.boolean().describe("Redis HA and two replicas of the server, repo server and ApplicationSet controller."),
    ingress: ingressSettings.optional().describe("Exposes the Argo CD UI and API over HTTPS; needs cert-manager."),
    repositories: z
        .array(
            z
                .strictObject({
                    url: httpsUrl.describe("The repository's https:// URL."),
                    username: z.string().min(1).default("git").describe("User name sent with the token (GitHub accepts any)."),
                    token: secretRef.describe("Secret config key holding a read-only token for the repository."),
                })
                .describe("A private Git repository Argo CD reads."),
        )
        .default([])
        .describe("Private repositories: each gets a Secret labelled for Argo CD with a read-only token from secret config."),
    rootApp: z
        .strictObject({
            repoURL: httpsUrl.describe("The config repository's https:// URL."),
            path: z.string().min(1).describe("Directory in that repository whose manifests the root Application syncs."),
            targetRevision: z.string().min(1).default("HEAD").describe("Branch, tag or commit to sync."),
        })
        .optional()
        .describe("The app-of-apps: one Application syncing everything under `path` of the config repository."),
});

export type ArgoCdSettings = z.infer<typeof argoCdSettings>;
