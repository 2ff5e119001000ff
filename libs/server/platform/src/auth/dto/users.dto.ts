import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TRIAL_ROLES, type TrialRole } from '@prospect/domain';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

export class CreateUserDto {
  @ApiProperty({ pattern: '^[a-z0-9][a-z0-9._-]{2,63}$', example: 'coordinator1' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/, {
    message:
      'must be 3–64 characters: lower-case letters, digits, dot, underscore or hyphen, starting with a letter or digit',
  })
  username!: string;

  @ApiProperty({
    description: 'The printed name shown with the user’s electronic signatures.',
    example: 'Dr. A. Example',
  })
  @IsString()
  @Length(1, 200)
  displayName!: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  isAdmin?: boolean;

  @ApiPropertyOptional({
    format: 'password',
    description: 'Omit to generate a one-time password, returned once.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  password?: string;
}

export class ReasonDto {
  @ApiProperty({
    description: 'Why the change is made; kept in the audit trail.',
    example: 'Left the study team',
  })
  @IsString()
  @Length(3, 1000)
  reason!: string;
}

export class GrantRoleDto {
  @ApiProperty({ example: 'MM-RAD-01' })
  @IsString()
  @Length(2, 20)
  trialCode!: string;

  @ApiProperty({ enum: TRIAL_ROLES })
  @IsIn(TRIAL_ROLES)
  role!: TrialRole;

  @ApiPropertyOptional({ description: 'Why the role is granted; kept in the audit trail.' })
  @IsOptional()
  @IsString()
  @Length(3, 1000)
  reason?: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() isAdmin!: boolean;
  @ApiProperty() isActive!: boolean;
  @ApiProperty() mustChangePassword!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lockedUntil!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastLoginAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedUserDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The generated one-time password, shown only in this response.',
  })
  temporaryPassword!: string | null;
}

export class PasswordResetDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({ description: 'The new one-time password, shown only in this response.' })
  temporaryPassword!: string;
}

export class RoleAssignmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'uuid' }) trialId!: string;
  @ApiProperty() trialCode!: string;
  @ApiProperty({ enum: TRIAL_ROLES }) role!: TrialRole;
  @ApiProperty({ format: 'date-time' }) grantedAt!: string;
  @ApiProperty({ format: 'uuid' }) grantedBy!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) revokedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokeReason!: string | null;
}
