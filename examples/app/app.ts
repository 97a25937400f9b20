import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { GroundworkStack } from "groundwork";

// A small web application on a groundwork platform: a Deployment, its Service, an Ingress with a TLS
// certificate from the platform's default ClusterIssuer, and the connection to its database — every
// platform fact read from the platform stack's typed outputs, none hard-coded.

export async function app() {
    const config = new pulumi.Config("app");
    const platform = new GroundworkStack("platform", config.require("platformStack"));
    const provider = platform.kubernetesProvider("platform-k8s");
    const namespace = config.require("namespace");
    const host = config.require("host");
    const databaseName = config.require("database");
    const labels = { "app.kubernetes.io/name": "shop" };

    const database = platform.get("databases").apply((dbs) => {
        const db = dbs?.[databaseName];
        if (!db) throw new Error(`the platform has no database "${databaseName}" (it has: ${Object.keys(dbs ?? {}).join(", ") || "none"})`);
        return db;
    });

    const deployment = new k8s.apps.v1.Deployment(
        "shop",
        {
            metadata: { name: "shop", namespace, labels },
            spec: {
                replicas: 2,
                selector: { matchLabels: labels },
                template: {
                    metadata: { labels },
                    spec: {
                        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                        containers: [
                            {
                                name: "web",
                                image: "nginxinc/nginx-unprivileged:1.27.4-alpine",
                                ports: [{ name: "http", containerPort: 8080 }],
                                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
                                securityContext: {
                                    allowPrivilegeEscalation: false,
                                    capabilities: { drop: ["ALL"] },
                                    readOnlyRootFilesystem: true,
                                },
                                env: [{ name: "DATABASE_URL", valueFrom: { secretKeyRef: { name: database.secretName, key: "uri" } } }],
                            },
                        ],
                    },
                },
            },
        },
        { provider },
    );

    const service = new k8s.core.v1.Service(
        "shop",
        {
            metadata: { name: "shop", namespace, labels },
            spec: { selector: labels, ports: [{ name: "http", port: 80, targetPort: "http" }] },
        },
        { provider },
    );

    const ingress = platform.get("ingress");
    const issuers = platform.get("clusterIssuers");
    new k8s.networking.v1.Ingress(
        "shop",
        {
            metadata: {
                name: "shop",
                namespace,
                labels,
                annotations: { "cert-manager.io/cluster-issuer": issuers.apply((i) => i?.default ?? "selfsigned") },
            },
            spec: {
                ingressClassName: ingress.apply((i) => i?.className ?? ""),
                tls: [{ hosts: [host], secretName: "shop-tls" }],
                rules: [
                    {
                        host,
                        http: {
                            paths: [
                                {
                                    path: "/",
                                    pathType: "Prefix",
                                    backend: { service: { name: service.metadata.name, port: { name: "http" } } },
                                },
                            ],
                        },
                    },
                ],
            },
        },
        { provider, dependsOn: [deployment] },
    );

    return { url: `https://${host}` };
}
