import { z } from "zod";
import { dnsLabel } from "../../model/primitives";

// The settings of kyverno under `addons.kyverno` in the stack config.

/** registry.example.org, ghcr.io/acme, localhost:5000/team: a host with optional port and path, no wildcard. */
const registryPrefix = z
    .string({ error: "expected a registry prefix such as ghcr.io/acme" })
    .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9._-]+)*\/?$/, {
        error: "expected a registry prefix such as ghcr.io/acme (no scheme, no wildcard)",
    });

export const kyvernoSettings = z.strictObject({
    enabled: z.boolean().describe("Run Kyverno and the platform's pinned policy set (non-root containers, pinned and scanned images)."),
    admissionReplicas: z
        .number()
        .int()
        .min(1)
        .max(7)
        .describe("Admission controller replicas: 3 for HA (the webhook is in every pod's path)."),
    controllerReplicas: z.number().int().min(1).max(5).describe("Replicas of the background, cleanup and reports controllers."),
    failureAction: z
        .enum(["Enforce", "Audit"])
        .describe("Enforce blocks a violating pod; Audit admits it and records a PolicyReport entry."),
    excludedNamespaces: z
        .array(dnsLabel)
        .default([])
        .describe("Extra namespaces the policies never apply to (an application's own exception, reviewed here)."),
    restrictRegistries: z.boolean().default(false).describe("Only allow images from `allowedRegistries`."),
    allowedRegistries: z
        .array(registryPrefix)
        .default([])
        .describe("Registry prefixes images may come from, e.g. ghcr.io/acme (no scheme, no wildcard)."),
});

export type KyvernoSettings = z.infer<typeof kyvernoSettings>;
