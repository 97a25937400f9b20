import { z } from "zod";
import { openstackCloudSettings } from "../../substrates/openstack/settings";

// The settings of openstack-cloud-controller-manager under `addons.openstackCloudControllerManager` in the stack config.

export const openstackCloudControllerManagerSettings = z.strictObject({
    enabled: z
        .boolean()
        .describe("Run the OpenStack cloud-controller-manager: node initialisation and Octavia load balancers for Services."),
    existing: z
        .strictObject({
            cloud: openstackCloudSettings,
            subnetId: z.string().min(1).describe("Neutron subnet ID of the nodes: load balancer VIPs and members."),
            floatingNetworkId: z
                .string()
                .min(1)
                .optional()
                .describe("External network ID for load balancers' floating IPs; none when unset."),
        })
        .optional()
        .describe("`existing` substrate only (nova and magnum know their cloud): how to reach the cloud and where load balancers go."),
});

export type OpenstackCloudControllerManagerSettings = z.infer<typeof openstackCloudControllerManagerSettings>;
