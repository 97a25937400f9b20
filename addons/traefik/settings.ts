import { z } from "zod";

const nodePortRange = { error: "expected a port in the NodePort range 30000-32767" };
const nodePort = z.number().int().min(30000, nodePortRange).max(32767, nodePortRange);

// The settings of traefik under `addons.traefik` in the stack config.

export const traefikSettings = z.strictObject({
    enabled: z.boolean().describe('Run Traefik as an ingress controller (IngressClass "traefik").'),
    replicas: z.number().int().min(1).max(10).describe("Traefik replicas behind the load balancer."),
    default: z
        .boolean()
        .default(true)
        .describe('Make "traefik" the cluster\'s default IngressClass; exactly one enabled ingress class must be.'),
    redirectToHttps: z.boolean().default(true).describe("Redirect every HTTP request to HTTPS (permanent) at the web entrypoint."),
    internal: z.boolean().default(false).describe("A load balancer reachable only from the VPC / tenant network, instead of a public one."),
    metallbPool: z
        .string()
        .min(1)
        .optional()
        .describe("MetalLB pool for the Service's address (bare metal); MetalLB's first pool when unset."),
    nodePorts: z
        .strictObject({
            http: nodePort.describe("Node port of the web (HTTP) entrypoint."),
            https: nodePort.describe("Node port of the websecure (HTTPS) entrypoint."),
        })
        .optional()
        .describe(
            "Fixed node ports where the Service is a NodePort (no load balancer: kind, k3d), so a host port mapping (kind's extraPortMappings) can reach them; Kubernetes picks free ones when unset.",
        ),
});

export type TraefikSettings = z.infer<typeof traefikSettings>;
