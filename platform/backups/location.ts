import * as pulumi from "@pulumi/pulumi";

/** Static S3 keys, where no workload identity exists: from a secret config value `accessKeyId:secretAccessKey`. */
export interface StaticCredentials {
    readonly accessKeyId: pulumi.Output<string>;
    readonly secretAccessKey: pulumi.Output<string>;
}

export function parseStaticCredentials(value: pulumi.Output<string>): StaticCredentials {
    const parts = value.apply((v) => {
        const cut = v.indexOf(":");
        if (cut <= 0) throw new Error("backups.objectStore.credentials: expected `accessKeyId:secretAccessKey`, got a value without ':'");
        return { id: v.slice(0, cut), key: v.slice(cut + 1) };
    });
    return { accessKeyId: pulumi.secret(parts.apply((p) => p.id)), secretAccessKey: pulumi.secret(parts.apply((p) => p.key)) };
}
