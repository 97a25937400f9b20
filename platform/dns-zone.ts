import * as pulumi from "@pulumi/pulumi";
import * as aws from "./aws-sdk";
import { parse, stringify } from "yaml";
import type { ClusterHandle } from "./cluster/handle";
import type { PlatformConfig, SecretReader } from "../config/types";
import { awsPartition } from "../model/aws-arn";

// The DNS zone the platform writes into (`dns.zone`), as ExternalDNS and cert-manager's DNS01 solvers
// need it: the Route53 hosted zone (ID and ARN, to scope IAM policies to that zone alone) or the
// Designate credentials. Not an addon: shared helpers and rules.

export interface Route53Zone {
    readonly zoneId: pulumi.Output<string>;
    /** `arn:<partition>:route53:::hostedzone/<id>`: the only zone the platform's roles may change. */
    readonly arn: pulumi.Output<string>;
}

/** The hosted zone of `zone`: the EKS substrate's when it manages it, otherwise looked up by name. */
export function route53Zone(cluster: ClusterHandle, zone: string): Route53Zone {
    const zoneId =
        cluster.aws?.hostedZoneId ??
        aws.route53.getZoneOutput(
            { name: zone, privateZone: false },
            cluster.aws?.provider ? { provider: cluster.aws.provider } : undefined,
        ).zoneId;
    const partition = awsPartition(cluster.aws?.region ?? "");
    return { zoneId, arn: pulumi.interpolate`arn:${partition}:route53:::hostedzone/${zoneId}` };
}

/** The `openstack` cloud (or the only one) of a clouds.yaml, as the OS_* variables gophercloud-style tools read. */
export function openstackEnv(cloudsYaml: string): Record<string, string> {
    const doc = (parse(cloudsYaml) ?? {}) as { clouds?: Record<string, any> };
    const clouds = doc.clouds ?? {};
    const cloud = clouds.openstack ?? Object.values(clouds)[0] ?? {};
    const auth = cloud.auth ?? {};
    const env: Record<string, string | undefined> = {
        OS_AUTH_URL: auth.auth_url,
        OS_REGION_NAME: cloud.region_name,
        OS_APPLICATION_CREDENTIAL_ID: auth.application_credential_id,
        OS_APPLICATION_CREDENTIAL_SECRET: auth.application_credential_secret,
        OS_USERNAME: auth.username,
        OS_PASSWORD: auth.password,
        OS_PROJECT_ID: auth.project_id,
        OS_PROJECT_NAME: auth.project_name,
        OS_DOMAIN_NAME: auth.user_domain_name ?? auth.domain_name,
    };
    return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
}

/** The clouds.yaml Designate clients use: `dns.cloudsYaml`, else one built from the OpenStack cluster's credential. */
export function designateCloudsYaml(cluster: ClusterHandle, dns: PlatformConfig["dns"], secrets: SecretReader): pulumi.Output<string> {
    if (dns.cloudsYaml) return secrets(dns.cloudsYaml);
    if (!cluster.openstack) throw new Error("internal: Designate without dns.cloudsYaml needs an OpenStack cluster's credential");
    return pulumi.secret(cluster.openstack.cloudConfig.apply(cloudsYamlOfCloudConfig));
}

/** A clouds.yaml (cloud "openstack") with the application credential of a cloud.conf's [Global] section. */
export function cloudsYamlOfCloudConfig(cloudConf: string): string {
    const global: Record<string, string> = {};
    let section = "";
    for (const line of cloudConf.split("\n")) {
        const header = /^\[(.+)\]$/.exec(line.trim());
        if (header) section = header[1];
        const entry = /^([\w-]+)\s*=\s*"?(.*?)"?$/.exec(line.trim());
        if (entry && section === "Global") global[entry[1]] = entry[2].replace(/\\(["\\])/g, "$1");
    }
    return stringify({
        clouds: {
            openstack: {
                auth_type: "v3applicationcredential",
                auth: {
                    auth_url: global["auth-url"],
                    application_credential_id: global["application-credential-id"],
                    application_credential_secret: global["application-credential-secret"],
                },
                region_name: global.region,
                interface: "public",
                identity_api_version: 3,
            },
        },
    });
}
