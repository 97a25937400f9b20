import { z } from "zod";
import { secretRef } from "../../model/primitives";

// What the two OpenStack substrates (magnum, nova) share: how the cluster's own controllers reach the
// cloud, the flavor-name format, and the control-plane size rule.

export const openstackCloudSettings = z
    .strictObject({
        authUrl: z
            .string({ error: "expected the Keystone URL (https://…/v3)" })
            .regex(/^https?:\/\/\S+$/, { error: "expected the Keystone URL (https://…/v3)" })
            .describe("Keystone URL, e.g. https://js2.jetstream-cloud.org:5000/v3."),
        region: z
            .string({ error: "expected an OpenStack region name" })
            .min(1)
            .describe("OpenStack region the cluster runs in, e.g. IU or RegionOne."),
        applicationCredentialId: secretRef.describe(
            "Secret config key holding the id of an application credential (`openstack application credential create`).",
        ),
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
