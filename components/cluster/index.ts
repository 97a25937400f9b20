import * as pulumi from "@pulumi/pulumi";
import { EksCluster } from "./eks";
import { ExistingCluster } from "./existing";
import { MagnumCluster } from "./magnum";
import { NovaCluster } from "./nova/cluster";
import type { ClusterHandle } from "./handle";
import type { PlatformConfig, SecretReader } from "../../stacks/types";

// Picks the substrate's component. Each returns the same ClusterHandle; the config rules have already
// refused substrates that have no component.

export function createCluster(config: PlatformConfig, secrets: SecretReader, opts?: pulumi.ComponentResourceOptions): ClusterHandle {
    const name = config.cluster.name;
    switch (config.substrate) {
        case "existing":
            return new ExistingCluster(name, { config, secrets }, opts).handle;
        case "eks":
            return new EksCluster(name, { config, secrets }, opts).handle;
        case "magnum":
            return new MagnumCluster(name, { config, secrets }, opts).handle;
        case "nova":
            return new NovaCluster(name, { config, secrets }, opts).handle;
        default:
            throw new Error(`internal: substrate "${config.substrate}" passed validation but has no component`);
    }
}
