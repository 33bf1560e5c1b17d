import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { FunctionBinder } from './binding.js';
import type { ProjectFunction, TableAccess } from './lambda-function.js';
import { acknowledgeResourceFinding } from './nag.js';

/**
 * Evidence files of rectifications (整改材料): an S3 bucket encrypted by default with its
 * own customer-managed key (SSE-KMS, S3 Bucket Keys), all public access blocked, TLS 1.2+
 * only, versioned, retained with the stack, with server access logs in a second bucket
 * (SSE-S3: S3 cannot deliver access logs to an SSE-KMS bucket) kept one year.
 *
 * {@link bind} gives a function `EVIDENCE_BUCKET` and object access on this bucket only:
 * s3:GetObject (and s3:PutObject unless `access` is `read`) on its objects, s3:ListBucket
 * on the bucket (so a missing file reads as 404, not 403), the key's Decrypt (and
 * GenerateDataKey for writing). No delete: evidence is kept.
 */
export class Evidence extends Construct implements FunctionBinder {
  readonly bucket: Bucket;
  readonly key: Key;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.key = new Key(this, 'Key', {
      description: 'Encrypts the haochaping evidence bucket (rectification evidence files)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // PRC Cybersecurity Law art. 21: network logs are kept for at least six months.
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log bucket of the evidence bucket; logging it into itself or a third bucket adds nothing.',
    });

    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'evidence/',
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(7), noncurrentVersionExpiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  bind(fn: ProjectFunction, access: TableAccess = 'readWrite'): void {
    const write = access === 'readWrite';
    fn.addEnvironment('EVIDENCE_BUCKET', this.bucket.bucketName);
    fn.addToRolePolicy(
      new PolicyStatement({ actions: write ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'], resources: [this.bucket.arnForObjects('*')] }),
    );
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }));
    fn.addToRolePolicy(new PolicyStatement({ actions: write ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'], resources: [this.key.keyArn] }));
    acknowledgeResourceFinding(
      fn.role!,
      this.bucket.arnForObjects('*'),
      'Evidence files are named by review and file id at run time: get (and put) on the objects of this one bucket; no delete, no other bucket.',
    );
  }
}
