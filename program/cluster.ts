import type * as pulumi from "@pulumi/pulumi";
import { EksCluster } from "../substrates/eks/component";
import { ExistingCluster } from "../substrates/existing/component";
import { MagnumCluster } from "../substrates/magnum/component";
import { NovaCluster } from "../substrates/nova/component";
import type { ClusterHandle } from "../platform/cluster/handle";
import { openstackProvider } from "../substrates/openstack/cloud";
import type { PlatformConfig, SecretReader } from "../config/types";

// Picks the substrate's component. Each returns the same ClusterHandle; the config rules have already
// refused substrates that have no component.

export function createCluster(config: PlatformConfig, secrets: SecretReader, opts?: pulumi.ComponentResourceOptions): ClusterHandle {
    const name = config.cluster.name;
    switch (config.substrate) {
        case "existing":
            return new ExistingCluster(name, { config, secrets }, opts).handle;
        case "eks":
            return new EksCluster(name, { config, secrets }, opts).handle;
        case "magnum": {
            const provider = openstackProvider(name, config.cluster.magnum!.cloud, secrets, { parent: opts?.parent });
            return new MagnumCluster(name, { config, secrets }, { ...opts, providers: [provider] }).handle;
        }
        case "nova": {
            const provider = openstackProvider(name, config.cluster.nova!.cloud, secrets, { parent: opts?.parent });
            return new NovaCluster(name, { config, secrets }, { ...opts, providers: [provider] }).handle;
        }
        default:
            throw new Error(`internal: substrate "${config.substrate}" passed validation but has no component`);
    }
}
