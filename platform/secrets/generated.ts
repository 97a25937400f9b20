import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

// Generated secrets (replaces the Magnum (Jetstream2) reference platform's kubernetes-secret-generator): every password the platform invents
// comes from here, so it is created once, kept in Pulumi state as a secret, and never printed.

export interface GeneratedSecretArgs {
    /** Characters; 32 unless told. */
    length?: number;
    /** Allow punctuation. Off by default: these end up in URIs, env files and Helm values references. */
    special?: boolean;
}

/**
 * A random password as a Pulumi secret. The logical name is `${name}-password`; rotate it with
 * `pulumi up --replace <urn>` (consumers read it from the Kubernetes Secret the caller writes).
 */
export function generatedSecret(scope: pulumi.Resource, name: string, args: GeneratedSecretArgs = {}): pulumi.Output<string> {
    const password = new random.RandomPassword(
        `${name}-password`,
        { length: args.length ?? 32, special: args.special ?? false, minLower: 1, minUpper: 1, minNumeric: 1 },
        { parent: scope },
    );
    return pulumi.secret(password.result);
}
