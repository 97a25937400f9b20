import { z } from "zod";
import { dnsName } from "./primitives";

// How an addon's web UI is exposed: one host, an IngressClass, TLS from a cert-manager ClusterIssuer. Addons
// turn this into their chart's own ingress values. The issuer name comes from the cert-manager addon's
// output and the class from the default ingress addon's (platform/ingress.ts); both are plain
// strings, so the release does not wait on the issuer or the controller.

export const ingressSettings = z
    .strictObject({
        host: dnsName.describe("Public host name, e.g. grafana.example.org; its certificate comes from the default ClusterIssuer."),
        className: z.string().min(1).optional().describe("IngressClass; the platform's default ingress class when unset."),
    })
    .describe("An HTTPS ingress: one host, an IngressClass, TLS from cert-manager.");

export type IngressSettings = z.infer<typeof ingressSettings>;
