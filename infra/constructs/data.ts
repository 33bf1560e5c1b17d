import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { TABLE_KEYS } from '../../functions/adapters/dynamo/schema.js';

/**
 * The records of value: the single table (cases, ratings, bad reviews, catalog,
 * calendar; key patterns and access patterns are documented in
 * functions/adapters/dynamo/table.ts) and the salt that pseudonymises citizens' ID numbers.
 *
 * Keys come from TABLE_KEYS, which the local stack uses too, so both tables are the same.
 * `AWS::DynamoDB::Table` (not TableV2's GlobalTable) because it is available in every
 * region, the China regions included.
 */
export class Data extends Construct {
  readonly table: Table;
  readonly key: Key;
  /**
   * Salt for `personKey` = hash(ID number, salt). It must stay the same for the life
   * of the data (a new salt unlinks citizens from their earlier ratings), so it is
   * generated once and retained, and it is not rotated.
   */
  readonly personKeySalt: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.key = new Key(this, 'Key', {
      description: 'Encrypts the haochaping table: cases, ratings and bad reviews of citizens',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // NEW_AND_OLD_IMAGES: the aggregator reads rating changes from the stream.
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: TABLE_KEYS.timeToLive,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE_KEYS.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    this.personKeySalt = new Secret(this, 'PersonKeySalt', {
      description: "Salt for hashing citizens' ID numbers into person keys. Never change it: existing person keys would no longer match.",
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.personKeySalt).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'A hashing salt, not a credential: rotating it would unlink every citizen from their earlier ratings, so it must stay fixed.',
    });
  }
}
