// ARN pieces for IAM policies written in code. The partition follows from the region, so policies need no
// extra lookup (and the offline plan no mocked call).

export function awsPartition(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/** The service principal suffix differs in the China partition (ec2.amazonaws.com.cn). */
export function servicePrincipal(service: string, region: string): string {
    return awsPartition(region) === "aws-cn" ? `${service}.amazonaws.com.cn` : `${service}.amazonaws.com`;
}
