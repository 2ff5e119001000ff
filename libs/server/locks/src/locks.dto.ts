import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsString, Length, Matches, Max, Min } from 'class-validator';

export class TreatmentStartKnownDto {
  @ApiProperty({ nullable: true, type: String, description: 'date (YYYY-MM-DD) or UTC instant' }) at!:
    string | null;
  @ApiProperty({ enum: ['actual', 'planned', 'unknown'] }) status!: string;
  @ApiProperty({ nullable: true, type: String, example: 'MedicationAdministration/123' }) source!:
    string | null;
}

export class CommitmentDto {
  @ApiProperty({ example: 'sha256-salted-canonical-json' }) algorithm!: string;
  @ApiProperty() digest!: string;
}

export class LockDeviationDto {
  @ApiProperty() subjectId!: string;
  @ApiProperty() leafIndex!: number;
  @ApiProperty({ enum: ['treatment-started-before-lock'] }) kind!: string;
  @ApiProperty({ format: 'date-time' }) lockedAt!: string;
  @ApiProperty({ type: Object }) treatmentStart!: Record<string, unknown>;
  @ApiProperty() baselineLinkVersion!: number;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) detectedAt!: string;
}

export class LockWriteBackDto {
  @ApiProperty({ enum: ['pending', 'done', 'failed'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) riskAssessment!: string | null;
  @ApiProperty({ nullable: true, type: String }) provenance!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
}

export class LockedPredictionDto {
  @ApiProperty() probability!: number;
  @ApiProperty({ enum: [0, 1] }) predictedClass!: number;
  @ApiProperty({ type: Object }) explanation!: unknown;
}

export class LockDto {
  @ApiProperty() subjectId!: string;
  @ApiProperty({ description: 'Index of the lock’s entry in the trial’s transparency log' })
  leafIndex!: number;
  @ApiProperty({ format: 'date-time', description: 'Database clock, UTC, milliseconds' }) lockedAt!: string;
  @ApiProperty() protocolVersion!: number;
  @ApiProperty() modelSha256!: string;
  @ApiProperty() imageSha256!: string;
  @ApiProperty() maskSha256!: string;
  @ApiProperty() featuresSha256!: string;
  @ApiProperty() inputsSha256!: string;
  @ApiProperty() featureSettingsSha256!: string;
  @ApiProperty() threshold!: number;
  @ApiProperty({ type: TreatmentStartKnownDto }) treatmentStartKnown!: TreatmentStartKnownDto;
  @ApiProperty({ type: CommitmentDto }) predictionCommitment!: CommitmentDto;
  @ApiProperty() baselineLinkVersion!: number;
  @ApiProperty({ description: 'False when the lock is a protocol deviation' }) inPrimaryAnalysis!: boolean;
  @ApiProperty({ type: LockDeviationDto, nullable: true }) deviation!: LockDeviationDto | null;
  @ApiProperty({ type: LockWriteBackDto, nullable: true }) fhirWriteBack!: LockWriteBackDto | null;
  @ApiPropertyOptional({ type: LockedPredictionDto, description: 'DMC and regulatory only' })
  prediction?: LockedPredictionDto;
}

export class SignedTreeHeadDto {
  @ApiProperty() trialCode!: string;
  @ApiProperty() treeSize!: number;
  @ApiProperty({ description: 'RFC 9162 Merkle tree hash, hex' }) rootHash!: string;
  @ApiProperty({ format: 'date-time' }) timestamp!: string;
  @ApiProperty({ description: 'SHA-256 of the raw Ed25519 public key' }) keyId!: string;
  @ApiProperty({ description: 'Ed25519 signature, base64url' }) signature!: string;
}

export class CosignatureDto {
  @ApiProperty() witness!: string;
  @ApiProperty() keyId!: string;
  @ApiProperty({ format: 'date-time' }) timestamp!: string;
  @ApiProperty() signature!: string;
}

export class StoredCosignatureDto extends CosignatureDto {
  @ApiProperty({ description: 'raw Ed25519 public key, base64url' }) witnessPublicKey!: string;
}

export class TreeHeadDto extends SignedTreeHeadDto {
  @ApiProperty({ enum: ['trial-created', 'lock-batch', 'daily', 'key-rotation', 'on-request'] })
  reason!: string;
  @ApiProperty({ type: [StoredCosignatureDto] }) cosignatures!: StoredCosignatureDto[];
}

export class LedgerKeyDto {
  @ApiProperty() keyId!: string;
  @ApiProperty({ description: 'raw Ed25519 public key, base64url' }) publicKey!: string;
  @ApiProperty() leafIndex!: number;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class LedgerSummaryDto {
  @ApiProperty() trialCode!: string;
  @ApiProperty() treeSize!: number;
  @ApiProperty({ type: [LedgerKeyDto], description: 'The first is the trial’s trust anchor' })
  publicKeys!: LedgerKeyDto[];
  @ApiProperty({ type: TreeHeadDto, nullable: true }) latestTreeHead!: TreeHeadDto | null;
}

export class ProofDto {
  @ApiProperty({ type: [String], description: 'hex SHA-256 hashes, RFC 9162 order' }) proof!: string[];
}

export class ReceiptDto {
  @ApiProperty({ example: 'prediction-lock-receipt' }) type!: string;
  @ApiProperty() formatVersion!: number;
  @ApiProperty() trialCode!: string;
  @ApiProperty() leafIndex!: number;
  @ApiProperty({ type: Object, description: 'The prediction-lock entry as logged' }) entry!: Record<
    string,
    unknown
  >;
  @ApiProperty({ type: [String] }) inclusionProof!: string[];
  @ApiProperty({ type: SignedTreeHeadDto }) treeHead!: SignedTreeHeadDto;
  @ApiProperty() publicKey!: string;
  @ApiPropertyOptional({ type: Object, description: 'DMC and regulatory only: the prediction and its salt' })
  opening?: Record<string, unknown>;
}

export class VerificationFailureDto {
  @ApiProperty({ example: 'root-mismatch' }) check!: string;
  @ApiPropertyOptional() index?: number;
  @ApiPropertyOptional() line?: number;
  @ApiProperty() message!: string;
}

export class LedgerVerificationDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty() trialCode!: string;
  @ApiProperty({ type: Object }) summary!: Record<string, unknown>;
  @ApiProperty({ type: [VerificationFailureDto] }) failures!: VerificationFailureDto[];
  @ApiProperty({ type: [Object] }) deviations!: Record<string, unknown>[];
  @ApiProperty({ type: Object }) databaseChecks!: Record<string, number>;
}

const HEX64 = /^[0-9a-f]{64}$/;
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export class CosignRequestDto {
  @ApiProperty({ description: 'Size of the signed head being countersigned' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  treeSize!: number;

  @ApiProperty()
  @IsString()
  @Matches(HEX64, { message: 'must be 64 lowercase hex characters' })
  rootHash!: string;

  @ApiProperty({ description: 'The head’s timestamp exactly as signed' })
  @IsString()
  @Matches(UTC_INSTANT, { message: 'must be a UTC instant like 2026-03-01T09:30:00.000Z' })
  headTimestamp!: string;

  @ApiProperty({ description: 'The witness’s raw Ed25519 public key (base64url) or SPKI PEM' })
  @IsString()
  @Length(43, 200)
  witnessPublicKey!: string;

  @ApiProperty({ type: CosignatureDto }) @IsObject() cosignature!: Record<string, unknown>;
}

export class KeyRotationRequestDto {
  @ApiProperty({ enum: ['scheduled', 'suspected-compromise', 'custodian-change'] })
  @IsIn(['scheduled', 'suspected-compromise', 'custodian-change'])
  reason!: 'scheduled' | 'suspected-compromise' | 'custodian-change';
}

export class InclusionProofQueryDto {
  @ApiProperty({ description: 'Leaf index of the entry' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  index!: number;

  @ApiProperty({ description: 'Size of the tree (a signed head’s treeSize)' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  treeSize!: number;
}

export class ConsistencyProofQueryDto {
  @ApiProperty({ description: 'The older tree size' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  from!: number;

  @ApiProperty({ description: 'The newer tree size' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  to!: number;
}
