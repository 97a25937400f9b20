import { z } from "zod";

// The settings of external-dns under `addons.externalDns` in the stack config.

export const externalDnsSettings = z.strictObject({
    enabled: z
        .boolean()
        .describe(
            "Run ExternalDNS: records in dns.zone for Ingresses and LoadBalancer Services, owned by this cluster through TXT records.",
        ),
    policy: z
        .enum(["sync", "upsert-only", "create-only"])
        .describe(
            '"sync" also deletes records whose source is gone; "upsert-only" never deletes; "create-only" never changes an existing record.',
        ),
    sources: z
        .array(z.enum(["service", "ingress", "gateway-httproute", "crd"]))
        .min(1)
        .default(["service", "ingress"])
        .describe("Kinds of objects whose host names become records."),
    interval: z
        .string()
        .regex(/^\d+[smh]$/, { error: 'expected a duration such as "1m"' })
        .default("1m")
        .describe('How often to reconcile besides on events, e.g. "1m" (s, m or h).'),
});

export type ExternalDnsSettings = z.infer<typeof externalDnsSettings>;
