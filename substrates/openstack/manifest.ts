import { z } from "zod";
import { secretRef } from "../../model/primitives";
import type { PlatformConfig } from "../../config/types";

// What the two OpenStack substrates (magnum, nova) share: how the cluster's own controllers reach the
// cloud, the flavor-name format, and the control-plane size rule.

export const openstackCloudSettings = z
    .strictObject({
        authUrl: z
            .string({ error: "expected the Keystone URL (https://…/v3)" })
            .regex(/^https?:\/\/\S+$/, { error: "expected the Keystone URL (https://…/v3)" })
            .describe("Keystone URL, e.g. https://js2.jetstream-cloud.org:5000/v3."),
        region: z.string({ error: "expected an OpenStack region name" }).min(1).describe("OpenStack region the cluster runs in, e.g. IU or RegionOne."),
        applicationCredentialId: secretRef.describe("Secret config key holding the id of an application credential (`openstack application credential create`)."),
        applicationCredentialSecret: secretRef.describe("Secret config key holding that application credential's secret."),
    })
    .describe(
        "The cloud as the cluster's controllers see it (cloud-controller-manager, Cinder CSI, ExternalDNS and cert-manager's Designate solver). The Pulumi OpenStack provider itself reads clouds.yaml / OS_* variables.",
    );
export type OpenStackCloudSettings = z.infer<typeof openstackCloudSettings>;

/** A Nova flavor name: m3.medium, g3.xl, c5.2xlarge, gpu_a100-1. */
export const flavorPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/;
export const flavorMessage = "expected an OpenStack flavor name such as m3.medium (letters, digits, '.', '-', '_', ':')";
export const flavorName = z.string({ error: flavorMessage }).regex(flavorPattern, { error: flavorMessage });

/** `path: expected …` when a control-plane (etcd) member count is even, or a single node in prod. */
export function controlPlaneCountProblems(path: string, count: number, environment: PlatformConfig["environment"]): string[] {
    if (count !== 1 && (count < 3 || count % 2 === 0)) {
        return [`${path}: expected 1 or an odd number of at least 3 (etcd needs a majority of its members), got ${count}`];
    }
    if (environment === "prod" && count === 1) {
        return [`${path}: expected 3 or more in prod (a highly available control plane), got 1`];
    }
    return [];
}

/** Node pool sizes must be flavor names on OpenStack; the generic schema only asks for a string. */
export function poolFlavorProblems(config: PlatformConfig): string[] {
    return config.cluster.nodePools.flatMap((pool, i) =>
        flavorPattern.test(pool.size) ? [] : [`cluster.nodePools[${i}].size: ${flavorMessage}, got ${JSON.stringify(pool.size)}`],
    );
}

/** Both substrates need at least one worker pool to run the platform on. */
export function poolPresenceProblems(config: PlatformConfig): string[] {
    return config.cluster.nodePools.length === 0
        ? [`cluster.nodePools: expected at least one worker pool on substrate "${config.substrate}", got an empty list`]
        : [];
}
