import { z } from "zod";
import { dnsLabel } from "../../model/primitives";
import { openstackCloudSettings } from "../../substrates/openstack/settings";

// The settings of cinder-csi under `addons.cinderCsi` in the stack config.

const storageClass = z
    .strictObject({
        name: dnsLabel.describe("Name of the StorageClass."),
        volumeType: z
            .string()
            .min(1)
            .optional()
            .describe(
                "Cinder volume type (`openstack volume type list`); the cloud's default when unset. Changing it replaces the StorageClass.",
            ),
        reclaimPolicy: z
            .enum(["Delete", "Retain"])
            .describe("Retain keeps the Cinder volume when its claim is deleted. Changing it replaces the StorageClass."),
    })
    .describe("A StorageClass of Cinder volumes (WaitForFirstConsumer, expandable).");

export const cinderCsiSettings = z.strictObject({
    enabled: z.boolean().describe("Run the Cinder CSI driver and groundwork's StorageClasses."),
    defaultClass: storageClass.describe("The cluster's default StorageClass."),
    extraClasses: z.array(storageClass).default([]).describe("More StorageClasses, e.g. for a faster volume type."),
    existing: z.strictObject({ cloud: openstackCloudSettings }).optional().describe("`existing` substrate only: how to reach the cloud."),
});

export type CinderCsiSettings = z.infer<typeof cinderCsiSettings>;
