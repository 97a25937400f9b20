import { z } from "zod";

// The settings of cert-manager under `addons.certManager` in the stack config.

export const certManagerSettings = z.strictObject({
    enabled: z.boolean().describe("Run cert-manager and the platform's ClusterIssuers (Let's Encrypt, self-signed, internal CA)."),
    replicas: z
        .number()
        .int()
        .min(1)
        .max(5)
        .describe("Replicas of the controller, webhook and cainjector (more than one: leader election and a PodDisruptionBudget)."),
    http01IngressClass: z
        .string()
        .min(1)
        .optional()
        .describe("IngressClass that answers ACME HTTP01 challenges; the platform's default IngressClass when unset."),
    dns01: z
        .boolean()
        .default(true)
        .describe("Solve challenges for names in dns.zone with DNS01 when dns.provider is set (needed for wildcards)."),
});

export type CertManagerSettings = z.infer<typeof certManagerSettings>;
