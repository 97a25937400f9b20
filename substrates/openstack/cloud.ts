import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import type { OpenStackCloudSettings } from "./settings";
import type { SecretReader } from "../../config/types";
import { defaultLbAlgorithm, octaviaCapabilities, type OctaviaProvider } from "./octavia";

// The cloud.conf that the cluster's OpenStack controllers read (cloud-controller-manager, Cinder CSI),
// built from an application credential held in secret config. Shared by the magnum and nova substrates
// and by the OpenStack addons on `existing`.

export interface CloudConfigArgs {
    cloud: OpenStackCloudSettings;
    secrets: SecretReader;
    /** [LoadBalancer] section: where Octavia puts Service load balancers. */
    loadBalancer?: {
        subnetId: pulumi.Input<string>;
        floatingNetworkId?: pulumi.Input<string>;
        lbProvider?: OctaviaProvider;
        /** Health monitors: needed for externalTrafficPolicy: Local. */
        createMonitor?: boolean;
    };
}

/** INI value: the chart and the controllers read quoted strings; quotes and backslashes escaped. */
const quote = (v: string | boolean) => `"${String(v).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

export function renderCloudConfig(sections: Record<string, Record<string, string | boolean | undefined>>): string {
    return `${Object.entries(sections)
        .map(([section, entries]) => {
            const lines = Object.entries(entries)
                .filter(([, v]) => v !== undefined && v !== "")
                .map(([k, v]) => `${k}=${quote(v as string | boolean)}`);
            return [`[${section}]`, ...lines].join("\n");
        })
        .join("\n\n")}\n`;
}

function lbMethodOf(provider: OctaviaProvider | undefined): string | undefined {
    const roundRobin = provider && octaviaCapabilities[provider].algorithms.includes("ROUND_ROBIN");
    return provider && !roundRobin ? defaultLbAlgorithm(provider) : undefined;
}

/** The cloud.conf as a Pulumi secret. */
export function cloudConfig(args: CloudConfigArgs): pulumi.Output<string> {
    const { cloud, secrets, loadBalancer } = args;
    const text = pulumi
        .all([
            secrets(cloud.applicationCredentialId),
            secrets(cloud.applicationCredentialSecret),
            loadBalancer?.subnetId ?? "",
            loadBalancer?.floatingNetworkId ?? "",
        ])
        .apply(([id, secret, subnetId, floatingNetworkId]) =>
            renderCloudConfig({
                Global: {
                    "auth-url": cloud.authUrl,
                    region: cloud.region,
                    "application-credential-id": id,
                    "application-credential-secret": secret,
                },
                ...(loadBalancer
                    ? {
                          LoadBalancer: {
                              "subnet-id": subnetId,
                              "floating-network-id": floatingNetworkId,
                              "lb-provider": loadBalancer.lbProvider,
                              // The controller's default is ROUND_ROBIN; a driver without it (ovn) gets its own.
                              "lb-method": lbMethodOf(loadBalancer.lbProvider),
                              "create-monitor": loadBalancer.createMonitor ?? true,
                          },
                      }
                    : {}),
                BlockStorage: { "ignore-volume-az": true },
            }),
        );
    return pulumi.secret(text);
}

/**
 * The Pulumi OpenStack provider of a cluster: the same application credential as the cloud.conf, so a
 * preview or `up` reaches the configured cloud and project whatever clouds.yaml or OS_* variables the
 * shell happens to have. Given to the substrate component as `providers`, every OpenStack resource and
 * function call below it uses this provider (children inherit it), never the ambient default provider.
 */
export function openstackProvider(
    name: string,
    cloud: OpenStackCloudSettings,
    secrets: SecretReader,
    opts?: pulumi.CustomResourceOptions,
): openstack.Provider {
    return new openstack.Provider(
        `${name}-openstack`,
        {
            authUrl: cloud.authUrl,
            region: cloud.region,
            applicationCredentialId: secrets(cloud.applicationCredentialId),
            applicationCredentialSecret: secrets(cloud.applicationCredentialSecret),
        },
        opts,
    );
}
